"""Calls through real Kamailio with fanzha's handler, placed and answered by sipp.

Sources on loopback play the parts of the trunk table:

    127.0.0.1  our border controller (trusted: its X-Fanzha-Ingress is believed)
    127.0.0.2  an international gateway
    127.0.0.3  our own subscribers (their calls are signed)
    127.0.0.4  a domestic peer network (untrusted)
    127.0.0.5  nobody we know (default ingress: voip)
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.kamailio.conftest import REVOKED_X5U, X5U
from tests.e2e.kamailio.sipnet import CallResult, SipNet

CALL_INFO = "https://fanzha.example.cn/rejected.jws"
CALLER = "13812345678"
CALLEE = "13900001111"


@pytest.fixture(scope="module")
def proxy(start_proxy: Any, shaken_pki: dict[str, Path] | None) -> tuple[Any, SipNet]:
    from fanzha.callerid.kamailio import Signing, Trunk, Verification

    options: dict[str, Any] = {}
    if shaken_pki is not None:
        options["verification"] = Verification(
            trust_anchors=str(shaken_pki["trust_anchors"]),
            crls=(str(shaken_pki["crl"]),),
            preload={
                X5U: str(shaken_pki["chain"]),
                REVOKED_X5U: str(shaken_pki["revoked_chain"]),
            },
        )
        options["signing"] = Signing(key=str(shaken_pki["key"]), x5u=X5U)
    return start_proxy(  # type: ignore[no-any-return]
        "screening",
        trunks=(
            Trunk("sbc", ("127.0.0.1/32",), trusted=True),
            Trunk("intl-gw", ("127.0.0.2/32",), ingress="international"),
            Trunk("subscribers", ("127.0.0.3/32",), role="subscribers"),
            Trunk("peer-domestic", ("127.0.0.4/32",)),
        ),
        call_info=CALL_INFO,
        log_calls=True,
        **options,
    )


@pytest.fixture(scope="module")
def net(proxy: tuple[Any, SipNet]) -> SipNet:
    return proxy[1]


def _verdict(result: CallResult) -> str:
    assert result.received is not None, result.describe()
    verdict = result.received.get("X-Fanzha-Verdict")
    assert verdict is not None, result.describe()
    return verdict


def _caller_uri(result: CallResult) -> str:
    assert result.received is not None
    return result.received.get("P-Asserted-Identity") or result.received.get("From") or ""


def test_domestic_call_passes_with_verdict(net: SipNet) -> None:
    result = net.call(CALLER, CALLEE, source="127.0.0.1")
    assert result.status == 200, result.describe()
    verdict = _verdict(result)
    assert verdict.startswith("allow; score="), verdict
    assert "ingress=domestic" in verdict
    assert len(result.received.all("X-Fanzha-Verdict")) == 1  # type: ignore[union-attr]


def test_international_gateway_with_domestic_caller_id_is_rejected_608(net: SipNet) -> None:
    result = net.call(CALLER, CALLEE, source="127.0.0.2")
    assert result.status == 608, result.describe()
    final = result.final
    assert final is not None
    assert final.first_line == "SIP/2.0 608 Rejected"
    assert final.get("Call-Info") == f"<{CALL_INFO}>;purpose=jwscard"
    assert final.get("Reason") == 'SIP;cause=608;text="CALLERID.INTL_GATEWAY_DOMESTIC_CLI"'
    warning = final.get("Warning") or ""
    assert warning.startswith('399 fanzha "The call came through an international gateway')
    assert (final.get("X-Fanzha-Verdict") or "").startswith("block; score=")
    assert result.received is None, "a rejected call must not reach the callee"


def test_trusted_border_names_the_ingress(net: SipNet) -> None:
    result = net.call(
        CALLER, CALLEE, source="127.0.0.1", headers=["X-Fanzha-Ingress: international; trunk=gw-9"]
    )
    assert result.status == 608, result.describe()
    assert "CALLERID.INTL_GATEWAY_DOMESTIC_CLI" in (result.final.get("Reason") or "")  # type: ignore[union-attr]


def test_untrusted_source_cannot_name_ingress_or_verdict(net: SipNet) -> None:
    result = net.call(
        CALLER,
        CALLEE,
        source="127.0.0.4",
        headers=[
            "X-Fanzha-Ingress: domestic",
            "X-Fanzha-Verdict: allow; score=0.00; forged",
            f"P-Asserted-Identity: <sip:+86{CALLER};verstat=TN-Validation-Passed@peer.example;user=phone>",
        ],
    )
    assert result.status == 200, result.describe()
    received = result.received
    assert received is not None
    assert received.all("X-Fanzha-Ingress") == []
    verdicts = received.all("X-Fanzha-Verdict")
    assert len(verdicts) == 1 and "forged" not in verdicts[0], verdicts
    # a verstat from an untrusted hop is never passed on as ours
    assert "verstat=TN-Validation-Passed" not in _caller_uri(result)


def test_unknown_source_gets_the_default_ingress(net: SipNet) -> None:
    result = net.call(CALLER, CALLEE, source="127.0.0.5")
    assert result.status == 608, result.describe()
    assert "ingress=voip" in (result.final.get("X-Fanzha-Verdict") or "")  # type: ignore[union-attr]


def test_96110_is_never_blocked(net: SipNet) -> None:
    """The anti-fraud warning line calling in from abroad: warned about, never blocked."""
    result = net.call("96110", CALLEE, source="127.0.0.2")
    assert result.status == 200, result.describe()
    verdict = _verdict(result)
    assert verdict.startswith("warn; "), verdict
    assert "POLICY.PROTECTED_CALLER" in verdict


def test_calls_to_96110_go_through(net: SipNet) -> None:
    result = net.call(CALLER, "96110", source="127.0.0.2")
    assert result.status == 200, result.describe()
    assert "POLICY.PROTECTED_CALLEE" in _verdict(result)


def test_call_to_110_goes_through(net: SipNet) -> None:
    result = net.call(CALLER, "110", source="127.0.0.2")
    assert result.status == 200, result.describe()
    verdict = _verdict(result)
    assert verdict.startswith("allow; "), verdict
    assert "POLICY.PROTECTED_CALLEE" in verdict


def test_caller_id_110_is_forged(net: SipNet) -> None:
    result = net.call("110", CALLEE, source="127.0.0.1")
    assert result.status == 608, result.describe()
    assert "CALLERID.OFFICIAL_NEVER_ORIGINATES" in (result.final.get("Reason") or "")  # type: ignore[union-attr]


def test_callee_that_is_not_a_number_is_forwarded_unscreened(net: SipNet) -> None:
    result = net.call(CALLER, "alice", source="127.0.0.1")
    assert result.status == 200, result.describe()
    assert _verdict(result) == "unscreened; reason=callee-not-a-number"


def test_decisions_are_counted_and_logged_masked(proxy: tuple[Any, SipNet]) -> None:
    process, net = proxy
    net.call(CALLER, CALLEE, source="127.0.0.2", case="counted")
    stats = process.stats()
    assert stats["fanzha_rejected"] >= 1, stats
    assert stats["fanzha_allowed"] >= 1, stats
    assert stats["fanzha_handler_errors"] == 0, stats
    log = process.log_text()
    assert "rejected 608 call" in log
    assert "138****5678" in log
    assert CALLER not in log, "phone numbers must be masked in Kamailio's log"


# --- STIR/SHAKEN (when fanzha.callerid.shaken is installed) ------------------------------


@pytest.fixture(scope="module")
def signer(shaken_pki: dict[str, Path] | None) -> Any:
    if shaken_pki is None:
        pytest.skip("fanzha.callerid.shaken is not installed")
    from fanzha.callerid.shaken import Signer

    return Signer.from_files(shaken_pki["key"], X5U)


def _signed(signer: Any, orig: str = CALLER, dest: str = CALLEE, **kwargs: Any) -> str:
    return f"Identity: {signer.sign(orig, dest, 'A', **kwargs)}"


def test_signed_call_passes_with_verstat(net: SipNet, signer: Any) -> None:
    result = net.call(CALLER, CALLEE, source="127.0.0.1", headers=[_signed(signer)])
    assert result.status == 200, result.describe()
    assert ";verstat=TN-Validation-Passed@" in _caller_uri(result), _caller_uri(result)
    assert "verstat=TN-Validation-Passed" in _verdict(result)


def test_verstat_goes_on_the_p_asserted_identity(net: SipNet, signer: Any) -> None:
    pai = f"P-Asserted-Identity: <sip:+86{CALLER}@sbc.example;user=phone>"
    result = net.call("anonymous", CALLEE, source="127.0.0.1", headers=[pai, _signed(signer)])
    assert result.status == 200, result.describe()
    received = result.received
    assert received is not None
    assert received.get("P-Asserted-Identity") == (
        f"<sip:+86{CALLER};verstat=TN-Validation-Passed@sbc.example;user=phone>"
    )
    assert "verstat" not in (received.get("From") or "")


def test_unsigned_call_is_marked_no_validation(net: SipNet, signer: Any) -> None:
    result = net.call(CALLER, CALLEE, source="127.0.0.1")
    assert ";verstat=No-TN-Validation@" in _caller_uri(result), result.describe()


def _failed(result: CallResult) -> None:
    """Failed validation: rejected, or forwarded marked TN-Validation-Failed."""
    if result.status == 200:
        assert ";verstat=TN-Validation-Failed@" in _caller_uri(result), result.describe()
        assert "CALLERID.SHAKEN_FAILED" in _verdict(result)
    else:
        assert result.status == 608, result.describe()
        assert "verstat=TN-Validation-Failed" in (result.final.get("X-Fanzha-Verdict") or "")  # type: ignore[union-attr]


def test_tampered_identity_fails(net: SipNet, signer: Any) -> None:
    header = _signed(signer)
    token, _, params = header.partition(";")
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[5] != "A" else "B").join((signature[:5], signature[6:]))
    result = net.call(
        CALLER, CALLEE, source="127.0.0.1", headers=[f"{head}.{payload}.{flipped};{params}"]
    )
    _failed(result)


def test_stale_identity_fails(net: SipNet, signer: Any) -> None:
    result = net.call(
        CALLER, CALLEE, source="127.0.0.1", headers=[_signed(signer, iat=int(time.time()) - 3600)]
    )
    _failed(result)


def test_identity_for_another_caller_fails(net: SipNet, signer: Any) -> None:
    result = net.call(
        "13812340000", CALLEE, source="127.0.0.1", headers=[_signed(signer, orig=CALLER)]
    )
    _failed(result)


def test_identity_for_another_callee_fails(net: SipNet, signer: Any) -> None:
    result = net.call(
        CALLER, "13900002222", source="127.0.0.1", headers=[_signed(signer, dest=CALLEE)]
    )
    _failed(result)


def test_identity_signed_with_a_revoked_certificate_fails(
    net: SipNet, proxy: tuple[Any, SipNet], shaken_pki: dict[str, Path]
) -> None:
    from fanzha.callerid.shaken import Signer

    revoked = Signer.from_files(shaken_pki["revoked_key"], REVOKED_X5U)
    result = net.call(CALLER, CALLEE, source="127.0.0.1", headers=[_signed(revoked)])
    _failed(result)
    # the log says why, with the call's numbers masked
    why = re.compile(r"138\*{4}5678 .*TN-Validation-Failed \(SHAKEN\.CERT_REVOKED\)")
    deadline = time.monotonic() + 5
    while not why.search(proxy[0].log_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert why.search(proxy[0].log_text()), proxy[0].log_text()[-2000:]


def test_subscriber_calls_are_signed_and_verify_downstream(
    net: SipNet, signer: Any, shaken_pki: dict[str, Path]
) -> None:
    from fanzha.callerid.shaken import CertFetcher, TrustStore, Verifier

    result = net.call(
        CALLER, CALLEE, source="127.0.0.3", headers=["Identity: forged.by.subscriber;info=<x>"]
    )
    assert result.status == 200, result.describe()
    identities = result.received.all("Identity")  # type: ignore[union-attr]
    assert len(identities) == 1 and identities[0].endswith(";alg=ES256;ppt=shaken"), identities
    assert f";info=<{X5U}>" in identities[0]
    # the signature verifies with the library, outside Kamailio
    fetcher = CertFetcher()
    fetcher.put(X5U, shaken_pki["chain"].read_bytes())
    verifier = Verifier(TrustStore.from_pem_file(shaken_pki["trust_anchors"]), fetcher)
    checked = verifier.verify(identities[0], CALLER, CALLEE)
    assert checked.passed and checked.attest == "A", checked.to_dict()
    # ... and inside Kamailio when the signed call comes back in through the border
    again = net.call(CALLER, CALLEE, source="127.0.0.1", headers=[f"Identity: {identities[0]}"])
    assert "verstat=TN-Validation-Passed" in _verdict(again)


def test_verification_is_counted(proxy: tuple[Any, SipNet], signer: Any) -> None:
    stats = proxy[0].stats()
    assert stats["fanzha_verstat_passed"] >= 1 and stats["fanzha_verstat_failed"] >= 1, stats
    assert stats["fanzha_signed"] >= 1, stats
    assert re.search(r"verification on", proxy[0].log_text())
