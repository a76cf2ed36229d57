"""ES256 (ECDSA P-256 with SHA-256) with JWS raw r||s signatures (RFC 7518 section 3.4).

cryptography speaks DER-encoded ECDSA signatures; JWS carries the two 32-byte
integers side by side. ES256 is the only algorithm SHAKEN allows, so nothing
here is generic over algorithms.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

ALG = "ES256"
SIGNATURE_BYTES = 64
_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())
# The order of P-256: r and s must lie in [1, n-1]. Checked here so a crafted
# value never reaches the backend as an out-of-range integer.
_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def is_p256(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> bool:
    return isinstance(key.curve, ec.SECP256R1)


def sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """Sign ``data``; returns the 64-byte r||s signature."""
    r, s = decode_dss_signature(key.sign(data, _ECDSA_SHA256))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def verify(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    """True if ``signature`` (r||s) is a valid ES256 signature of ``data`` by ``key``."""
    if len(signature) != SIGNATURE_BYTES:
        return False
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    if not (0 < r < _N and 0 < s < _N):
        return False
    try:
        key.verify(encode_dss_signature(r, s), data, _ECDSA_SHA256)
    except InvalidSignature:
        return False
    return True
