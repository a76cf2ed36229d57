"""Links: with a scheme (https://...), or without one when the host ends in a known
top-level domain (www.x.com, t.cn/xyz, icbc-safe.top) or is an IP address with a
port or path (1.2.3.4/login). Links stop at Chinese text and closing punctuation."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from fanzha.text.entities.base import Candidate, source_index, with_case
from fanzha.text.normalize import Normalized

# Scheme-less links need a known top-level domain, or "file.py" and "readme.md"
# would be links: generic, Chinese-market, shortener and cheap scam favourites.
_TLDS = (
    "com", "net", "org", "info", "biz", "edu", "gov", "int", "cn", "hk", "mo", "tw", "top",
    "xyz", "vip", "cc", "co", "io", "tv", "app", "dev", "shop", "store", "site", "online",
    "club", "icu", "ink", "ltd", "wang", "asia", "xin", "ren", "kim", "buzz", "bond", "cfd",
    "sbs", "cyou", "monster", "uk", "jp", "kr", "sg", "ph", "th", "vn", "kh", "mm", "ru", "de",
    "fr", "nl", "ch", "se", "eu", "ly", "gd", "gl", "tk", "ml", "ga", "cf", "gq", "pw", "ws",
    "su", "nz",
)  # fmt: skip
# Top-level domains that are also words: "Thanks.Game starts" and "here.money"
# lack a space, not a link. These need more evidence (see _wordlike_host).
_WORD_TLDS = (
    "me", "it", "my", "us", "id", "la", "ai", "es", "ca", "au", "live", "fun", "work", "tech",
    "pro", "cloud", "link", "life", "space", "website", "win", "bid", "loan", "mobi", "name",
    "red", "group", "plus", "run", "fit", "lol", "rest", "art", "beauty", "hair", "makeup",
    "skin", "click", "today", "world", "news", "email", "games", "game", "bet", "casino",
    "money", "cash", "finance", "fund", "credit", "bank", "pay", "trade", "market",
)  # fmt: skip
_WORD_TLD_SET = frozenset(_WORD_TLDS)
_TLD = (
    "(?:"
    + "|".join(sorted((*_TLDS, *_WORD_TLDS), key=len, reverse=True))
    + r"|xn--[a-z0-9-]{2,59})"
)
_LABEL = r"(?:xn--[a-z0-9-]{1,59}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IP = rf"(?:{_OCTET}\.){{3}}{_OCTET}"
# Printable ASCII a link may contain; anything else (Chinese text, "，", spaces,
# quotes, angle brackets, emoji) ends it.
_URL_CHAR = r"[!#$%&()*+,\-./0-9:;=?@\[\]_a-z~]"
_PORT = r"(?::[0-9]{1,5})"

_URL = re.compile(
    rf"(?<![a-z0-9])(?P<scheme>https?|ftp)://(?P<rest>{_URL_CHAR}+)"
    rf"|(?<![a-z0-9@._%+\-/])(?P<host>(?:{_LABEL}[.。])+{_TLD})(?![a-z0-9\-])"
    rf"(?P<tail>{_PORT}?(?:[/?#]{_URL_CHAR}*)?)"
    rf"|(?<![0-9.])(?P<ip>{_IP})(?![0-9])"
    rf"(?P<iptail>{_PORT}(?:[/?#]{_URL_CHAR}*)?|[/?#]{_URL_CHAR}*)"
)
_TRAILING = ".,;:!?*'\"-"
# Senders write a link's dots as "。" (www。abc。com) to get past filters; see
# _linklike_host for when that is believed.
_IDEOGRAPHIC_DOT = str.maketrans("。", ".")
_CLOSERS = {")": "(", "]": "["}
_IP_HOST = re.compile(rf"{_IP}|\[[0-9a-f:.]+\]")


def find_urls(norm: Normalized) -> Iterator[Candidate]:
    text = norm.text
    for match in _URL.finditer(text):
        start = match.start()
        end = _trim(norm, start, match.end())
        if match["scheme"]:
            head = len(match["scheme"]) + 3
            authority_end = _authority_end(text, start + head, end)
            authority = text[start + head : authority_end]
            host = authority.rpartition("@")[2]
            host = host if host.startswith("[") else host.partition(":")[0]
            if not any(char.isalnum() for char in host):
                continue
            host_start = start + head + len(authority) - len(authority.rpartition("@")[2])
            value = match["scheme"] + "://" + authority + with_case(norm, authority_end, end)
            details = _details(norm, host, host_start, userinfo="@" in authority)
        else:
            written_host = match["host"] or match["ip"]
            host = written_host.translate(_IDEOGRAPHIC_DOT)
            host_end = start + len(host)
            if end < host_end:
                continue
            if end == host_end and (
                _wordlike_host(host) or (host != written_host and not _linklike_host(host))
            ):
                continue
            value = "http://" + host + with_case(norm, host_end, end)
            details = _details(norm, host, start, userinfo=False)
            details["scheme_added"] = True
        yield Candidate("url", start, end, value, details)


def _wordlike_host(host: str) -> bool:
    """A bare "word.word" ending in a word-like domain, with nothing that marks it as
    a link (www., a third label, a hyphen or digit in the name, a path or port)."""
    labels = host.split(".")
    return (
        len(labels) == 2 and labels[1] in _WORD_TLD_SET and re.search(r"[-0-9]", labels[0]) is None
    )


def _linklike_host(host: str) -> bool:
    """A host written with "。" for dots, where a sentence could end just as well
    ("转到6222...。xyz"): believed when it has www. or three labels (or a path)."""
    return host.startswith("www.") or host.count(".") >= 2


def _authority_end(text: str, begin: int, end: int) -> int:
    for index in range(begin, end):
        if text[index] in "/?#":
            return index
    return end


def _trim(norm: Normalized, start: int, end: int) -> int:
    """Drop what follows a link rather than belongs to it: sentence punctuation,
    an unmatched closing bracket, a full-width comma or colon folded to ASCII."""
    text = norm.text
    for index in range(start, end):
        if text[index] in ",;:!?()[]" and not norm.original[source_index(norm, index)].isascii():
            end = index
            break
    while end > start:
        last = text[end - 1]
        if last in _TRAILING or (
            last in _CLOSERS
            and text.count(last, start, end) > text.count(_CLOSERS[last], start, end)
        ):
            end -= 1
        else:
            break
    return end


def _details(norm: Normalized, host: str, host_start: int, *, userinfo: bool) -> dict[str, Any]:
    details: dict[str, Any] = {"host": host}
    is_ip = _IP_HOST.fullmatch(host) is not None
    details["is_ip"] = is_ip
    if userinfo:
        # http://www.icbc.com.cn@evil.top/ goes to evil.top, whatever it shows first.
        details["userinfo"] = True
    labels = host.split(".")
    if any(label.startswith("xn--") for label in labels):
        details["punycode"] = True
        with contextlib.suppress(UnicodeError):
            details["host_unicode"] = host.encode("ascii").decode("idna")
    written = norm.original_words(host_start, host_start + len(host))
    if not unicodedata.normalize("NFKC", written).isascii():
        # Look-alike or invisible characters in the host as the sender wrote it.
        details["host_as_written"] = written
    return details
