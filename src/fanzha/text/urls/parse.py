"""Reading untrusted link text into its parts, offline.

Links in scam messages are often written without a scheme (``www.icbc-cn.top/login``,
``t.cn/A6abc``), with full-width characters (``ｗｗｗ．icbc．com``), with an IP
address in a form browsers accept but people do not recognise (``http://3232235777/``),
with a user name before ``@`` that looks like a bank's host, or in punycode
(``xn--80ak6aa92e.com``). ``parse_url`` reads them the way a browser would (WHATWG URL
rules where they matter for the host) and raises only ``UrlParseError``, whose
``reason`` says what is wrong. It never touches the network: the registered domain
comes from the Public Suffix List snapshot bundled with tldextract.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

#: Longest link text read; longer text is cut (a link this long is itself a warning).
MAX_URL_CHARS = 4096

# Schemes browsers treat as "special": any number of slashes or backslashes may follow.
_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
# Defanged forms used in threat-intelligence feeds.
_DEFANGED = {"hxxp": "http", "hxxps": "https", "fxp": "ftp"}
# Schemes that name no host (javascript:alert(1), mailto:a@b.c, tel:95588).
_HOSTLESS_SCHEMES = frozenset(
    {"javascript", "data", "mailto", "tel", "sms", "smsto", "about", "blob", "file", "vbscript"}
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]{0,31}):")
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]"
)
_STRIP = " \t\r\n\u3000\"'`<>()（）【】「」『』《》〈〉“”‘’,，;；!！?？。、…"
_IDEOGRAPHIC_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_FORBIDDEN_HOST = frozenset(" #%/:<>?@[\\]^|\"'`{}")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_LDH = re.compile(r"[a-z0-9_\-]+")
_NUMERIC_LABEL = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)")


class UrlParseError(ValueError):
    """The text is not a link fanzha can read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    """The parts of a link. ``host`` is lower-case ASCII (punycode for international
    names, dotted quad or compressed IPv6 for addresses); ``host_unicode`` is the same
    host decoded for display and script checks. ``registered_domain`` is the
    eTLD+1 (``icbc.com.cn``, ``foo.github.io``), the address itself for an IP, and the
    host itself when the host is a bare public suffix."""

    text: str
    scheme: str
    userinfo: str
    host: str
    host_unicode: str
    port: int | None
    path: str
    query: str
    fragment: str
    ip_version: int = 0
    ip_obfuscated: bool = False
    registered_domain: str = ""
    suffix: str = ""
    private_suffix: bool = False
    subdomain: str = ""

    @property
    def has_scheme(self) -> bool:
        return bool(self.scheme)

    @property
    def is_ip(self) -> bool:
        return self.ip_version != 0

    @property
    def labels(self) -> tuple[str, ...]:
        return () if self.is_ip else tuple(self.host.split("."))

    @property
    def unicode_labels(self) -> tuple[str, ...]:
        return () if self.is_ip else tuple(self.host_unicode.split("."))

    @property
    def tld(self) -> str:
        """The last label (``cn`` for ``icbc.com.cn``); empty for an IP."""
        return "" if self.is_ip else self.host.rsplit(".", 1)[-1]

    @property
    def registered_label(self) -> str:
        """The registered domain without its suffix (``icbc`` for ``www.icbc.com.cn``)."""
        if self.is_ip or self.registered_domain == self.suffix:
            return ""
        if not self.suffix:
            return self.registered_domain.split(".", 1)[0]
        return self.registered_domain[: -len(self.suffix) - 1]

    @property
    def registered_domain_unicode(self) -> str:
        """The registered domain as people read it (Chinese, Cyrillic... decoded)."""
        if self.is_ip or not self.registered_domain:
            return self.registered_domain
        count = self.registered_domain.count(".") + 1
        return ".".join(self.host_unicode.split(".")[-count:])

    @property
    def subdomain_labels(self) -> tuple[str, ...]:
        return tuple(self.subdomain.split(".")) if self.subdomain else ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "userinfo": self.userinfo,
            "host": self.host,
            "host_unicode": self.host_unicode,
            "port": self.port,
            "path": self.path,
            "query": self.query,
            "fragment": self.fragment,
            "registered_domain": self.registered_domain,
            "suffix": self.suffix,
            "ip_version": self.ip_version,
        }


@lru_cache(maxsize=1)
def _extractor() -> Any:
    import tldextract

    # No suffix_list_urls: the bundled Public Suffix List snapshot, never a download;
    # no cache_dir: nothing written to disk. Private suffixes (github.io, web.app)
    # count, so that every user site there is its own registered domain.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def clean_text(text: str) -> str:
    """The link text as a browser would see it: NFKC (full-width letters to ASCII),
    invisible characters removed, surrounding brackets and sentence punctuation cut."""
    text = unicodedata.normalize("NFKC", text[: MAX_URL_CHARS * 2])
    text = _INVISIBLE.sub("", text).replace("\t", "").replace("\r", "").replace("\n", "")
    return text.strip(_STRIP)[:MAX_URL_CHARS]


def parse_url(text: str) -> ParsedUrl:
    """Split ``text`` into a ``ParsedUrl``; raise ``UrlParseError`` if it is no link."""
    if not isinstance(text, str):
        raise UrlParseError("not text")
    cleaned = clean_text(text)
    if not cleaned:
        raise UrlParseError("empty")
    if _CONTROL.search(cleaned):
        raise UrlParseError("control characters")
    scheme, rest = _split_scheme(cleaned)
    special = scheme in _SPECIAL_SCHEMES or not scheme
    stops = "/?#\\" if special else "/?#"
    end = next((i for i, c in enumerate(rest) if c in stops), len(rest))
    authority, tail = rest[:end], rest[end:]
    if special:
        tail = tail.replace("\\", "/")
    tail, _, fragment = tail.partition("#")
    path, _, query = tail.partition("?")
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        userinfo = ""
    host, port = _split_port(hostport)
    return _finish(cleaned, scheme, userinfo, host, port, path, query, fragment)


def try_parse_url(text: str) -> ParsedUrl | None:
    """``parse_url``, or None for text that is no link."""
    try:
        return parse_url(text)
    except UrlParseError:
        return None


def _split_scheme(text: str) -> tuple[str, str]:
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        scheme = _DEFANGED.get(scheme, scheme)
        rest = text[match.end() :]
        if scheme in _HOSTLESS_SCHEMES:
            raise UrlParseError(f"a {scheme}: link names no web host")
        if scheme in _SPECIAL_SCHEMES:
            return scheme, rest.lstrip("/\\")
        if rest.startswith("//"):
            return scheme, rest[2:]
        # host:port/path without a scheme (localhost:8080/x): fall through.
    if text.startswith(("//", "\\\\")):
        return "", text[2:]
    return "", text


def _split_port(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise UrlParseError("unclosed [ in the host")
        host, after = hostport[: close + 1], hostport[close + 1 :]
        if not after:
            return host, None
        if not after.startswith(":"):
            raise UrlParseError("text after the IPv6 address")
        return host, _port(after[1:])
    if hostport.count(":") > 1:
        return hostport, None  # perhaps an IPv6 address without brackets
    host, colon, port = hostport.partition(":")
    return host, (_port(port) if colon else None)


def _port(text: str) -> int | None:
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 5 or int(text) > 65535:
        raise UrlParseError(f"invalid port {text[:16]!r}")
    return int(text)


def _finish(
    cleaned: str,
    scheme: str,
    userinfo: str,
    host: str,
    port: int | None,
    path: str,
    query: str,
    fragment: str,
) -> ParsedUrl:
    parts: dict[str, Any] = {
        "text": cleaned,
        "scheme": scheme,
        "userinfo": userinfo,
        "port": port,
        "path": path,
        "query": query,
        "fragment": fragment,
    }
    if "%" in host:
        host = unquote(host, errors="replace")
        if "\ufffd" in host or "%" in host:
            raise UrlParseError("bad percent-escape in the host")
        host = unicodedata.normalize("NFKC", host)
    host = host.translate(_IDEOGRAPHIC_DOTS).replace("[.]", ".").replace("(.)", ".")
    if host.startswith("[") and host.endswith("]"):
        return _ip6(host[1:-1], parts)
    host = host.lower().rstrip(".")
    if not host:
        raise UrlParseError("no host")
    if host.count(":") > 1:
        return _ip6(host, parts)
    if any(c in _FORBIDDEN_HOST for c in host):
        raise UrlParseError("the host has characters no host name can have")
    labels = host.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        return _ip4(host, labels, parts)
    return _domain(host, labels, parts)


def _ip6(text: str, parts: dict[str, Any]) -> ParsedUrl:
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        raise UrlParseError("invalid IPv6 address") from None
    host = address.compressed
    mapped = address.ipv4_mapped
    return ParsedUrl(
        host=host,
        host_unicode=host,
        ip_version=6,
        ip_obfuscated=mapped is not None,
        registered_domain=host,
        **parts,
    )


def _ip4(host: str, labels: list[str], parts: dict[str, Any]) -> ParsedUrl:
    """WHATWG IPv4 parsing: 1 to 4 parts, each decimal, 0x-hex or 0-octal."""
    if len(labels) > 4:
        raise UrlParseError("invalid IPv4 address")
    numbers: list[int] = []
    for label in labels:
        if not _NUMERIC_LABEL.fullmatch(label):
            raise UrlParseError("invalid IPv4 address")
        try:
            if label[:2] in ("0x", "0X"):
                numbers.append(int(label[2:] or "0", 16))
            elif len(label) > 1 and label[0] == "0":
                numbers.append(int(label, 8))
            else:
                numbers.append(int(label, 10))
        except ValueError:
            raise UrlParseError("invalid IPv4 address") from None
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise UrlParseError("invalid IPv4 address")
    value = numbers[-1] + sum(n * 256 ** (3 - i) for i, n in enumerate(numbers[:-1]))
    dotted = str(ipaddress.IPv4Address(value))
    if not parts["scheme"] and dotted != host:
        # Without a scheme, "3.14" or "12306" is a number, not an address.
        raise UrlParseError("no scheme and not a dotted IPv4 address")
    return ParsedUrl(
        host=dotted,
        host_unicode=dotted,
        ip_version=4,
        ip_obfuscated=dotted != host,
        registered_domain=dotted,
        **parts,
    )


def _domain(host: str, labels: list[str], parts: dict[str, Any]) -> ParsedUrl:
    ascii_labels: list[str] = []
    unicode_labels: list[str] = []
    for label in labels:
        if not label:
            raise UrlParseError("empty label in the host")
        if label.isascii():
            ascii_label = label
            unicode_label = _decode_label(label) if label.startswith("xn--") else label
        else:
            unicode_label = label
            try:
                ascii_label = "xn--" + label.encode("punycode").decode("ascii")
            except UnicodeError:
                raise UrlParseError("the host cannot be written in punycode") from None
        if len(ascii_label) > 63 or not _LDH.fullmatch(ascii_label):
            raise UrlParseError("invalid host name")
        ascii_labels.append(ascii_label)
        unicode_labels.append(unicode_label)
    ascii_host = ".".join(ascii_labels)
    if len(ascii_host) > 253:
        raise UrlParseError("host name too long")
    ext = _extractor()(ascii_host)
    suffix = str(ext.suffix)
    if not parts["scheme"] and (len(labels) < 2 or not suffix):
        raise UrlParseError("no scheme and no known top-level domain")
    if ext.domain:
        registered = f"{ext.domain}.{suffix}" if suffix else str(ext.domain)
        if not suffix and len(ascii_labels) >= 2:
            registered = ".".join(ascii_labels[-2:])
    else:
        registered = ascii_host
    subdomain = ascii_host[: -len(registered) - 1] if len(ascii_host) > len(registered) else ""
    return ParsedUrl(
        host=ascii_host,
        host_unicode=".".join(unicode_labels),
        registered_domain=registered,
        suffix=suffix,
        private_suffix=bool(ext.is_private),
        subdomain=subdomain,
        **parts,
    )


def _decode_label(label: str) -> str:
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError, IndexError, OverflowError):
        raise UrlParseError(f"invalid punycode label {label[:32]!r}") from None
    if decoded.isascii() or any(
        unicodedata.category(c) in ("Cc", "Cs", "Zs") or c in "./" for c in decoded
    ):
        raise UrlParseError(f"invalid punycode label {label[:32]!r}")
    return decoded.lower()
