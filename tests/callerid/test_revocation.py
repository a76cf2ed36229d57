"""Certificate revocation: CRLs of the issuing CA fail revoked certificates, nobody else's do."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.callerid.shaken import CertFetcher, ShakenConfig, TrustStore, sign, verify
from fanzha.callerid.shaken.pki import (
    init_ca,
    issue_cert,
    make_crl,
    make_intermediate,
    make_root,
    revoke_cert,
    tn_auth_list,
)
from fanzha.callerid.shaken.result import Verstat
from fanzha.callerid.shaken.revocation import RevocationLists, parse_crls
from fanzha.cli import main
from fanzha.core import ConfigError, InvalidInputError

from .conftest import DEST, NOW, NOW_DT, ORIG, X5U, Pki, pem


def revoked_entry(serial: int) -> x509.RevokedCertificate:
    return (
        x509.RevokedCertificateBuilder()
        .serial_number(serial)
        .revocation_date(NOW_DT - dt.timedelta(hours=1))
        .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
        .build()
    )


def write_crl(path: Path, crl: x509.CertificateRevocationList, encoding: str = "pem") -> Path:
    der = encoding == "der"
    path.write_bytes(
        crl.public_bytes(serialization.Encoding.DER if der else serialization.Encoding.PEM)
    )
    return path


def verify_with(pki: Pki, lists: RevocationLists | None, now: float = NOW) -> list[str]:
    fetcher = CertFetcher()
    fetcher.put(X5U, pki.chain)
    trust = TrustStore([pki.root[1]], revocation=lists)
    identity = sign(ORIG, DEST, "A", key=pki.key, x5u=X5U, iat=int(now))
    result = verify(identity, ORIG, DEST, trust=trust, fetcher=fetcher, now=now)
    return [f.code for f in result.findings] or [result.verstat.value]


def test_a_listed_certificate_fails_as_revoked(pki: Pki, tmp_path: Path) -> None:
    crl = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number)], number=1, now=NOW_DT)
    lists = RevocationLists([write_crl(tmp_path / "ca.crl", crl)])
    assert verify_with(pki, lists) == ["SHAKEN.CERT_REVOKED"]
    assert verify_with(pki, None) == [Verstat.PASSED.value]


def test_der_crls_and_unrelated_serials(pki: Pki, tmp_path: Path) -> None:
    other = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number + 1)], number=1, now=NOW_DT)
    lists = RevocationLists([write_crl(tmp_path / "ca.der", other, "der")])
    assert len(lists) == 1
    assert verify_with(pki, lists) == [Verstat.PASSED.value]


def test_a_revoked_intermediate_fails_the_chain(pki: Pki, tmp_path: Path) -> None:
    crl = make_crl(pki.root, [revoked_entry(pki.ca[1].serial_number)], number=1, now=NOW_DT)
    lists = RevocationLists([write_crl(tmp_path / "root.crl", crl)])
    trust = TrustStore([pki.root[1]], revocation=lists)
    fetcher = CertFetcher()
    fetcher.put(X5U, pki.chain)
    identity = sign(ORIG, DEST, "A", key=pki.key, x5u=X5U, iat=NOW)
    result = verify(identity, ORIG, DEST, trust=trust, fetcher=fetcher, now=NOW)
    assert [f.code for f in result.findings] == ["SHAKEN.CERT_REVOKED"]
    assert "intermediate" in result.findings[0].evidence["detail"]


def test_only_the_issuer_can_revoke(
    pki: Pki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Another CA with the very same names signs a CRL listing our serial: ignored.
    rogue_root = make_root(now=NOW_DT - dt.timedelta(days=10))
    rogue_ca = make_intermediate(rogue_root, now=NOW_DT - dt.timedelta(days=10))
    assert rogue_ca[1].subject == pki.ca[1].subject
    crl = make_crl(rogue_ca, [revoked_entry(pki.cert.serial_number)], number=1, now=NOW_DT)
    lists = RevocationLists([write_crl(tmp_path / "rogue.crl", crl)])
    with caplog.at_level(logging.WARNING, logger="fanzha.callerid.shaken"):
        assert verify_with(pki, lists) == [Verstat.PASSED.value]
    assert "not signed by its key" in caplog.text


def test_an_expired_crl_still_revokes_and_says_so(
    pki: Pki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = NOW_DT - dt.timedelta(days=30)
    crl = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number)], number=1, days=7, now=old)
    lists = RevocationLists([write_crl(tmp_path / "old.crl", crl)])
    with caplog.at_level(logging.WARNING, logger="fanzha.callerid.shaken"):
        assert verify_with(pki, lists) == ["SHAKEN.CERT_REVOKED"]
    assert "expired" in caplog.text


def test_a_changed_file_is_read_again(pki: Pki, tmp_path: Path) -> None:
    clock = [0.0]
    path = write_crl(tmp_path / "ca.crl", make_crl(pki.ca, [], number=1, now=NOW_DT))
    lists = RevocationLists([path], reload_s=60, clock=lambda: clock[0])
    assert verify_with(pki, lists) == [Verstat.PASSED.value]
    revoked = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number)], number=2, now=NOW_DT)
    write_crl(path, revoked)
    assert verify_with(pki, lists) == [Verstat.PASSED.value]  # not yet looked again
    clock[0] = 61.0
    assert verify_with(pki, lists) == ["SHAKEN.CERT_REVOKED"]


def test_a_broken_rewrite_keeps_the_lists_read_before(
    pki: Pki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = [0.0]
    crl = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number)], number=1, now=NOW_DT)
    path = write_crl(tmp_path / "ca.crl", crl)
    lists = RevocationLists([path], reload_s=1, clock=lambda: clock[0])
    path.write_bytes(b"-----BEGIN X509 CRL-----\nhalf a file")
    clock[0] = 5.0
    with caplog.at_level(logging.WARNING, logger="fanzha.callerid.shaken"):
        assert verify_with(pki, lists) == ["SHAKEN.CERT_REVOKED"]
    assert "previous lists stay" in caplog.text


@pytest.mark.parametrize(
    "content", [b"", b"not a crl", b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"]
)
def test_unreadable_crls_are_a_configuration_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.crl"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        RevocationLists([path])
    assert raised.value.code == "SHAKEN.CRL_INVALID"
    with pytest.raises(ConfigError):
        RevocationLists([tmp_path / "missing.crl"])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.booleans())
def test_crl_parsing_gives_crls_or_a_value_error(data: bytes, armoured: bool) -> None:
    if armoured:
        data = b"-----BEGIN X509 CRL-----\n" + data + b"\n-----END X509 CRL-----"
    try:
        found = parse_crls(data, "fuzz")
    except ValueError:
        return
    assert found and all(isinstance(c, x509.CertificateRevocationList) for c in found)


def test_the_setting_builds_the_lists(pki: Pki, tmp_path: Path) -> None:
    crl = make_crl(pki.ca, [revoked_entry(pki.cert.serial_number)], number=1, now=NOW_DT)
    a = write_crl(tmp_path / "a.crl", crl)
    b = write_crl(tmp_path / "b.crl", make_crl(pki.root, [], number=1, now=NOW_DT))
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(pem(pki.root[1]))
    config = ShakenConfig.from_env(
        {"FANZHA_SHAKEN_TRUST_ANCHORS": str(anchors), "FANZHA_SHAKEN_CRLS": f"{a}, {b}"}
    )
    store = config.trust_store()
    assert store.revocation is not None and len(store.revocation) == 2
    assert ShakenConfig.from_env({}).trust_store().revocation is None


def test_the_test_ca_revokes_and_verification_fails(tmp_path: Path) -> None:
    ca = init_ca(tmp_path / "ca")
    sti = issue_cert(tmp_path / "ca", tmp_path / "sti", tn_auth_list(spc="1001"))
    other = issue_cert(tmp_path / "ca", tmp_path / "other", tn_auth_list(spc="1002"))
    runner = CliRunner()
    out = runner.invoke(
        main,
        ["shaken", "ca", "revoke", "--ca", str(tmp_path / "ca"), str(sti.cert), "--json",
         "--reason", "key-compromise"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    done = json.loads(out.output)
    assert done["revoked"] == 1 and Path(done["crl"]) == tmp_path / "ca" / "crl.pem"
    again = revoke_cert(tmp_path / "ca", other.cert)  # the CRL on disk is the state
    assert again.revoked == 2
    crl = x509.load_pem_x509_crl((tmp_path / "ca" / "crl.pem").read_bytes())
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 2

    key = serialization.load_pem_private_key((tmp_path / "sti" / "sti.key").read_bytes(), None)
    identity = sign(ORIG, DEST, "A", key=key, x5u=X5U)  # type: ignore[arg-type]
    fetcher = CertFetcher()
    fetcher.put(X5U, sti.chain.read_bytes())
    config = ShakenConfig.from_env(
        {"FANZHA_SHAKEN_TRUST_ANCHORS": str(ca.trust_anchors), "FANZHA_SHAKEN_CRLS": done["crl"]}
    )
    result = verify(identity, ORIG, DEST, trust=config.trust_store(), fetcher=fetcher)
    assert [f.code for f in result.findings] == ["SHAKEN.CERT_REVOKED"]
    assert result.findings[0].evidence["detail"] == "signing certificate revoked (key_compromise)"


def test_revoking_refuses_foreign_certificates(pki: Pki, tmp_path: Path) -> None:
    init_ca(tmp_path / "ca")
    foreign = tmp_path / "foreign.pem"
    foreign.write_bytes(pem(pki.cert))
    with pytest.raises(InvalidInputError) as raised:
        revoke_cert(tmp_path / "ca", foreign)
    assert raised.value.code == "SHAKEN.CERT_NOT_FROM_CA"
    out = CliRunner().invoke(
        main, ["shaken", "ca", "revoke", "--ca", str(tmp_path / "ca"), str(tmp_path / "nope.pem")]
    )
    assert out.exit_code != 0 and "no PEM certificate" in out.output
