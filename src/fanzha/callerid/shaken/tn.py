"""Telephone numbers as SHAKEN writes them: E.164 digits without the '+'.

ATIS-1000074 puts the country code in and leaves the '+' out ("8613812345678").
Both sides of every comparison go through fanzha.numbers.parse_number, so a
caller ID written "138 1234 5678", "+86 138..." or "sip:+86138...@host" and a
signed "8613812345678" compare equal, and nothing else does. The comparable
forms are cached (the verifier asks for them on every call); they depend on the
digits only, not on the registry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fanzha.core import InvalidNumberError
from fanzha.numbers import parse_number

# TelephoneNumber in RFC 8226 is at most 15 characters; E.164 has at most 15 digits.
_SIGNED_TN = re.compile(r"[0-9]{1,15}")
_PLAIN_DIGITS = re.compile(r"\+?[0-9]{1,15}")


def to_shaken_tn(raw: str, region: str = "CN") -> str:
    """Normalise a number for signing; raises InvalidNumberError if it is not one."""
    return parse_number(raw, default_region=region).e164[1:]


@lru_cache(maxsize=1 << 16)
def sip_tn_key(raw: str, region: str = "CN") -> str | None:
    """The comparable form of a number taken from SIP (From, PAI, To, Request-URI).

    Numbers fanzha cannot classify (test ranges, unknown plans) still compare by
    their digits when they are plain digits with an optional '+'; anything else
    gives None, which matches nothing.
    """
    try:
        return to_shaken_tn(raw, region)
    except InvalidNumberError:
        text = raw.strip()
        return text.lstrip("+") if _PLAIN_DIGITS.fullmatch(text) else None


@lru_cache(maxsize=1 << 16)
def signed_tn_key(tn: str) -> str | None:
    """The comparable form of a TN from a PASSporT claim (digits, country code first)."""
    if not _SIGNED_TN.fullmatch(tn):
        return None
    try:
        return parse_number("+" + tn).e164[1:]
    except InvalidNumberError:
        return tn


def is_signed_tn(value: object) -> bool:
    return isinstance(value, str) and _SIGNED_TN.fullmatch(value) is not None
