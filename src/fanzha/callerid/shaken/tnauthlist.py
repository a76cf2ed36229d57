"""The TNAuthList certificate extension (RFC 8226, OID 1.3.6.1.5.5.7.1.26).

    TNAuthorizationList ::= SEQUENCE SIZE (1..MAX) OF TNEntry
    TNEntry ::= CHOICE {
      spc   [0] ServiceProviderCode,        -- IA5String
      range [1] TelephoneNumberRange,       -- SEQUENCE { start TelephoneNumber, count INTEGER (2..MAX), ... }
      one   [2] TelephoneNumber }           -- IA5String (SIZE (1..15)) FROM "0123456789#*"

The module is EXPLICIT TAGS, so SPC "1234" is 30 08 A0 06 16 04 31 32 33 34.
The structure is small enough to encode and decode by hand, which spares a
dependency; the reader is strict DER (definite, minimal lengths, no trailing
bytes) except that it also accepts the IMPLICIT-tagged entries some early
issuers produced, since reading them cannot widen what a certificate grants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography import x509

OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.26")

_TN = re.compile(r"[0-9#*]{1,15}")
_SPC = re.compile(r"[\x21-\x7e]{1,64}")  # printable IA5, no spaces
_MAX_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class Spc:
    code: str


@dataclass(frozen=True, slots=True)
class TNRange:
    start: str
    count: int

    def covers(self, tn: str) -> bool:
        # A range counts up from start within numbers of the same length (ATIS-1000080).
        if len(tn) != len(self.start) or not tn.isdigit() or not self.start.isdigit():
            return False
        offset = int(tn) - int(self.start)
        return 0 <= offset < self.count

    @property
    def end(self) -> str:
        return str(int(self.start) + self.count - 1).zfill(len(self.start))


@dataclass(frozen=True, slots=True)
class OneTN:
    tn: str


TNEntry = Spc | TNRange | OneTN


@dataclass(frozen=True, slots=True)
class TNAuthList:
    entries: tuple[TNEntry, ...]

    def __post_init__(self) -> None:
        if not self.entries:
            raise ValueError("a TNAuthList has at least one entry")
        for entry in self.entries:
            if isinstance(entry, Spc) and not _SPC.fullmatch(entry.code):
                raise ValueError("an SPC is 1 to 64 printable ASCII characters")
            if isinstance(entry, OneTN) and not _TN.fullmatch(entry.tn):
                raise ValueError("a telephone number is 1 to 15 of 0-9 # *")
            if isinstance(entry, TNRange) and (not _TN.fullmatch(entry.start) or entry.count < 2):
                raise ValueError("a range starts at a telephone number and counts at least 2")

    @property
    def spcs(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.entries if isinstance(e, Spc))

    def covers(self, tn: str) -> bool:
        """True if a range or single-number entry lists ``tn`` (SPCs are not numbers)."""
        for entry in self.entries:
            if isinstance(entry, OneTN) and entry.tn == tn:
                return True
            if isinstance(entry, TNRange) and entry.covers(tn):
                return True
        return False

    def encode(self) -> bytes:
        """DER encoding, the extension's value."""
        return _tlv(0x30, b"".join(_entry(e) for e in self.entries))

    @classmethod
    def decode(cls, der: bytes) -> TNAuthList:
        """Parse DER; ValueError on anything that is not a TNAuthorizationList."""
        tag, body, rest = _read(der)
        if tag != 0x30 or rest:
            raise ValueError("TNAuthList is not one SEQUENCE")
        entries: list[TNEntry] = []
        while body:
            if len(entries) >= _MAX_ENTRIES:
                raise ValueError("too many TNAuthList entries")
            tag, content, body = _read(body)
            entries.append(_decode_entry(tag, content))
        return cls(tuple(entries))


def tnauthlist_of(cert: x509.Certificate) -> TNAuthList | None:
    """The certificate's TNAuthList; None if absent; ValueError if malformed."""
    try:
        ext = cert.extensions.get_extension_for_oid(OID)
    except x509.ExtensionNotFound:
        return None
    value = ext.value
    if not isinstance(value, x509.UnrecognizedExtension):
        raise ValueError("unexpected TNAuthList extension type")
    return TNAuthList.decode(value.value)


def extension(tn_auth: TNAuthList) -> x509.UnrecognizedExtension:
    return x509.UnrecognizedExtension(OID, tn_auth.encode())


# --- DER ---------------------------------------------------------------------


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _length(len(content)) + content


def _ia5(text: str) -> bytes:
    return _tlv(0x16, text.encode("ascii"))


def _integer(n: int) -> bytes:
    # Positive INTEGER, minimal two's complement: one extra bit keeps the sign 0.
    return _tlv(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def _entry(entry: TNEntry) -> bytes:
    if isinstance(entry, Spc):
        return _tlv(0xA0, _ia5(entry.code))
    if isinstance(entry, TNRange):
        return _tlv(0xA1, _tlv(0x30, _ia5(entry.start) + _integer(entry.count)))
    return _tlv(0xA2, _ia5(entry.tn))


def _read(data: bytes) -> tuple[int, bytes, bytes]:
    """One DER TLV: (tag, content, remaining bytes)."""
    if len(data) < 2:
        raise ValueError("truncated DER")
    tag = data[0]
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tags are not used here")
    first = data[1]
    if first < 0x80:
        length, offset = first, 2
    else:
        count = first & 0x7F
        if count == 0 or count > 4:
            raise ValueError("indefinite or oversized DER length")
        if len(data) < 2 + count:
            raise ValueError("truncated DER length")
        length = int.from_bytes(data[2 : 2 + count], "big")
        if length < 0x80 or data[2] == 0:
            raise ValueError("non-minimal DER length")
        offset = 2 + count
    end = offset + length
    if end > len(data):
        raise ValueError("truncated DER content")
    return tag, data[offset:end], data[end:]


def _read_one(data: bytes, tag: int) -> bytes:
    got, content, rest = _read(data)
    if got != tag or rest:
        raise ValueError(f"expected one element with tag {tag:#x}")
    return content


def _text(content: bytes) -> str:
    try:
        return content.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError("IA5String with non-ASCII bytes") from None


def _positive_integer(content: bytes) -> int:
    if not content:
        raise ValueError("empty INTEGER")
    if len(content) > 1 and (
        (content[0] == 0 and content[1] < 0x80) or (content[0] == 0xFF and content[1] >= 0x80)
    ):
        raise ValueError("non-minimal INTEGER")
    if content[0] & 0x80:
        raise ValueError("negative count")
    if len(content) > 16:
        raise ValueError("count out of range")
    return int.from_bytes(content, "big")


def _range(body: bytes) -> TNRange:
    tag, start, body = _read(body)
    if tag != 0x16:
        raise ValueError("range start is not an IA5String")
    tag, count, _extensions = _read(body)  # the type is extensible ("..."): ignore the rest
    if tag != 0x02:
        raise ValueError("range count is not an INTEGER")
    return TNRange(_text(start), _positive_integer(count))


def _decode_entry(tag: int, content: bytes) -> TNEntry:
    if tag == 0xA0:
        return Spc(_text(_read_one(content, 0x16)))
    if tag == 0xA1:
        if content[:1] == b"\x30":
            return _range(_read_one(content, 0x30))
        return _range(content)  # IMPLICIT [1] SEQUENCE
    if tag == 0xA2:
        return OneTN(_text(_read_one(content, 0x16)))
    if tag == 0x80:
        return Spc(_text(content))  # IMPLICIT [0] IA5String
    if tag == 0x82:
        return OneTN(_text(content))  # IMPLICIT [2] IA5String
    raise ValueError(f"unknown TNEntry tag {tag:#x}")
