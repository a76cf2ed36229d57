"""`fanzha shaken ...` end to end: test PKI on disk, sign, verify over a local x5u server."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from cryptography import x509

from fanzha.callerid.cli import register
from fanzha.callerid.shaken import TNAuthList, TNRange
from fanzha.callerid.shaken.tnauthlist import tnauthlist_of
from tests.callerid.conftest import LocalServer, Route


@click.group()
def main() -> None:
    """Stand-in for the `fanzha` group."""


register(main)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.startswith("FANZHA_SHAKEN_"):
            monkeypatch.delenv(name)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def pki_dirs(run, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    ca, sti = tmp_path / "ca", tmp_path / "sti"
    assert run("shaken", "ca", "init", "--out", str(ca)).exit_code == 0
    result = run(
        "shaken", "cert", "issue", "--ca", str(ca), "--out", str(sti),
        "--tn-range", "8613800000000-8613899999999", "--spc", "1234",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return ca, sti


def test_ca_and_cert_files(pki_dirs: tuple[Path, Path]) -> None:
    ca, sti = pki_dirs
    for key in (ca / "root.key", ca / "ca.key", sti / "sti.key"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    chain = x509.load_pem_x509_certificates((sti / "sti-chain.pem").read_bytes())
    assert len(chain) == 2
    tn_auth = tnauthlist_of(chain[0])
    assert isinstance(tn_auth, TNAuthList)
    assert TNRange("8613800000000", 100_000_000) in tn_auth.entries and tn_auth.spcs == ("1234",)
    anchors = x509.load_pem_x509_certificates((ca / "trust-anchors.pem").read_bytes())
    assert anchors[0].subject == anchors[0].issuer


def test_refuses_to_overwrite(run, pki_dirs: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    ca, _ = pki_dirs
    result = run("shaken", "ca", "init", "--out", str(ca))
    assert result.exit_code == 2 and "exists" in result.stderr
    assert run("shaken", "ca", "init", "--out", str(ca), "--force").exit_code == 0


def test_cert_issue_needs_entries_and_a_ca(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ca").mkdir()
    result = run(
        "shaken", "cert", "issue", "--ca", str(tmp_path / "ca"), "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    result = run(
        "shaken", "cert", "issue", "--ca", str(tmp_path / "ca"), "--out", str(tmp_path / "o"),
        "--spc", "1", "--json",
    )  # fmt: skip
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "SHAKEN.CA_INVALID"


def test_sign_then_verify_over_http(run, pki_dirs: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    ca, sti = pki_dirs
    with LocalServer() as server:
        server.routes["/sti.pem"] = Route((sti / "sti-chain.pem").read_bytes())
        x5u = server.url("/sti.pem")
        signed = run(
            "shaken", "sign", "--orig", "+8613812345678", "--dest", "13900001111",
            "--attest", "A", "--key", str(sti / "sti.key"), "--x5u", x5u,
        )  # fmt: skip
        assert signed.exit_code == 0, signed.output
        identity = signed.output.strip()
        assert identity.endswith(f";info=<{x5u}>;alg=ES256;ppt=shaken")
        verify = [
            "shaken", "verify", "--identity", identity, "--orig", "13812345678",
            "--dest", "+8613900001111", "--trust-anchors", str(ca / "trust-anchors.pem"),
            "--x5u-allow-http", "--x5u-allow-network", "127.0.0.1/32", "--json",
        ]  # fmt: skip
        passed = run(*verify)
        assert passed.exit_code == 0, passed.output
        data = json.loads(passed.output)
        assert data["verstat"] == "TN-Validation-Passed" and data["attest"] == "A"
        assert data["findings"] == [] and data["spc"] is None
        # The text form, and a mismatch that fails with exit 1.
        text = run(*[a for a in verify if a != "--json"])
        assert text.exit_code == 0 and "verstat: TN-Validation-Passed" in text.output
        mismatch = run(*[("13812345679" if a == "13812345678" else a) for a in verify])
        assert mismatch.exit_code == 1
        assert json.loads(mismatch.output)["findings"][0]["code"] == "SHAKEN.ORIG_MISMATCH"
        # Stale as of --now, an hour later.
        import time

        later = run(*verify, "--now", str(time.time() + 3600))
        assert later.exit_code == 1 and "SHAKEN.STALE_IAT" in later.output
        # Without the loopback allowance the fetch is refused: exit 1 with the code.
        refused = run(*[a for a in verify if a not in ("--x5u-allow-network", "127.0.0.1/32")])
        assert refused.exit_code == 1 and "SHAKEN.X5U_FORBIDDEN_ADDRESS" in refused.output
        # Revoked by the CA: the CRL given with --crl (any file name) fails it.
        revoked = run("shaken", "ca", "revoke", "--ca", str(ca), str(sti / "sti.pem"))
        assert revoked.exit_code == 0 and "1 revoked" in revoked.output, revoked.output
        crl = sti / "crl, copy.pem"
        crl.write_bytes((ca / "crl.pem").read_bytes())
        failed = run(*verify, "--crl", str(crl))
        assert failed.exit_code == 1 and "SHAKEN.CERT_REVOKED" in failed.output
        assert run(*verify).exit_code == 0  # no CRL given, none configured


def test_sign_div_and_compact(run, pki_dirs: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    _, sti = pki_dirs
    common = ["--key", str(sti / "sti.key"), "--x5u", "https://cert.example.cn/sti.pem"]
    div = run(
        "shaken", "sign-div", "--orig", "13812345678", "--dest", "13700002222",
        "--div", "13812340000", *common, "--json",
    )  # fmt: skip
    assert div.exit_code == 0 and json.loads(div.output)["identity"].endswith(";ppt=div")
    compact = run(
        "shaken", "sign", "--orig", "13812345678", "--dest", "13900001111", "--compact",
        "--iat", "1800000000", *common,
    )  # fmt: skip
    assert compact.exit_code == 0 and compact.output.startswith("..")


def test_verify_exit_codes_for_unusable_input(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run(
        "shaken", "verify", "--identity", "x", "--orig", "1", "--dest", "2",
        "--trust-anchors", str(tmp_path / "nope.pem"),
    )  # fmt: skip
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")
    bad_net = run(
        "shaken", "verify", "--identity", "x", "--orig", "1", "--dest", "2",
        "--x5u-allow-network", "nonsense", "--json",
    )  # fmt: skip
    assert bad_net.exit_code == 2 and json.loads(bad_net.output)["error"]["code"]
    garbage = run(
        "shaken", "verify", "--identity", "garbage", "--orig", "1", "--dest", "2", "--json"
    )
    assert garbage.exit_code == 1
    assert json.loads(garbage.output)["verstat"] == "TN-Validation-Failed"


def test_sign_without_configuration(run) -> None:  # type: ignore[no-untyped-def]
    result = run("shaken", "sign", "--orig", "13812345678", "--dest", "13900001111")
    assert result.exit_code == 1 and "FANZHA_SHAKEN_SIGNING_KEY" in result.stderr


def test_settings_from_the_environment(
    run,
    pki_dirs: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    _, sti = pki_dirs
    monkeypatch.setenv("FANZHA_SHAKEN_SIGNING_KEY", str(sti / "sti.key"))
    monkeypatch.setenv("FANZHA_SHAKEN_X5U", "https://cert.example.cn/sti.pem")
    result = run("shaken", "sign", "--orig", "13812345678", "--dest", "13900001111")
    assert result.exit_code == 0 and "info=<https://cert.example.cn/sti.pem>" in result.output
    monkeypatch.setenv("FANZHA_SHAKEN_MAX_AGE_SECONDS", "zero")
    result = run("shaken", "sign", "--orig", "13812345678", "--dest", "13900001111")
    assert result.exit_code == 1 and "FANZHA_SHAKEN_MAX_AGE_SECONDS" in result.stderr


def test_verify_with_a_supplied_certificate_downloads_nothing(  # type: ignore[no-untyped-def]
    run, pki_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    ca, sti = pki_dirs
    x5u = "https://127.0.0.1:9/sti-chain.pem"  # a download would be refused: loopback
    signed = run(
        "shaken", "sign", "--key", str(sti / "sti.key"), "--x5u", x5u,
        "--orig", "+8613812345678", "--dest", "13900001111",
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    identity = signed.output.strip()
    verify = (
        "shaken", "verify", "--identity", identity, "--orig", "13812345678",
        "--dest", "13900001111", "--trust-anchors", str(ca / "trust-anchors.pem"), "--json",
    )  # fmt: skip
    fetched = run(*verify)
    assert fetched.exit_code == 1
    assert json.loads(fetched.output)["findings"][0]["code"] == "SHAKEN.X5U_FORBIDDEN_ADDRESS"

    chain = str(sti / "sti-chain.pem")
    for cert in (chain, f"{x5u}={chain}"):
        passed = run(*verify, "--cert", cert)
        assert passed.exit_code == 0, passed.output
        assert json.loads(passed.output)["verstat"] == "TN-Validation-Passed"
    # a chain named for another URL leaves this x5u to the (refused) download
    other = run(*verify, "--cert", f"https://cert.example/other.pem={chain}")
    assert other.exit_code == 1
    # the supplied chain must still lead to the trust anchors
    untrusted = run(*verify, "--cert", str(ca / "ca.pem"))
    assert untrusted.exit_code == 1
    assert json.loads(untrusted.output)["findings"][0]["code"] == "SHAKEN.CERT_UNTRUSTED"

    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n")
    for bad, code in (
        (str(garbage), "SHAKEN.CERT_INVALID"),
        (str(tmp_path / "missing.pem"), "REQUEST.INVALID"),
    ):
        refused = run(*verify, "--cert", bad)
        assert refused.exit_code == 2
        assert json.loads(refused.output)["error"]["code"] == code
    twice = run(*verify, "--cert", chain, "--cert", chain)
    assert twice.exit_code == 2 and "given twice" in twice.output
