"""A test PKI for closed STIR/SHAKEN networks: root CA, intermediate CA, STI certificates.

Layout written by ``init_ca`` (what ``fanzha shaken ca init --out DIR`` makes):

    DIR/root.pem  DIR/root.key          self-signed root, the trust anchor
    DIR/ca.pem    DIR/ca.key            intermediate that issues STI certificates
    DIR/trust-anchors.pem               the root again, for FANZHA_SHAKEN_TRUST_ANCHORS
    DIR/crl.pem                         the intermediate's CRL, once ``revoke_cert`` ran
                                        (FANZHA_SHAKEN_CRLS); it is also the list's state

and by ``issue_cert`` (``fanzha shaken cert issue --ca DIR ... --out OUT``):

    OUT/sti.key                         the signing key (FANZHA_SHAKEN_SIGNING_KEY)
    OUT/sti.pem                         the STI certificate with its TNAuthList
    OUT/sti-chain.pem                   certificate + intermediate: serve this at the x5u URL

Profile after ATIS-1000080: P-256 keys and ecdsa-with-SHA256; CAs with critical
basicConstraints and keyCertSign; STI certificates with critical keyUsage
digitalSignature, no CA flag, key identifiers and a non-critical TNAuthList.
Private keys are written unencrypted with mode 0600: this is a test PKI.
Production trust anchors come from the operator's STI-PA as a PEM bundle.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fanzha.callerid.shaken.tnauthlist import OneTN, Spc, TNAuthList, TNEntry, TNRange, extension
from fanzha.core import InvalidInputError

KeyAndCert = tuple[ec.EllipticCurvePrivateKey, x509.Certificate]
_RANGE = re.compile(r"\s*\+?([0-9]{1,15})\s*-\s*\+?([0-9]{1,15})\s*")
_BACKDATE = dt.timedelta(minutes=5)  # tolerate clock skew between CA and verifiers
REVOCATION_REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key-compromise": x509.ReasonFlags.key_compromise,
    "affiliation-changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation-of-operation": x509.ReasonFlags.cessation_of_operation,
}


@dataclass(frozen=True, slots=True)
class CaFiles:
    root_cert: Path
    root_key: Path
    ca_cert: Path
    ca_key: Path
    trust_anchors: Path


@dataclass(frozen=True, slots=True)
class StiFiles:
    key: Path
    cert: Path
    chain: Path


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def _signing_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def make_root(
    organisation: str = "fanzha test STI", *, days: int = 3650, now: dt.datetime | None = None
) -> KeyAndCert:
    key = ec.generate_private_key(ec.SECP256R1())
    start = _now(now) - _BACKDATE
    name = _name(f"{organisation} Root", organisation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_intermediate(
    issuer: KeyAndCert,
    organisation: str = "fanzha test STI",
    *,
    days: int = 1825,
    now: dt.datetime | None = None,
) -> KeyAndCert:
    issuer_key, issuer_cert = issuer
    key = ec.generate_private_key(ec.SECP256R1())
    start = _now(now) - _BACKDATE
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{organisation} STI-CA", organisation))
        .issuer_name(issuer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return key, cert


def make_sti_cert(
    issuer: KeyAndCert,
    tn_auth: TNAuthList,
    *,
    organisation: str = "fanzha test carrier",
    days: int = 365,
    now: dt.datetime | None = None,
    key: ec.EllipticCurvePrivateKey | None = None,
) -> KeyAndCert:
    """An end-entity STI certificate authorising the entries of ``tn_auth``."""
    issuer_key, issuer_cert = issuer
    key = key or ec.generate_private_key(ec.SECP256R1())
    start = _now(now) - _BACKDATE
    label = ",".join(tn_auth.spcs) or "TN"
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"SHAKEN {label}"[:64], organisation))
        .issuer_name(issuer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_signing_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(extension(tn_auth), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return key, cert


def tn_auth_list(
    *, spc: str | None = None, tn_ranges: Sequence[str] = (), tns: Sequence[str] = ()
) -> TNAuthList:
    """Entries from CLI-style input: an SPC, "START-END" ranges and single TNs."""
    entries: list[TNEntry] = []
    if spc:
        entries.append(Spc(spc.strip()))
    entries += [parse_tn_range(text) for text in tn_ranges]
    entries += [OneTN(tn.strip().lstrip("+")) for tn in tns]
    if not entries:
        raise InvalidInputError(
            "give --spc, --tn-range or --tn: a certificate must authorise something",
            code="SHAKEN.TNAUTH_EMPTY",
        )
    try:
        return TNAuthList(tuple(entries))
    except ValueError as exc:
        raise InvalidInputError(
            f"invalid TNAuthList entry: {exc}", code="SHAKEN.TNAUTH_INVALID"
        ) from None


def parse_tn_range(text: str) -> TNEntry:
    """ "8613800000000-8613899999999" -> TNRange (or OneTN when start == end)."""
    match = _RANGE.fullmatch(text)
    if not match or len(match.group(1)) != len(match.group(2)):
        raise InvalidInputError(
            "a TN range is START-END with digits of the same length (E.164 without '+')",
            code="SHAKEN.TNAUTH_INVALID",
            details={"range": text[:64]},
        )
    start, end = match.group(1), match.group(2)
    count = int(end) - int(start) + 1
    if count < 1:
        raise InvalidInputError(
            "a TN range must not end before it starts", code="SHAKEN.TNAUTH_INVALID"
        )
    return OneTN(start) if count == 1 else TNRange(start, count)


# --- on disk -------------------------------------------------------------------


def init_ca(
    out: str | Path,
    *,
    organisation: str = "fanzha test STI",
    days: int = 3650,
    force: bool = False,
    now: dt.datetime | None = None,
) -> CaFiles:
    """Create a root and an intermediate CA in ``out``; refuses to overwrite unless ``force``."""
    folder = Path(out)
    files = CaFiles(
        folder / "root.pem",
        folder / "root.key",
        folder / "ca.pem",
        folder / "ca.key",
        folder / "trust-anchors.pem",
    )
    _refuse_overwrite([files.root_key, files.ca_key], force)
    root = make_root(organisation, days=days, now=now)
    intermediate = make_intermediate(root, organisation, days=max(days // 2, 1), now=now)
    folder.mkdir(parents=True, exist_ok=True)
    _write_key(files.root_key, root[0])
    _write_certs(files.root_cert, [root[1]])
    _write_key(files.ca_key, intermediate[0])
    _write_certs(files.ca_cert, [intermediate[1]])
    _write_certs(files.trust_anchors, [root[1]])
    return files


def issue_cert(
    ca_dir: str | Path,
    out: str | Path,
    tn_auth: TNAuthList,
    *,
    organisation: str = "fanzha test carrier",
    days: int = 365,
    force: bool = False,
    now: dt.datetime | None = None,
) -> StiFiles:
    """Issue an STI certificate from the CA in ``ca_dir`` into ``out``."""
    ca = Path(ca_dir)
    issuer = _load_issuer(ca / "ca.key", ca / "ca.pem")
    folder = Path(out)
    files = StiFiles(folder / "sti.key", folder / "sti.pem", folder / "sti-chain.pem")
    _refuse_overwrite([files.key], force)
    key, cert = make_sti_cert(issuer, tn_auth, organisation=organisation, days=days, now=now)
    folder.mkdir(parents=True, exist_ok=True)
    _write_key(files.key, key)
    _write_certs(files.cert, [cert])
    _write_certs(files.chain, [cert, issuer[1]])
    return files


def make_crl(
    issuer: KeyAndCert,
    revoked: Sequence[x509.RevokedCertificate],
    *,
    number: int,
    days: int = 7,
    now: dt.datetime | None = None,
) -> x509.CertificateRevocationList:
    """A CRL of ``issuer`` listing ``revoked``, valid for ``days``."""
    issuer_key, issuer_cert = issuer
    start = _now(now) - _BACKDATE
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer_cert.subject)
        .last_update(start)
        .next_update(start + dt.timedelta(days=days))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass(frozen=True, slots=True)
class Revocation:
    crl: Path
    serial: int
    revoked: int  # certificates the CRL lists now


def revoke_cert(
    ca_dir: str | Path,
    cert_path: str | Path,
    *,
    reason: str = "unspecified",
    days: int = 7,
    now: dt.datetime | None = None,
) -> Revocation:
    """Add the certificate in ``cert_path`` to the CA's CRL (``DIR/crl.pem``) and sign it again.

    The CRL on disk is the state: its entries are kept, its number goes up by one.
    """
    ca = Path(ca_dir)
    issuer = _load_issuer(ca / "ca.key", ca / "ca.pem")
    try:
        cert = x509.load_pem_x509_certificates(Path(cert_path).read_bytes())[0]
    except (OSError, ValueError, IndexError) as exc:
        raise InvalidInputError(
            f"no PEM certificate in {cert_path}",
            code="SHAKEN.CERT_INVALID",
            details={"path": str(cert_path)},
        ) from exc
    try:
        cert.verify_directly_issued_by(issuer[1])  # names alone can repeat across CAs
    except (ValueError, TypeError, InvalidSignature):
        raise InvalidInputError(
            "this certificate was not issued by the CA in " + str(ca),
            code="SHAKEN.CERT_NOT_FROM_CA",
            details={"path": str(cert_path)},
        ) from None
    if reason not in REVOCATION_REASONS:
        raise InvalidInputError(
            f"unknown reason {reason[:40]!r} (one of {', '.join(REVOCATION_REASONS)})",
            code="SHAKEN.REASON_INVALID",
        )
    crl_path = ca / "crl.pem"
    entries: list[x509.RevokedCertificate] = []
    number = 1
    if crl_path.exists():
        try:
            current = x509.load_pem_x509_crl(crl_path.read_bytes())
        except ValueError as exc:
            raise InvalidInputError(
                f"{crl_path} is not a PEM CRL", code="SHAKEN.CRL_INVALID"
            ) from exc
        entries = [e for e in current if e.serial_number != cert.serial_number]
        try:
            number = current.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number + 1
        except x509.ExtensionNotFound:
            number = 1
    entries.append(
        x509.RevokedCertificateBuilder()
        .serial_number(cert.serial_number)
        .revocation_date(_now(now))
        .add_extension(x509.CRLReason(REVOCATION_REASONS[reason]), critical=False)
        .build()
    )
    crl = make_crl(issuer, entries, number=number, days=days, now=now)
    temporary = crl_path.with_suffix(".pem.tmp")
    temporary.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    os.replace(temporary, crl_path)  # readers never see half a file
    return Revocation(crl_path, cert.serial_number, len(entries))


def _load_issuer(key_path: Path, cert_path: Path) -> KeyAndCert:
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InvalidInputError(
            f"no usable CA in {key_path.parent} (run `fanzha shaken ca init` first)",
            code="SHAKEN.CA_INVALID",
            details={"path": str(key_path.parent)},
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise InvalidInputError("the CA key is not an EC key", code="SHAKEN.CA_INVALID")
    return key, cert


def _refuse_overwrite(paths: Sequence[Path], force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise InvalidInputError(
            f"{existing[0]} exists; use --force to replace it",
            code="SHAKEN.FILE_EXISTS",
            details={"paths": existing},
        )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that already existed


def _write_certs(path: Path, certs: Sequence[x509.Certificate]) -> None:
    path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))
