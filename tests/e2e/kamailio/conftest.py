"""Fixtures: real Kamailio (foreground, rendered config) and sipp on loopback.

Kamailio and sipp come from Debian (kamailio, kamailio-python3-modules,
sip-tester). Missing tools FAIL these tests with the install command, because
CI installs them and a silent skip would hide untested code; set
FANZHA_TEST_SKIP_SIP=1 to skip them on a machine without them.

Every proxy runs on random free ports in its own temporary run directory and
is stopped at the end of its module, also when a test fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.kamailio.sipnet import (
    SKIP_ENV,
    SipNet,
    Uas,
    free_udp_port,
    install_hint,
    missing_sip_tools,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
X5U = "https://certs.fanzha.test/sti/sti-chain.pem"
REVOKED_X5U = "https://certs.fanzha.test/revoked/sti-chain.pem"


@pytest.fixture(scope="session")
def sip_tools() -> None:
    missing = missing_sip_tools()
    if not missing:
        return
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1 and {', '.join(missing)} missing")
    pytest.fail(install_hint(missing), pytrace=False)


@pytest.fixture(scope="session")
def shaken_pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path] | None:
    """A test STI PKI (root, intermediate, one STI certificate for +86 13x numbers, and
    a second one for the same numbers that the CA has revoked: ``crl``)."""
    try:
        from fanzha.callerid import shaken
    except ImportError:
        return None
    folder = tmp_path_factory.mktemp("sti-pki")
    ca = shaken.init_ca(folder / "ca")
    sti = shaken.issue_cert(
        folder / "ca",
        folder / "sti",
        shaken.tn_auth_list(tn_ranges=["8613000000000-8613999999999"]),
    )
    revoked = shaken.issue_cert(
        folder / "ca",
        folder / "revoked",
        shaken.tn_auth_list(tn_ranges=["8613000000000-8613999999999"]),
    )
    crl = shaken.revoke_cert(folder / "ca", revoked.cert, reason="key-compromise").crl
    return {
        "trust_anchors": ca.trust_anchors,
        "key": sti.key,
        "cert": sti.cert,
        "chain": sti.chain,
        "crl": crl,
        "revoked_key": revoked.key,
        "revoked_chain": revoked.chain,
    }


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sip")


@pytest.fixture(scope="module")
def uas(sip_tools: None, workdir: Path) -> Iterator[Uas]:
    server = Uas("127.0.0.1", free_udp_port(), workdir / "uas-messages.log").start(workdir)
    try:
        yield server
    finally:
        server.stop()


ProxyFactory = Callable[..., tuple[Any, SipNet]]


@pytest.fixture(scope="module")
def start_proxy(sip_tools: None, uas: Uas, workdir: Path) -> Iterator[ProxyFactory]:
    """start_proxy(name, **config) -> (KamailioProcess, SipNet); stopped at module end."""
    from fanzha.callerid.kamailio import render, simple_config
    from fanzha.callerid.kamailio.launcher import KamailioProcess

    started: list[KamailioProcess] = []

    def start(name: str, **options: Any) -> tuple[KamailioProcess, SipNet]:
        port = free_udp_port()
        run_dir = workdir / name
        env = dict(options.pop("fanzha_env", {}))
        env.setdefault("FANZHA_DATA_DIR", str(run_dir / "data"))
        options.setdefault("children", 2)
        options.setdefault("shm_mb", 64)
        config = simple_config(
            f"127.0.0.1:{port}", f"{uas.host}:{uas.port}", fanzha_env=env, **options
        )
        process = KamailioProcess(render(config, run_dir), run_dir / "kamailio.log")
        started.append(process)
        process.start(timeout=45)
        return process, SipNet(("127.0.0.1", port), uas, workdir)

    try:
        yield start
    finally:
        for process in started:
            process.stop()
