"""Interoperability with libsecsipid (Kamailio's secsipid module) through its CLI, secsipidx.

PASSporTs signed by fanzha verify in secsipidx (with the public key, and over
x5u with certificate-chain checks against our test CA), and PASSporTs signed by
secsipidx verify in fanzha. Debian package: secsipidx. Without it this test
fails, unless FANZHA_TEST_SKIP_SECSIPID=1 says to skip it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fanzha.callerid.shaken import (
    CaFiles,
    CertFetcher,
    StiFiles,
    TrustStore,
    Verstat,
    init_ca,
    issue_cert,
    load_signing_key,
    sign,
    tn_auth_list,
    verify,
)
from tests.callerid.conftest import LOOPBACK_POLICY, LocalServer, Route

SECSIPIDX = shutil.which("secsipidx")


@pytest.fixture(scope="module", autouse=True)
def need_secsipidx() -> None:
    if SECSIPIDX is None:
        if os.environ.get("FANZHA_TEST_SKIP_SECSIPID") == "1":
            pytest.skip("secsipidx not installed (FANZHA_TEST_SKIP_SECSIPID=1)")
        pytest.fail(
            "secsipidx is not installed: `apt-get install secsipidx` (scripts/install-system-deps.sh "
            "does it), or set FANZHA_TEST_SKIP_SECSIPID=1 to skip the interoperability test",
            pytrace=False,
        )


@pytest.fixture
def pki(tmp_path: Path) -> tuple[CaFiles, StiFiles]:
    ca = init_ca(tmp_path / "ca")
    sti = issue_cert(
        tmp_path / "ca", tmp_path / "sti", tn_auth_list(tn_ranges=["8613800000000-8613899999999"])
    )
    return ca, sti


@pytest.fixture
def x5u_server(pki: tuple[CaFiles, StiFiles]) -> Iterator[str]:
    with LocalServer() as server:
        server.routes["/sti-chain.pem"] = Route(pki[1].chain.read_bytes())
        yield server.url("/sti-chain.pem")


def secsipidx(*args: str) -> subprocess.CompletedProcess[str]:
    assert SECSIPIDX is not None
    return subprocess.run([SECSIPIDX, *args], capture_output=True, text=True, timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fanzha_identity(sti: StiFiles, x5u: str, orig: str = "+8613812345678") -> str:
    key = load_signing_key(sti.key.read_bytes())
    return sign(orig, "13900001111", "A", key=key, x5u=x5u)


def test_fanzha_signs_secsipidx_verifies_with_the_key(pki: tuple[CaFiles, StiFiles]) -> None:
    _, sti = pki
    identity = fanzha_identity(sti, "https://cert.example.cn/sti-chain.pem")
    ok = secsipidx("-check", "-identity", identity, "-fpubkey", str(sti.cert), "-expire", "60")
    assert ok.returncode == 0 and ok.stdout.strip().endswith("ok"), ok.stdout + ok.stderr
    token, _, params = identity.partition(";")
    head, body, sig = token.split(".")
    tampered = f"{head}.{body}.{sig[:-4]}{'AAAA' if sig[-4:] != 'AAAA' else 'BBBB'};{params}"
    bad = secsipidx("-check", "-identity", tampered, "-fpubkey", str(sti.cert), "-expire", "60")
    assert bad.returncode != 0 and "not-ok" in bad.stdout


def test_fanzha_signs_secsipidx_verifies_over_x5u_with_chain_checks(
    pki: tuple[CaFiles, StiFiles], x5u_server: str
) -> None:
    ca, sti = pki
    port = free_port()
    # cert-verify 13 = time validity (1) + custom root CAs (4) + custom intermediates (8).
    server = subprocess.Popen(
        [
            str(SECSIPIDX), "-http-srv", f"127.0.0.1:{port}", "-expire", "60", "-timeout", "3",
            "-cert-verify", "13", "-ca-file", str(ca.root_cert.resolve()),
            "-ca-inter", str(ca.ca_cert.resolve()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        identity = fanzha_identity(sti, x5u_server)
        assert _check(port, identity) == (200, "OK")
        token, _, params = identity.partition(";")
        head, _, sig = token.split(".")
        other = fanzha_identity(sti, x5u_server, orig="+8613812345679").split(".")[1]
        assert _check(port, f"{head}.{other}.{sig};{params}")[0] != 200
    finally:
        server.terminate()
        server.wait(10)


def _check(port: int, identity: str) -> tuple[int, str]:
    deadline = time.monotonic() + 10
    while True:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/check", data=identity.encode(), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status, answer.read().decode().strip()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode().strip()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # the server is still starting


def test_secsipidx_signs_fanzha_verifies(pki: tuple[CaFiles, StiFiles], x5u_server: str) -> None:
    ca, sti = pki
    origid = str(uuid.uuid4())
    made = secsipidx(
        "-sign-full", "-orig-tn", "8613812345678", "-dest-tn", "8613900001111", "-attest", "B",
        "-orig-id", origid, "-x5u", x5u_server, "-k", str(sti.key),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    identity = made.stdout.strip()
    trust = TrustStore.from_pem_file(ca.trust_anchors)
    fetcher = CertFetcher(LOOPBACK_POLICY)
    result = verify(identity, "13812345678", "+86 139 0000 1111", trust=trust, fetcher=fetcher)
    assert result.verstat is Verstat.PASSED, result.codes
    assert (result.attest, result.origid, result.x5u) == ("B", origid, x5u_server)
    mismatch = verify(identity, "13812345679", "13900001111", trust=trust, fetcher=fetcher)
    assert mismatch.codes == ["SHAKEN.ORIG_MISMATCH"]


def test_secsipidx_signature_for_an_uncovered_number_fails(
    pki: tuple[CaFiles, StiFiles], x5u_server: str
) -> None:
    ca, sti = pki
    made = secsipidx(
        "-sign-full", "-orig-tn", "8613912345678", "-dest-tn", "8613900001111", "-attest", "A",
        "-x5u", x5u_server, "-k", str(sti.key),
    )  # fmt: skip
    result = verify(
        made.stdout.strip(),
        "13912345678",
        "13900001111",
        trust=TrustStore.from_pem_file(ca.trust_anchors),
        fetcher=CertFetcher(LOOPBACK_POLICY),
    )
    assert result.codes == ["SHAKEN.TN_NOT_AUTHORISED"]
