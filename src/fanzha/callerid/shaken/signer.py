"""The signing (authentication) service: numbers in, an Identity header out.

Unlike the verifier, the signer's inputs are the operator's own, so bad input
raises a FanzhaError with a code (the CLI and HTTP doors render it) instead of
becoming a result.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import es256, passport
from fanzha.callerid.shaken.identity import format_identity
from fanzha.callerid.shaken.tn import to_shaken_tn
from fanzha.core import ConfigError, InvalidInputError

MAX_X5U_CHARS = 2048


@dataclass(frozen=True, slots=True)
class Signer:
    """A loaded key and its certificate URL: what an originating proxy signs with."""

    key: ec.EllipticCurvePrivateKey
    x5u: str
    region: str = "CN"

    @classmethod
    def from_files(cls, key_path: str | Path, x5u: str, region: str = "CN") -> Signer:
        return cls(load_signing_key(Path(key_path).read_bytes()), x5u, region)

    def sign(
        self,
        orig: str,
        dest: str | Sequence[str],
        attest: str,
        origid: str | None = None,
        *,
        iat: int | None = None,
        compact: bool = False,
    ) -> str:
        return sign(
            orig, dest, attest, origid, key=self.key, x5u=self.x5u, iat=iat,
            compact=compact, region=self.region,
        )  # fmt: skip

    def sign_div(
        self,
        orig: str,
        dest: str | Sequence[str],
        div: str,
        *,
        iat: int | None = None,
        compact: bool = False,
    ) -> str:
        return sign_div(
            orig, dest, div, key=self.key, x5u=self.x5u, iat=iat, compact=compact,
            region=self.region,
        )  # fmt: skip


def load_signing_key(pem: bytes) -> ec.EllipticCurvePrivateKey:
    """An unencrypted PEM private key (PKCS#8 or SEC1) on P-256."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            "STIR/SHAKEN signing key: not an unencrypted PEM private key",
            code="SHAKEN.KEY_INVALID",
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not es256.is_p256(key):
        raise ConfigError(
            "STIR/SHAKEN signing key: ES256 needs an ECDSA P-256 key", code="SHAKEN.KEY_INVALID"
        )
    return key


def sign(
    orig: str,
    dest: str | Sequence[str],
    attest: str,
    origid: str | None = None,
    *,
    key: ec.EllipticCurvePrivateKey,
    x5u: str,
    iat: int | None = None,
    compact: bool = False,
    region: str = "CN",
) -> str:
    """A SHAKEN PASSporT for the call, as the value of its Identity header.

    Numbers are normalised to SHAKEN form (E.164 digits without '+').
    ``origid`` defaults to a fresh UUID, ``iat`` to now. With ``compact`` the
    token is ``..signature`` and the receiver rebuilds the claims from the SIP
    message; the SIP Date must then carry ``iat``.
    """
    level = attest.strip().upper() if isinstance(attest, str) else ""
    if level not in passport.ATTESTATIONS:
        raise InvalidInputError(
            "attestation must be A, B or C",
            code="SHAKEN.ATTEST_INVALID",
            details={"attest": attest},
        )
    claims = passport.shaken_claims(
        to_shaken_tn(orig, region), _dest_tns(dest, region), level, _origid(origid), _iat(iat)
    )
    return _identity(passport.PPT_SHAKEN, claims, key, x5u, compact)


def sign_div(
    orig: str,
    dest: str | Sequence[str],
    div: str,
    *,
    key: ec.EllipticCurvePrivateKey,
    x5u: str,
    iat: int | None = None,
    compact: bool = False,
    region: str = "CN",
) -> str:
    """A div PASSporT (RFC 8946) for a call that ``div`` retargeted to ``dest``.

    The signer is the carrier of ``div`` (the forwarding number): its
    certificate must cover that number, not the caller's.
    """
    claims = passport.div_claims(
        to_shaken_tn(orig, region), _dest_tns(dest, region), to_shaken_tn(div, region), _iat(iat)
    )
    return _identity(passport.PPT_DIV, claims, key, x5u, compact)


def _identity(
    ppt: str, claims: dict[str, object], key: ec.EllipticCurvePrivateKey, x5u: str, compact: bool
) -> str:
    _check_x5u(x5u)
    if not es256.is_p256(key):
        raise ConfigError("ES256 needs an ECDSA P-256 key", code="SHAKEN.KEY_INVALID")
    token = passport.encode(passport.passport_header(ppt, x5u), claims, key, compact=compact)
    return format_identity(token, x5u, ppt)


def _dest_tns(dest: str | Sequence[str], region: str) -> list[str]:
    items = [dest] if isinstance(dest, str) else list(dest)
    if not 1 <= len(items) <= passport.MAX_DEST_TNS:
        raise InvalidInputError(
            f"give 1 to {passport.MAX_DEST_TNS} destination numbers", code="SHAKEN.DEST_INVALID"
        )
    return [to_shaken_tn(item, region) for item in items]


def _origid(origid: str | None) -> str:
    if origid is None:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(origid))
    except (ValueError, TypeError, AttributeError):
        raise InvalidInputError(
            "origid must be a UUID",
            code="SHAKEN.ORIGID_INVALID",
            details={"origid": str(origid)[:64]},
        ) from None


def _iat(iat: int | None) -> int:
    if iat is None:
        return int(time.time())
    if isinstance(iat, bool) or not isinstance(iat, int) or not 0 <= iat < 1 << 40:
        raise InvalidInputError("iat must be a Unix time in seconds", code="SHAKEN.IAT_INVALID")
    return iat


def _check_x5u(x5u: str) -> None:
    try:
        parts = urlsplit(x5u)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.hostname
        or len(x5u) > MAX_X5U_CHARS
        or not x5u.isascii()
        or any(ch in x5u for ch in ' <>"\t\r\n')
    ):
        raise InvalidInputError(
            "x5u must be an absolute https (or http, for test networks) URL",
            code="SHAKEN.X5U_INVALID",
        )
