"""STIR/SHAKEN results feed call screening (the seed-000 spoofing case)."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from fanzha.callerid.shaken import (
    CertFetcher,
    FetchPolicy,
    Signer,
    TrustStore,
    Verifier,
    make_root,
    make_sti_cert,
    tn_auth_list,
)
from fanzha.core import CallEvent, Ingress
from fanzha.numbers import NumberIntelligence
from fanzha.screening import Action, CallScreener

X5U = "https://cert.carrier.example/sti.pem"
CALLER, CALLEE = "+8613812345678", "13900001111"


@pytest.fixture(scope="module")
def pki() -> tuple[Signer, Signer, CallScreener]:
    root = make_root()
    carrier_key, carrier_cert = make_sti_cert(root, tn_auth_list(spc="1001"))
    gateway_key, gateway_cert = make_sti_cert(root, tn_auth_list(spc="9009"))
    fetcher = CertFetcher(FetchPolicy())
    fetcher.put(X5U, carrier_cert.public_bytes(Encoding.PEM))
    fetcher.put(X5U + "?gw", gateway_cert.public_bytes(Encoding.PEM))
    trust = TrustStore.from_pem(root[1].public_bytes(Encoding.PEM))
    screener = CallScreener(
        intelligence=NumberIntelligence(cache_seconds=0), verifier=Verifier(trust, fetcher)
    )
    return Signer(carrier_key, X5U), Signer(gateway_key, X5U + "?gw"), screener


def screen(screener: CallScreener, identity: str | None, ingress: Ingress):  # type: ignore[no-untyped-def]
    return screener.screen(CallEvent(CALLER, CALLEE, ingress, identity=identity))


def test_carrier_signed_call_from_abroad_is_a_roaming_subscriber(pki) -> None:  # type: ignore[no-untyped-def]
    carrier, _, screener = pki
    decision = screen(screener, carrier.sign(CALLER, CALLEE, "A"), Ingress.INTERNATIONAL)
    assert decision.verification.verstat.value == "TN-Validation-Passed"
    assert decision.action is Action.ALLOW
    assert decision.to_dict()["verification"]["attest"] == "A"


def test_unsigned_domestic_number_from_abroad_is_blocked(pki) -> None:  # type: ignore[no-untyped-def]
    _, _, screener = pki
    decision = screen(screener, None, Ingress.INTERNATIONAL)
    assert decision.verification is None
    assert decision.action is Action.BLOCK


def test_gateway_attestation_c_does_not_vouch(pki) -> None:  # type: ignore[no-untyped-def]
    _, gateway, screener = pki
    decision = screen(screener, gateway.sign(CALLER, CALLEE, "C"), Ingress.INTERNATIONAL)
    assert decision.action is Action.BLOCK
    spoof = decision.findings[0]
    assert spoof.code == "CALLERID.INTL_GATEWAY_DOMESTIC_CLI"
    assert spoof.evidence["attest"] == "C"


def test_tampered_identity_fails_and_counts_as_evidence(pki) -> None:  # type: ignore[no-untyped-def]
    carrier, _, screener = pki
    identity = carrier.sign(CALLER, "13900002222", "A")  # signed for another callee
    decision = screen(screener, identity, Ingress.DOMESTIC)
    assert decision.verification.verstat.value == "TN-Validation-Failed"
    assert "CALLERID.SHAKEN_FAILED" in decision.codes
    assert decision.action is Action.WARN


def test_stale_identity_fails(pki) -> None:  # type: ignore[no-untyped-def]
    carrier, _, screener = pki
    identity = carrier.sign(CALLER, CALLEE, "A", iat=int(time.time()) - 3600)
    decision = screen(screener, identity, Ingress.DOMESTIC)
    assert "SHAKEN.STALE_IAT" in decision.to_dict()["verification"]["findings"][0]["code"]
    assert "CALLERID.SHAKEN_FAILED" in decision.codes


def test_domestic_attestation_c_is_a_weak_signal(pki) -> None:  # type: ignore[no-untyped-def]
    _, gateway, screener = pki
    decision = screen(screener, gateway.sign(CALLER, CALLEE, "C"), Ingress.DOMESTIC)
    assert decision.codes == ["CALLERID.SHAKEN_ATTEST_C"]
    assert decision.action is Action.ALLOW


def test_garbage_identity_never_raises(pki) -> None:  # type: ignore[no-untyped-def]
    _, _, screener = pki
    decision = screen(screener, "not;a=token\x00" * 50, Ingress.DOMESTIC)
    assert decision.verification.verstat.value == "TN-Validation-Failed"
