"""PASSporT tokens (RFC 8225) with the SHAKEN (RFC 8588) and div (RFC 8946) extensions.

Three jobs, kept apart so each can be tested and fuzzed alone:

- build and sign: ``shaken_claims`` / ``div_claims`` + ``encode`` (full form
  ``header.payload.signature`` or compact form ``..signature``), always over
  canonical JSON so a compact token can be rebuilt by the verifier;
- decode: ``decode_token`` turns any text into a ``Token`` or a ``Problem``,
  never raising;
- read: ``read_header`` / ``read_claims`` check types and values and return
  typed ``Claims`` or a ``Problem``.

Signature checking needs the certificate and lives in the verifier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import codes, es256
from fanzha.callerid.shaken.codes import Problem
from fanzha.callerid.shaken.encoding import (
    b64url_decode,
    b64url_encode,
    canonical_json,
    parse_json_object,
)
from fanzha.callerid.shaken.tn import is_signed_tn

TYP = "passport"
PPT_SHAKEN = "shaken"
PPT_DIV = "div"
SUPPORTED_PPTS = frozenset({PPT_SHAKEN, PPT_DIV})
ATTESTATIONS = frozenset({"A", "B", "C"})

# One Identity header is at most 8 KiB, so no honest token is longer; the
# per-part limits keep JSON parsing cheap whatever the header limit becomes.
MAX_TOKEN_CHARS = 8192
MAX_HEADER_JSON = 1024
MAX_PAYLOAD_JSON = 4096
MAX_DEST_TNS = 16
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_ALG_NONE_LIKE = frozenset({"none", "None", "NONE", ""})


@dataclass(frozen=True, slots=True)
class Token:
    """A decoded token. ``header`` and ``claims`` are None for the compact form."""

    header: dict[str, Any] | None
    claims: dict[str, Any] | None
    signing_input: bytes | None  # what the signature covers; None until rebuilt (compact)
    signature: bytes

    @property
    def compact(self) -> bool:
        return self.header is None


@dataclass(frozen=True, slots=True)
class Claims:
    """The claims a verifier uses, checked and typed."""

    ppt: str
    x5u: str
    orig: str  # TN digits as signed
    dest: tuple[str, ...]
    iat: int
    attest: str | None = None  # shaken
    origid: str | None = None  # shaken
    div: str | None = None  # div: the number the call was first sent to


def passport_header(ppt: str, x5u: str) -> dict[str, Any]:
    return {"alg": es256.ALG, "ppt": ppt, "typ": TYP, "x5u": x5u}


def shaken_claims(
    orig: str, dest: Sequence[str], attest: str, origid: str, iat: int
) -> dict[str, Any]:
    """RFC 8588 payload; TNs must already be SHAKEN digits (see ``tn.to_shaken_tn``)."""
    return {
        "attest": attest,
        "dest": {"tn": list(dest)},
        "iat": iat,
        "orig": {"tn": orig},
        "origid": origid,
    }


def div_claims(orig: str, dest: Sequence[str], div: str, iat: int) -> dict[str, Any]:
    """RFC 8946 payload: ``div`` is the number that retargeted the call to ``dest``."""
    return {"dest": {"tn": list(dest)}, "div": {"tn": div}, "iat": iat, "orig": {"tn": orig}}


def signing_input(header: Mapping[str, Any], claims: Mapping[str, Any]) -> bytes:
    return (
        b64url_encode(canonical_json(header)) + "." + b64url_encode(canonical_json(claims))
    ).encode("ascii")


def encode(
    header: Mapping[str, Any],
    claims: Mapping[str, Any],
    key: ec.EllipticCurvePrivateKey,
    *,
    compact: bool = False,
) -> str:
    """Sign and serialise. The compact form drops header and claims (RFC 8225 section 7)."""
    data = signing_input(header, claims)
    signature = b64url_encode(es256.sign(key, data))
    if compact:
        return ".." + signature
    return data.decode("ascii") + "." + signature


def decode_token(token: str | bytes) -> Token | Problem:
    """Split and decode a PASSporT; any input gives a Token or a MALFORMED_TOKEN problem."""
    if isinstance(token, bytes | bytearray):
        if len(token) > MAX_TOKEN_CHARS:
            return Problem(codes.MALFORMED_TOKEN, "token too long")
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            return Problem(codes.MALFORMED_TOKEN, "token is not ASCII")
    if not isinstance(token, str):
        return Problem(codes.MALFORMED_TOKEN, "token is not text")
    if len(token) > MAX_TOKEN_CHARS:
        return Problem(codes.MALFORMED_TOKEN, "token too long")
    parts = token.split(".")
    if len(parts) != 3:
        return Problem(codes.MALFORMED_TOKEN, "a PASSporT has three dot-separated parts")
    head_b64, body_b64, sig_b64 = parts
    try:
        signature = b64url_decode(sig_b64)
    except ValueError:
        return Problem(codes.MALFORMED_TOKEN, "signature is not base64url")
    if len(signature) != es256.SIGNATURE_BYTES:
        return Problem(codes.MALFORMED_TOKEN, "an ES256 signature is 64 bytes")
    if not head_b64 and not body_b64:
        return Token(None, None, None, signature)
    if not head_b64 or not body_b64:
        return Problem(codes.MALFORMED_TOKEN, "header or payload missing")
    header = _decode_header(head_b64)
    if isinstance(header, Problem):
        return header
    claims = _decode_json(body_b64, MAX_PAYLOAD_JSON, "payload")
    if isinstance(claims, Problem):
        return claims
    return Token(header, claims, f"{head_b64}.{body_b64}".encode("ascii"), signature)


# Every PASSporT from one signer has the same protected header: decode each once.
_HEADERS: dict[str, dict[str, Any]] = {}
_MAX_HEADERS = 1024


def _decode_header(part: str) -> dict[str, Any] | Problem:
    known = _HEADERS.get(part)
    if known is not None:
        return dict(known)  # a copy: callers own what they get
    header = _decode_json(part, MAX_HEADER_JSON, "header")
    if isinstance(header, Problem):
        return header
    if len(_HEADERS) >= _MAX_HEADERS:
        _HEADERS.clear()
    _HEADERS[part] = dict(header)
    return header


def _decode_json(part: str, limit: int, what: str) -> dict[str, Any] | Problem:
    if len(part) > limit * 4 // 3 + 4:
        return Problem(codes.MALFORMED_TOKEN, f"{what} too long")
    try:
        raw = b64url_decode(part)
    except ValueError:
        return Problem(codes.MALFORMED_TOKEN, f"{what} is not base64url")
    try:
        return parse_json_object(raw)
    except ValueError:
        return Problem(codes.MALFORMED_TOKEN, f"{what} is not a JSON object")


def read_header(header: Mapping[str, Any]) -> tuple[str, str] | Problem:
    """Check the protected header; returns (ppt, x5u)."""
    alg = header.get("alg")
    if alg != es256.ALG:
        if isinstance(alg, str):
            detail = "alg none is refused" if alg in _ALG_NONE_LIKE else f"alg {alg[:16]!r}"
        else:
            detail = f"alg is a {type(alg).__name__}"
        return Problem(codes.ALG_UNSUPPORTED, detail)
    if "crit" in header:
        # RFC 7515: a verifier must refuse critical parameters it does not know, and
        # PASSporT SHAKEN defines none.
        return Problem(codes.CLAIM_INVALID, "crit header parameter not supported")
    for name in ("typ", "ppt", "x5u"):
        if name not in header:
            return Problem(codes.CLAIM_MISSING, f"header {name}")
        if not isinstance(header[name], str):
            return Problem(codes.CLAIM_INVALID, f"header {name} is not a string")
    if header["typ"] != TYP:
        return Problem(codes.CLAIM_INVALID, "typ is not passport")
    ppt: str = header["ppt"]
    x5u: str = header["x5u"]
    if not x5u:
        return Problem(codes.CLAIM_INVALID, "x5u is empty")
    return ppt, x5u


def read_claims(ppt: str, x5u: str, claims: Mapping[str, Any]) -> Claims | Problem:
    """Type-check the claims of a ``shaken`` or ``div`` PASSporT."""
    orig = _tn_object(claims, "orig", many=False)
    if isinstance(orig, Problem):
        return orig
    dest = _tn_object(claims, "dest", many=True)
    if isinstance(dest, Problem):
        return dest
    if "iat" not in claims:
        return Problem(codes.CLAIM_MISSING, "iat")
    iat = claims["iat"]
    if not isinstance(iat, int) or isinstance(iat, bool) or not 0 <= iat < 1 << 40:
        return Problem(codes.CLAIM_INVALID, "iat is not a NumericDate integer")
    if ppt == PPT_SHAKEN:
        attest = claims.get("attest")
        origid = claims.get("origid")
        if attest is None:
            return Problem(codes.CLAIM_MISSING, "attest")
        if origid is None:
            return Problem(codes.CLAIM_MISSING, "origid")
        if not isinstance(attest, str) or attest not in ATTESTATIONS:
            return Problem(codes.CLAIM_INVALID, "attest is not A, B or C")
        if not _is_uuid(origid):
            return Problem(codes.CLAIM_INVALID, "origid is not a UUID")
        assert isinstance(origid, str)
        return Claims(ppt, x5u, orig[0], dest, iat, attest=attest, origid=origid)
    div = _tn_object(claims, "div", many=False)
    if isinstance(div, Problem):
        return div
    return Claims(ppt, x5u, orig[0], dest, iat, div=div[0])


def _tn_object(claims: Mapping[str, Any], name: str, *, many: bool) -> tuple[str, ...] | Problem:
    """``{"tn": "..."}`` (orig, div) or ``{"tn": ["...", ...]}`` (dest)."""
    if name not in claims:
        return Problem(codes.CLAIM_MISSING, name)
    value = claims[name]
    if not isinstance(value, dict):
        return Problem(codes.CLAIM_INVALID, f"{name} is not an object")
    if "tn" not in value:
        # A "uri" identity is valid PASSporT but not SHAKEN, which signs numbers only.
        return Problem(codes.CLAIM_MISSING, f"{name}.tn")
    tn = value["tn"]
    if many:
        if not isinstance(tn, list) or not 1 <= len(tn) <= MAX_DEST_TNS:
            return Problem(codes.CLAIM_INVALID, f"{name}.tn is not a list of numbers")
        items = tn
    else:
        items = [tn]
    if not all(is_signed_tn(item) for item in items):
        return Problem(codes.CLAIM_INVALID, f"{name}.tn is not digits (country code, no '+')")
    return tuple(items)


def _is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.fullmatch(value) is not None
