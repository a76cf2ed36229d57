"""What an x5u URL resolves to: the signing certificate, its chain and what it authorises.

Everything a verification needs from the certificates is worked out once, when
they are fetched (public key, TNAuthList, fingerprint), so a warm cache costs
one dictionary lookup per call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import codes, es256
from fanzha.callerid.shaken.codes import Problem
from fanzha.callerid.shaken.tnauthlist import TNAuthList, tnauthlist_of

MAX_CERTS = 8


@dataclass(frozen=True, slots=True, eq=False)
class CertBundle:
    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]
    public_key: ec.EllipticCurvePublicKey
    fingerprint: bytes  # SHA-256 over every certificate, in order: the chain-check cache key
    tn_auth: TNAuthList | None  # None: the leaf has no (usable) TNAuthList
    tn_auth_problem: str = ""  # why the TNAuthList is unusable, when it is present but bad


def parse_bundle(data: bytes) -> CertBundle | Problem:
    """PEM (leaf first, then its chain, as ATIS-1000080 serves it) or one DER certificate."""
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        return Problem(codes.CERT_INVALID, "not a PEM or DER certificate")
    if not certs:
        return Problem(codes.CERT_INVALID, "no certificate")
    if len(certs) > MAX_CERTS:
        return Problem(codes.CERT_INVALID, "too many certificates")
    leaf = certs[0]
    try:
        key = leaf.public_key()
    except (ValueError, TypeError):
        return Problem(codes.CERT_INVALID, "unreadable public key")
    if not isinstance(key, ec.EllipticCurvePublicKey) or not es256.is_p256(key):
        return Problem(codes.CERT_INVALID, "the signing key is not an ECDSA P-256 key")
    digest = hashlib.sha256()
    for cert in certs:
        digest.update(cert.public_bytes(serialization.Encoding.DER))
    tn_auth: TNAuthList | None = None
    problem = ""
    try:
        tn_auth = tnauthlist_of(leaf)
    except ValueError as exc:
        problem = f"malformed TNAuthList: {exc}"
    except x509.DuplicateExtension:
        problem = "duplicate TNAuthList"
    return CertBundle(leaf, tuple(certs[1:]), key, digest.digest(), tn_auth, problem)
