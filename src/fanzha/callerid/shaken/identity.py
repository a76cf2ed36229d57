"""The SIP Identity header (RFC 8224): parse and format.

    Identity: <token>;info=<https://cert.example/x5u.pem>;alg=ES256;ppt=shaken

Parsing is tolerant where senders differ in practice (a leading "Identity:"
or "y:", folded lines, spaces around ';' and '=', a quoted or bracketed token,
a quoted ppt, info without angle brackets) and strict where it matters: a hard
size limit, ASCII only, no bare CR/LF, no duplicate parameters. Any input gives
an ``IdentityHeader`` or a ``Problem``; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from fanzha.callerid.shaken import codes, es256
from fanzha.callerid.shaken.codes import Problem

MAX_HEADER_BYTES = 8192
MAX_PARAMS = 16
_FOLD = re.compile(r"\r?\n[ \t]+")
_NAME = re.compile(r"(?:identity|y)[ \t]*:", re.IGNORECASE)
_PARAM_NAME = re.compile(r"[A-Za-z0-9.!%*_+`'~-]+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_.=+/-]+")
_WS = re.compile(r"[ \t]+")
_URI_FORBIDDEN = re.compile(r"[\s<>\"]")
# The form every conforming signer writes (ATIS-1000074), matched in one step; anything
# else takes the tolerant path below, which gives the same answer for this form.
_CANONICAL = re.compile(
    r"([A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+);info=<([!#-;=?-~]+)>"
    r";alg=([A-Za-z0-9_.-]+);ppt=([A-Za-z0-9_.-]+)"
)
_PIECES = {sep: re.compile(rf'[^{sep}"<]+|"(?:[^"\\]|\\.)*"?|<[^>]*>?|[{sep}"<]') for sep in ";,"}


@dataclass(frozen=True, slots=True)
class IdentityHeader:
    token: str
    info: str
    alg: str | None = None
    ppt: str | None = None
    params: dict[str, str] = field(default_factory=dict)  # every parameter, names lowercased

    @property
    def compact(self) -> bool:
        return self.token.startswith("..")


def format_identity(token: str, info: str, ppt: str, alg: str = es256.ALG) -> str:
    """The header value as ATIS-1000074 writes it."""
    if _URI_FORBIDDEN.search(info):
        raise ValueError("the info URL must not contain spaces, quotes or angle brackets")
    return f"{token};info=<{info}>;alg={alg};ppt={ppt}"


def split_header_values(
    values: str | bytes | Iterable[str | bytes], limit: int | None = None
) -> list[str | bytes]:
    """One entry per Identity header, also when a proxy joined several with commas.

    Commas inside <...> or "..." belong to the info URL and do not split. With
    ``limit``, at most that many entries are returned (the caller only needs to
    know that there are too many), however many were given.
    """
    if isinstance(values, str | bytes | bytearray):
        items: Iterable[str | bytes] = [bytes(values) if isinstance(values, bytearray) else values]
    else:
        items = values
    out: list[str | bytes] = []
    for item in items:
        if limit is not None and len(out) >= limit:
            break
        if isinstance(item, str | bytes | bytearray) and not item.strip():
            continue  # an empty header value is no header (proxies pass "" for absent)
        # Only plausible sizes are split; a huge value fails the size check as one piece.
        if isinstance(item, str) and "," in item and len(item) <= MAX_HEADER_BYTES * 8:
            out.extend(part for part in _split_outside(item, ",") if part.strip())
        else:
            out.append(item)
    return out if limit is None else out[:limit]


def parse_identity(value: str | bytes) -> IdentityHeader | Problem:
    """Parse one Identity header value (with or without its name)."""
    if type(value) is str and len(value) <= MAX_HEADER_BYTES:
        canonical = _CANONICAL.fullmatch(value)
        if canonical is not None:
            token, info, alg, ppt = canonical.groups()
            params = {"info": f"<{info}>", "alg": alg, "ppt": ppt}
            return IdentityHeader(token, info, alg, ppt, params)
    return _parse_tolerant(value)


def _parse_tolerant(value: str | bytes) -> IdentityHeader | Problem:
    if isinstance(value, bytes | bytearray):
        if len(value) > MAX_HEADER_BYTES:
            return Problem(codes.HEADER_TOO_LARGE, f"more than {MAX_HEADER_BYTES} bytes")
        try:
            value = bytes(value).decode("ascii")
        except UnicodeDecodeError:
            return Problem(codes.MALFORMED_HEADER, "header is not ASCII")
    if not isinstance(value, str):
        return Problem(codes.MALFORMED_HEADER, "header is not text")
    if len(value) > MAX_HEADER_BYTES:
        return Problem(codes.HEADER_TOO_LARGE, f"more than {MAX_HEADER_BYTES} bytes")
    if not value.isascii():
        return Problem(codes.MALFORMED_HEADER, "header is not ASCII")
    text = _FOLD.sub(" ", value) if "\n" in value else value
    if "\r" in text or "\n" in text or "\x00" in text:
        return Problem(codes.MALFORMED_HEADER, "line break or NUL inside the header")
    text = text.strip(" \t")
    name = _NAME.match(text)
    if name:
        text = text[name.end() :].lstrip(" \t")
    head, sep, rest = text.partition(";")
    if '"' in head or "<" in head:  # an older form: the token itself is quoted or bracketed
        parts = _split_outside(text, ";")
    else:  # the usual form: only the short parameter part needs the careful split
        parts = [head, *_split_outside(rest, ";")] if sep else [head]
    token = _token(parts[0])
    if isinstance(token, Problem):
        return token
    params: dict[str, str] = {}
    for part in parts[1:]:
        if not part.strip(" \t"):
            continue  # ";;" or a trailing ';': harmless
        if len(params) >= MAX_PARAMS:
            return Problem(codes.MALFORMED_HEADER, "too many parameters")
        pname, sep, pvalue = part.partition("=")
        pname = pname.strip(" \t").lower()
        if not _PARAM_NAME.fullmatch(pname):
            return Problem(codes.MALFORMED_HEADER, "bad parameter name")
        if pname in params:
            return Problem(codes.MALFORMED_HEADER, f"duplicate parameter {pname}")
        params[pname] = _unquote(pvalue.strip(" \t")) if sep else ""
    info = params.get("info", "")
    if info.startswith("<") and info.endswith(">"):
        info = info[1:-1].strip(" \t")
    if not info:
        return Problem(codes.MALFORMED_HEADER, "info parameter missing")
    if _URI_FORBIDDEN.search(info):
        return Problem(codes.MALFORMED_HEADER, "info is not a URI")
    return IdentityHeader(token, info, params.get("alg") or None, params.get("ppt") or None, params)


def _token(part: str) -> str | Problem:
    token = part.strip(" \t")
    if len(token) >= 2 and (token[0], token[-1]) in (('"', '"'), ("<", ">")):
        token = token[1:-1]
    if " " in token or "\t" in token:
        token = _WS.sub("", token)  # folded tokens arrive with spaces inside
    if not token:
        return Problem(codes.MALFORMED_HEADER, "no PASSporT before the parameters")
    if not _TOKEN_CHARS.fullmatch(token):
        return Problem(codes.MALFORMED_HEADER, "PASSporT has characters outside base64url")
    return token


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def _split_outside(text: str, sep: str) -> list[str]:
    """Split on ``sep`` except inside "quoted strings" and <angle brackets>.

    A regex consumes whole runs between the characters that matter, so an
    ordinary header is a handful of steps; an unterminated quote or bracket
    runs to the end, as it would for a SIP parser.
    """
    if '"' not in text and "<" not in text:
        return text.split(sep)
    out: list[str] = []
    current: list[str] = []
    for piece in _PIECES[sep].findall(text):
        if piece == sep:
            out.append("".join(current))
            current = []
        else:
            current.append(piece)
    out.append("".join(current))
    return out
