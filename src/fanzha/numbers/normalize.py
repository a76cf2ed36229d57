"""Turn a number as people and switches write it into ``+digits`` or ``digits``.

This step knows nothing about numbering plans: it only undoes the many ways of
writing a number (full-width characters pasted from Chinese IMEs, invisible
characters copied from phone apps, SIP and tel URIs from signalling) so that
classification sees one canonical string.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

MAX_DIGITS = 64  # longest digits part accepted (E.164 needs 15, SMS ports up to 20)

# Characters NFKC leaves alone: invisible ones are dropped (iOS wraps copied
# numbers in U+202A/U+202C), dash and dot look-alikes become separators.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff"
)
_UNICODE_FIXUPS = str.maketrans(
    {
        **dict.fromkeys(_INVISIBLE, None),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63", "-"),
        **dict.fromkeys("\u00b7\u30fb\u2027\u2022", "."),
        **dict.fromkeys("\u2028\u2029\u0085", " "),
    }
)
# Visual separators inside a number (also those RFC 3966 allows in tel URIs).
_SEPARATORS = str.maketrans(dict.fromkeys(" -.()/[]\t\r\n\v\f", None))


class NumberSyntaxError(ValueError):
    """Why a string is not a phone number: a stable ``reason`` code and a message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def extract_number(raw: str) -> str:
    """``" (010) 1234-5678 "`` -> ``"01012345678"``; ``"sip:+86138...@h"`` -> ``"+86138..."``.

    Returns ASCII digits, optionally led by ``+``. Raises NumberSyntaxError.
    """
    text = raw
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_UNICODE_FIXUPS)
    text = text.strip()
    if not text:
        raise NumberSyntaxError("empty", "empty input")
    if ":" in text or "@" in text or "<" in text:
        text = _from_uri(text)
    return _digits_of(text)


def _digits_of(text: str) -> str:
    compact = text.translate(_SEPARATORS)
    plus = compact.startswith("+")
    body = compact[1:] if plus else compact
    if len(body) > MAX_DIGITS:
        raise NumberSyntaxError("too_long", f"number part longer than {MAX_DIGITS} characters")
    if body.isascii() and body.isdigit():
        return "+" + body if plus else body
    if not body:
        raise NumberSyntaxError("no_digits", "no digits in input")
    if any(ch.isalpha() for ch in body):
        raise NumberSyntaxError("letters", "letters in the number part")
    if "+" in body:
        raise NumberSyntaxError("misplaced_plus", "'+' may only lead the number")
    raise NumberSyntaxError("bad_character", "unexpected character in the number part")


def _from_uri(text: str) -> str:
    """The telephone number inside a SIP/SIPS/tel URI, a name-addr or a bare user@host."""
    if "<" in text:  # name-addr: "Display Name" <sip:user@host>;tag=...
        start = text.index("<")
        end = text.find(">", start)
        if end < 0:
            raise NumberSyntaxError("bad_uri", "unclosed '<' in URI")
        text = text[start + 1 : end].strip()
    head, sep, rest = text.partition(":")
    scheme = head.strip().lower() if sep and "@" not in head and head.strip().isalpha() else ""
    if scheme in ("sip", "sips"):
        return _user_part(rest)
    if scheme == "tel":
        return _tel_number(rest)
    if scheme:
        raise NumberSyntaxError("unsupported_uri", "only sip:, sips: and tel: URIs are accepted")
    # No scheme: "13812345678@10.0.0.1" as some switches log it; otherwise the ':'
    # is simply a bad character, reported by _digits_of.
    return _user_part(text) if "@" in text else text


def _user_part(rest: str) -> str:
    user = rest.split("@", 1)[0]
    # user parameters (;npdi, ;rn=..., ;isub=...) and a password (user:pw@host) are not the number
    user = user.split(";", 1)[0].split(":", 1)[0]
    return unquote(user) if "%" in user else user  # %2B is '+'


def _tel_number(rest: str) -> str:
    number, _, params = rest.partition(";")
    number = (unquote(number) if "%" in number else number).strip()
    if not number.startswith("+"):
        # RFC 3966 local number: a global phone-context ("+86", "+86-10") is its prefix.
        for param in params.split(";"):
            name, _, value = param.partition("=")
            value = value.strip()
            if name.strip().lower() == "phone-context" and value.startswith("+"):
                return value + number
    return number
