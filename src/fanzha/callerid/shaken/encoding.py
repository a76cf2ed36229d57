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
import re
from typing import Any

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url; ValueError on any other alphabet or a bad length."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:  # cannot happen after the checks above; kept for safety
        raise ValueError("not base64url") from exc


def canonical_json(value: Any) -> bytes:
    """RFC 8225 section 9: lexicographically sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key[:32]!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json_object(data: bytes) -> dict[str, Any]:
    """Strictly parse ``data`` as one UTF-8 JSON object; ValueError otherwise.

    Deeply nested input raises RecursionError inside json; it is turned into
    ValueError here so callers have one error type to handle.
    """
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value
