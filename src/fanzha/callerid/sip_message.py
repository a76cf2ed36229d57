"""A recorded SIP request as text: the parts caller-ID checks read.

Analysts get calls as text: sngrep's or Wireshark's rendering of an INVITE,
a proxy's log, an operator's trace attached to a case. ``parse_sip_request``
reads such text (CRLF or bare LF line ends, folded header lines, compact
header names, repeated headers; the body is ignored) and answers what the
Kamailio handler reads from a live call: the caller (P-Asserted-Identity,
else From), the called number (Request-URI, else To), the Identity headers
and the Date. Input that is not a SIP request is an ``InvalidInputError``
with code ``SIP.MESSAGE_INVALID`` that names the line, never echoes the
text; nothing else is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from fanzha.callerid.sip import asserted_caller, http_date_to_unix, uri_of, user_of
from fanzha.core import InvalidInputError

MAX_MESSAGE_BYTES = 65536
MAX_HEADER_LINES = 256
CODE = "SIP.MESSAGE_INVALID"

# RFC 3261 section 7.3.3 and later RFCs (y: Identity, RFC 8224)
_COMPACT = {
    "a": "accept-contact",
    "b": "referred-by",
    "c": "content-type",
    "d": "request-disposition",
    "e": "content-encoding",
    "f": "from",
    "i": "call-id",
    "j": "reject-contact",
    "k": "supported",
    "l": "content-length",
    "m": "contact",
    "o": "event",
    "r": "refer-to",
    "s": "subject",
    "t": "to",
    "u": "allow-events",
    "v": "via",
    "x": "session-expires",
    "y": "identity",
}
_REQUEST_LINE = re.compile(r"([A-Za-z]{1,32}) +(\S{1,2048}) +SIP/2\.0")
_HEADER_NAME = re.compile(r"[A-Za-z0-9.!%*_+`'~-]{1,64}")


@dataclass(frozen=True, slots=True)
class SipRequest:
    method: str
    request_uri: str
    headers: tuple[tuple[str, str], ...]  # (lower-case full name, value), in message order

    def values(self, name: str) -> list[str]:
        """Every value of a header, by full name in any case, in message order."""
        wanted = name.lower()
        return [value for header, value in self.headers if header == wanted]

    def first(self, name: str) -> str:
        found = self.values(name)
        return found[0] if found else ""

    @property
    def caller(self) -> str:
        """The number as presented: P-Asserted-Identity, else From (as the proxy reads it)."""
        return asserted_caller(self.values("p-asserted-identity")) or user_of(
            uri_of(self.first("from"))
        )

    @property
    def callee(self) -> str:
        """The called number: the Request-URI's user, else To's."""
        return user_of(self.request_uri) or user_of(uri_of(self.first("to")))

    @property
    def identities(self) -> list[str]:
        return self.values("identity")

    @property
    def date(self) -> int | None:
        """The Date header as a Unix time (compact PASSporTs take iat from it)."""
        value = self.first("date")
        return http_date_to_unix(value) if value else None


def parse_sip_request(text: str | bytes) -> SipRequest:
    """Parse the start line and headers of a SIP request given as text."""
    data = text.encode("utf-8", "replace") if isinstance(text, str) else bytes(text)
    if len(data) > MAX_MESSAGE_BYTES:
        raise _invalid(f"the message is larger than {MAX_MESSAGE_BYTES // 1024} KiB")
    if not isinstance(text, str):
        text = data.decode("utf-8", "replace")
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(all_lines) if line.strip()), None)
    if first is None:
        raise _invalid("the message is empty")
    lines = all_lines[first:]
    start = lines[0].strip()
    if start.startswith("SIP/2.0"):
        raise _invalid("this is a SIP response, not a request (paste the INVITE)")
    match = _REQUEST_LINE.fullmatch(start)
    if match is None:
        raise _invalid(
            "the first line is not a SIP request line (METHOD sip:... SIP/2.0)",
            line_number=first + 1,
        )
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(lines[1:], start=first + 2):  # as an editor counts
        if not line.strip():
            break  # the body follows
        if line[0] in " \t":  # a folded continuation of the previous header
            if not headers:
                raise _invalid("a continuation line comes before any header", line_number=number)
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        if len(headers) >= MAX_HEADER_LINES:
            raise _invalid(f"more than {MAX_HEADER_LINES} header lines")
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or _HEADER_NAME.fullmatch(name) is None:
            raise _invalid("a line is not a header (Name: value)", line_number=number)
        lowered = name.lower()
        headers.append((_COMPACT.get(lowered, lowered), value.strip()))
    return SipRequest(match.group(1).upper(), match.group(2), tuple(headers))


def read_sip_request(stream: BinaryIO) -> SipRequest:
    """Parse a request read from a file or standard input (at most the size limit is read)."""
    return parse_sip_request(stream.read(MAX_MESSAGE_BYTES + 1))


def _invalid(message: str, **details: object) -> InvalidInputError:
    return InvalidInputError(f"not a usable SIP request: {message}", code=CODE, details=details)
