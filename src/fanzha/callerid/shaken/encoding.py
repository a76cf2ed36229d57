"""JOSE byte-level encodings for PASSporT: base64url and canonical JSON.

Signing covers bytes, not objects, so the signer serialises with the RFC 8225
section 9 rules (keys sorted, no whitespace) and the compact form can be
rebuilt byte for byte by a verifier. Decoding is strict: RFC 7515 base64url
without padding, UTF-8 JSON objects without duplicate keys or NaN, because two
parsers that disagree on one token are a way to smuggle claims.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

# base64url -> standard alphabet for binascii's strict decoder; '+' and '/' map to
# a character it refuses, because they are not base64url.
_TO_STANDARD = bytes.maketrans(b"-_+/", b"+/!!")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url; ValueError on any other alphabet or a bad length."""
    if len(text) % 4 == 1 or "=" in text:
        raise ValueError("not base64url")
    try:
        raw = text.encode("ascii")
        return binascii.a2b_base64(
            raw.translate(_TO_STANDARD) + b"=" * (-len(raw) % 4), strict_mode=True
        )
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError("not base64url") from None


def canonical_json(value: Any) -> bytes:
    """RFC 8225 section 9: lexicographically sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key in a JSON object")
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# One decoder for every call: json.loads with hooks would build a new one each time.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def parse_json_object(data: bytes) -> dict[str, Any]:
    """Strictly parse ``data`` as one UTF-8 JSON object; ValueError otherwise.

    Deeply nested input raises RecursionError inside json; it is turned into
    ValueError here so callers have one error type to handle.
    """
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value
