"""Interoperability with Kamailio's own STIR/SHAKEN module (secsipid / libsecsipid).

PASSporTs signed by fanzha verify in secsipid, and those secsipid signs verify
in fanzha, both ways with the same STI key and certificate. Needs the Debian
package kamailio-secsipid-modules (and fanzha.callerid.shaken).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.kamailio.conftest import X5U
from tests.e2e.kamailio.sipnet import SCENARIOS, SKIP_ENV, SipMessage, free_udp_port, send_invite

CALLER = "8613812345678"  # SHAKEN form (E.164 digits without '+'), as secsipid signs $fU as given
CALLEE = "8613900001111"


@pytest.fixture(scope="module")
def secsipid(
    sip_tools: None, shaken_pki: dict[str, Path] | None, workdir: Path
) -> Iterator[tuple[str, int]]:
    from fanzha.callerid.kamailio import find_module_dir
    from fanzha.callerid.kamailio.launcher import KamailioProcess
    from fanzha.callerid.kamailio.render import Rendered

    if shaken_pki is None:
        pytest.skip("fanzha.callerid.shaken is not installed")
    modules = find_module_dir("secsipid.so")
    if modules is None:
        message = (
            "kamailio-secsipid-modules is not installed (apt-get install kamailio-secsipid-modules)"
        )
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    from fanzha.callerid.kamailio import Mode, simple_config

    port = free_udp_port()
    run_dir = workdir / "secsipid"
    run_dir.mkdir()
    text = (SCENARIOS / "secsipid.cfg").read_text()
    for name, value in {
        "PORT": str(port), "MODULES": modules, "CERT": str(shaken_pki["cert"]), "X5U": X5U,
        "KEY": str(shaken_pki["key"]),
    }.items():  # fmt: skip
        text = text.replace(f"@@{name}@@", value)
    cfg = run_dir / "kamailio.cfg"
    cfg.write_text(text)
    config = simple_config(f"127.0.0.1:{port}", "127.0.0.1:9", mode=Mode.PLAIN)
    rendered = Rendered(run_dir, cfg, None, None, run_dir / "kamailio_ctl", config)
    process = KamailioProcess(rendered, run_dir / "kamailio.log")
    process.start(timeout=30)
    try:
        yield "127.0.0.1", port
    finally:
        process.stop()


@pytest.fixture(scope="module")
def fanzha_side(shaken_pki: dict[str, Path]) -> tuple[Any, Any]:
    from fanzha.callerid.shaken import CertFetcher, Signer, TrustStore, Verifier

    fetcher = CertFetcher()
    fetcher.put(X5U, shaken_pki["chain"].read_bytes())
    verifier = Verifier(TrustStore.from_pem_file(shaken_pki["trust_anchors"]), fetcher)
    return Signer.from_files(shaken_pki["key"], X5U), verifier


def _check(secsipid: tuple[str, int], identity: str) -> SipMessage:
    return send_invite(*secsipid, CALLER, CALLEE, ["X-Interop: check", f"Identity: {identity}"])


def test_fanzha_signature_verifies_in_secsipid(
    secsipid: tuple[str, int], fanzha_side: tuple[Any, Any]
) -> None:
    signer, _ = fanzha_side
    reply = _check(secsipid, signer.sign("+" + CALLER, "+" + CALLEE, "A"))
    assert reply.first_line == "SIP/2.0 603 Verified by secsipid", reply


def test_secsipid_refuses_a_tampered_fanzha_signature(
    secsipid: tuple[str, int], fanzha_side: tuple[Any, Any]
) -> None:
    signer, _ = fanzha_side
    token, _, params = signer.sign("+" + CALLER, "+" + CALLEE, "A").partition(";")
    head, payload, signature = token.split(".")
    bad = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    reply = _check(secsipid, f"{head}.{payload}.{bad};{params}")
    assert reply.first_line == "SIP/2.0 603 Not verified by secsipid", reply


def test_secsipid_signature_verifies_in_fanzha(
    secsipid: tuple[str, int], fanzha_side: tuple[Any, Any]
) -> None:
    _, verifier = fanzha_side
    reply = send_invite(*secsipid, CALLER, CALLEE, [])
    assert reply.first_line == "SIP/2.0 603 Signed by secsipid", reply
    identity = reply.get("X-Identity")
    assert identity, reply
    result = verifier.verify(identity, "+" + CALLER, "+" + CALLEE, now=time.time())
    assert result.passed, result.to_dict()
    assert result.attest == "A"
    tampered = verifier.verify(identity, "+8613812340000", "+" + CALLEE)
    assert not tampered.passed
