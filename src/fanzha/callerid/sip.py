"""Small, strict helpers for the SIP header values fanzha reads and writes.

Kamailio parses live messages (``sip_message`` recorded ones); these functions
only take apart and rebuild the few header values fanzha touches (From,
P-Asserted-Identity, the verdict and the rejection headers). Everything that
goes back into a SIP message passes through ``header_safe`` so no value read
from a call can inject a header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

VERSTAT = "verstat"
_CTL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9.!%*_+`'~-]")


def header_safe(text: str, limit: int = 256) -> str:
    """Printable ASCII only, no CR/LF, at most ``limit`` characters."""
    clean = _CTL.sub(" ", text.encode("ascii", "replace").decode("ascii"))
    return clean[:limit]


def quoted(text: str, limit: int = 200) -> str:
    """A SIP quoted-string of ASCII text (for Warning and Reason)."""
    body = header_safe(text, limit).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def token(text: str, limit: int = 64) -> str:
    return _NOT_TOKEN.sub("_", text)[:limit] or "-"


def uri_of(header_body: str) -> str:
    """The URI of a name-addr (``"Bob" <sip:...>;tag=1``) or addr-spec (``sip:...;tag=1``)."""
    body = header_body.strip()
    start = body.find("<")
    if start >= 0:
        end = body.find(">", start)
        return body[start + 1 : end if end > 0 else None].strip()
    return body.split(";", 1)[0].strip()


def replace_uri(header_body: str, new_uri: str) -> str:
    """The header value with its URI replaced (display name and parameters kept)."""
    body = header_body.strip()
    start = body.find("<")
    if start >= 0:
        end = body.find(">", start)
        if end > 0:
            return f"{body[: start + 1]}{new_uri}{body[end:]}"
        return f"{body[: start + 1]}{new_uri}>"
    _, sep, params = body.partition(";")
    # An addr-spec cannot carry URI parameters; the rebuilt value uses <...> so it can.
    return f"<{new_uri}>" + (f";{params}" if sep else "")


def _split_scheme(uri: str) -> tuple[str, str]:
    scheme, sep, rest = uri.partition(":")
    if not sep:
        return "", uri
    return scheme.lower(), rest


def user_of(uri: str) -> str:
    """The telephone number (or user) of a SIP or tel URI, without user parameters.

    ``sip:+8613812345678;verstat=X@host;user=phone`` -> ``+8613812345678``;
    ``tel:+8613812345678;cpc=ordinary`` -> ``+8613812345678``.
    """
    scheme, rest = _split_scheme(uri.strip())
    if scheme in {"sip", "sips"}:
        if "@" not in rest:
            return ""
        user = rest.rsplit("@", 1)[0]
        user = user.split(":", 1)[0]  # user:password
    elif scheme == "tel":
        user = rest
    else:
        return ""
    return unquote(user.split(";", 1)[0]).strip()


def _drop_param(params: Iterable[str], name: str) -> list[str]:
    lowered = name.lower()
    return [p for p in params if p and p.split("=", 1)[0].strip().lower() != lowered]


def with_verstat(uri: str, verstat: str | None) -> str:
    """The URI with its verstat set (or removed, when ``verstat`` is None).

    3GPP TS 24.229 / ATIS-1000074: a tel URI carries ``;verstat=`` as a URI
    parameter; a SIP URI carries it in its user part, where the telephone
    number's own parameters live: ``sip:+86...;verstat=TN-Validation-Passed@host;user=phone``.
    A URI without a user part is returned unchanged.
    """
    scheme, rest = _split_scheme(uri.strip())
    if scheme in {"sip", "sips"}:
        if "@" not in rest:
            return uri
        user, host = rest.rsplit("@", 1)
        number, *params = user.split(";")
        params = _drop_param(params, VERSTAT)
        if verstat:
            params.append(f"{VERSTAT}={verstat}")
        return f"{scheme}:{';'.join([number, *params])}@{host}"
    if scheme == "tel":
        number, *params = rest.split(";")
        params = _drop_param(params, VERSTAT)
        if verstat:
            params.append(f"{VERSTAT}={verstat}")
        return f"tel:{';'.join([number, *params])}"
    return uri


def verstat_of(uri: str) -> str | None:
    scheme, rest = _split_scheme(uri.strip())
    if scheme in {"sip", "sips"}:
        if "@" not in rest:
            return None
        params = rest.rsplit("@", 1)[0].split(";")[1:]
    elif scheme == "tel":
        params = rest.split(";")[1:]
    else:
        return None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == VERSTAT:
            return value.strip()
    return None


def parse_params(value: str) -> tuple[str, dict[str, str]]:
    """``international; trunk=gw-1; roaming-verified`` -> ("international", {...})."""
    first, *rest = value.split(";")
    params: dict[str, str] = {}
    for item in rest:
        name, sep, val = item.partition("=")
        name = name.strip().lower()
        if name:
            params[name] = val.strip().strip('"') if sep else ""
    return first.strip().lower(), params


def http_date_to_unix(value: str) -> int | None:
    """The SIP Date header (RFC 1123 date) as a Unix time, or None."""
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
    return int(parsed.timestamp())


def split_addresses(body: str) -> list[str]:
    """A header value holding several name-addrs, split on commas outside <> and quotes."""
    out: list[str] = []
    start, angle, quoted_ = 0, 0, False
    for i, ch in enumerate(body):
        if ch == '"' and (i == 0 or body[i - 1] != "\\"):
            quoted_ = not quoted_
        elif not quoted_ and ch == "<":
            angle += 1
        elif not quoted_ and ch == ">" and angle:
            angle -= 1
        elif not quoted_ and not angle and ch == ",":
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return [part for part in out if part.strip()]


def asserted_caller(pai_bodies: Iterable[str]) -> str:
    """The first telephone number (or user) among P-Asserted-Identity values, or ""."""
    for body in pai_bodies:
        for part in split_addresses(body):
            user = user_of(uri_of(part))
            if user:
                return user
    return ""
