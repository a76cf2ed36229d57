"""parse_number: any written form of a phone number -> a classified NumberInfo.

Screening calls this for every call and SMS, so the work is split in two: a pure
function that does the parsing and classification, and an LRU cache in front of
it. Rejections are cached too (as reasons, not exception objects), so a flood of
the same junk caller ID costs no more than a flood of one real number.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

from fanzha.core.errors import InvalidNumberError
from fanzha.core.masking import mask_text
from fanzha.numbers.normalize import NumberSyntaxError, extract_number
from fanzha.numbers.prefixes import NumberRange, load_prefix_table
from fanzha.numbers.registry import Registry, load_registry
from fanzha.numbers.types import NumberClass, NumberInfo

MAX_RAW_CHARS = 256
CACHE_SIZE = 100_000

_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_FIXED_TYPES = frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_GREATER_CHINA = frozenset({"HK", "MO", "TW"})
_NON_GEOGRAPHIC = "001"  # +800 freephone, +870 Inmarsat, +979 ...: no country
# What the geocoder answers when it only knows the country: not a location.
_NO_LOCATION = frozenset({"", "中国", "China"})

_PARSE_ERRORS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    phonenumbers.NumberParseException.TOO_LONG: "too long",
}

# Countries whose mobiles carry a token the geocoder strips (Mexico, Argentina):
# their descriptions are not a function of the leading digits, so never cached.
_MOBILE_TOKEN_CODES = frozenset({52, 54})

_Location = tuple[str | None, str | None]  # (zh, en)
_FOREIGN_GEO: dict[tuple[str, str], _Location] = {}
_FOREIGN_GEO_SIZE = 1 << 14

_default_registry: Registry | None = None


class _Rejected(Exception):
    """Internal: a parse failure, turned into a cacheable (reason, message) pair."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def set_default_registry(registry: Registry | None) -> None:
    """Install the registry that ``parse_number(..., registry=None)`` uses.

    The service calls this at start-up with ``load_registry(settings.registry_file)``;
    ``None`` goes back to the bundled registry.
    """
    global _default_registry
    _default_registry = registry


def default_registry() -> Registry:
    return _default_registry if _default_registry is not None else load_registry()


def parse_number(
    raw: str, default_region: str = "CN", registry: Registry | None = None
) -> NumberInfo:
    """Parse and classify ``raw``; raises InvalidNumberError and nothing else.

    ``default_region`` says how to read numbers written without a country code.
    Numbers listed in ``registry`` (default: the default registry) are OFFICIAL.
    """
    if not isinstance(raw, str):
        raise InvalidNumberError(
            "invalid phone number: input is not text",
            details={"input": type(raw).__name__, "reason": "not_text"},
        )
    if len(raw) > MAX_RAW_CHARS:
        result: NumberInfo | tuple[str, str] = ("too_long", f"input longer than {MAX_RAW_CHARS}")
    else:
        if default_region != "CN":
            default_region = default_region.upper()
        if registry is None:
            registry = default_registry()
        result = _parse_cached(raw, default_region, registry)
    if isinstance(result, NumberInfo):
        return result
    reason, message = result
    raise InvalidNumberError(
        f"invalid phone number: {message}", details={"input": _excerpt(raw), "reason": reason}
    )


def clear_parse_cache() -> None:
    """Forget cached parse results (for benchmarks and tests).

    The per-block location caches stay: they depend only on phonenumbers' data.
    """
    _parse_cached.cache_clear()


def parse_cache_info() -> Any:
    """functools cache statistics (hits, misses, currsize) for monitoring and benchmarks."""
    return _parse_cached.cache_info()


@lru_cache(maxsize=CACHE_SIZE)
def _parse_cached(raw: str, region: str, registry: Registry) -> NumberInfo | tuple[str, str]:
    try:
        return _parse(raw, region, registry)
    except (NumberSyntaxError, _Rejected) as exc:
        return exc.reason, exc.message


def _parse(raw: str, region: str, registry: Registry) -> NumberInfo:
    text = extract_number(raw)
    if region == "CN":
        if text[0] == "+":
            return _international(raw, text[1:], registry)
        if text.startswith("00"):  # mainland international prefix
            return _international(raw, text[2:], registry)
        if text[0] == "0":
            return _domestic(raw, text[1:], registry, trunk=True)
        if text.startswith("86"):  # country code without '+'; no national number starts 86
            return _domestic(raw, _drop_trunk(text[2:]), registry, trunk=False)
        return _domestic(raw, text, registry, trunk=False)
    return _other_region(raw, text, region, registry)


def _drop_trunk(nsn: str) -> str:
    # "+86 (0)10 ..." and "+86 0755 ..." keep the trunk 0 after the country code.
    return nsn[1:] if nsn.startswith("0") else nsn


def _international(raw: str, digits: str, registry: Registry) -> NumberInfo:
    if digits.startswith("86"):
        return _domestic(raw, _drop_trunk(digits[2:]), registry, trunk=False)
    return _foreign(raw, _pn_parse("+" + digits, None))


def _other_region(raw: str, text: str, region: str, registry: Registry) -> NumberInfo:
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise _Rejected("bad_region", f"unknown default region {region[:8]!r}")
    number = _pn_parse(text, region)
    if number.country_code == 86:
        return _domestic(raw, str(number.national_number), registry, trunk=False)
    return _foreign(raw, number)


def _pn_parse(text: str, region: str | None) -> PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        why = _PARSE_ERRORS.get(exc.error_type, "not a phone number")
        raise _Rejected("invalid_number", why) from None


def _foreign(raw: str, number: PhoneNumber) -> NumberInfo:
    # region_code_for_number already tests validity against each region sharing the
    # country code (+1 has 25), so test only the region it found, not all again.
    region = phonenumbers.region_code_for_number(number)
    if region is None or not phonenumbers.is_valid_number_for_region(number, region):
        raise _Rejected("invalid_number", f"not a valid number for +{number.country_code}")
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = f"+{number.country_code}{phonenumbers.national_significant_number(number)}"
    if number.country_code in _MOBILE_TOKEN_CODES:
        location_zh, location_en = _foreign_location(number)
    else:
        location_zh, location_en = _foreign_location_cached(region, e164[1:10], number)
    return NumberInfo(
        raw=raw,
        e164=e164,
        national="".join(ch for ch in national if ch.isdigit()),
        country_code=number.country_code or 0,  # always set by parse(); typed Optional
        region=None if region == _NON_GEOGRAPHIC else region,
        number_class=(
            NumberClass.HK_MACAO_TW if region in _GREATER_CHINA else NumberClass.INTERNATIONAL
        ),
        location_zh=location_zh,
        location_en=location_en,
    )


def description_for_valid_number(number: PhoneNumber, lang: str) -> str:
    # Imported on first use: the geocoder's data takes half a second to load,
    # which every process would pay at start-up even if it parses no number.
    from phonenumbers.geocoder import description_for_valid_number as describe

    return str(describe(number, lang))


def _foreign_location(number: PhoneNumber) -> _Location:
    zh = description_for_valid_number(number, "zh")
    en = description_for_valid_number(number, "en")
    return zh or None, en or None


def _foreign_location_cached(region: str, head: str, number: PhoneNumber) -> _Location:
    """Geocoding is the costliest step for foreign numbers (about 30 µs per language).

    The geocoder matches at most 9 leading digits (country code included) and falls
    back to the region's name, so (region, first 9 digits) determines the answer.
    """
    key = (region, head)
    found = _FOREIGN_GEO.get(key)
    if found is None:
        found = _foreign_location(number)
        if len(_FOREIGN_GEO) >= _FOREIGN_GEO_SIZE:
            _FOREIGN_GEO.clear()  # crude but bounded; refills from the live traffic
        _FOREIGN_GEO[key] = found
    return found


def _domestic(raw: str, nsn: str, registry: Registry, *, trunk: bool) -> NumberInfo:
    """Classify a mainland national significant number (no trunk 0, no +86)."""
    length = len(nsn)
    if length == 0:
        raise _Rejected("too_short", "no number after the country code")
    if length < 3 or nsn[0] == "0":
        raise _Rejected("invalid_number", "not a valid mainland China number")
    first = nsn[0]
    if first in "19" and length <= 6 and not trunk:
        return _info(raw, nsn, nsn, NumberClass.SHORT_CODE, registry)
    if first == "1":
        if length in (11, 13):
            info = _mobile_range(raw, nsn, registry)
            if info is not None:
                return info
        # 106 SMS service ports (1069..., 8-20 digits). A 10-digit 106... is a
        # Beijing fixed line (10 + 6xxxxxxx), so that length is left to it.
        if nsn.startswith("106") and 8 <= length <= 20 and length != 10 and not trunk:
            return _info(raw, nsn, nsn, NumberClass.SHORT_CODE, registry)
        if not (length == 10 and nsn.startswith("10")):  # Beijing fixed lines are 10...
            raise _Rejected("invalid_number", "not an allocated mainland China number")
    number = PhoneNumber(country_code=86, national_number=int(nsn))
    kind = phonenumbers.number_type(number)
    if length == 10 and nsn[:3] in ("400", "800"):
        if kind is PhoneNumberType.UNKNOWN:
            raise _Rejected("invalid_number", "not a valid 400/800 number")
        return _info(raw, nsn, nsn, NumberClass.ENTERPRISE, registry)
    if kind not in _FIXED_TYPES:
        raise _Rejected("invalid_number", "not a valid mainland China number")
    area = nsn[:2] if first == "2" or nsn.startswith("10") else nsn[:3]
    return _info(
        raw, nsn, "0" + nsn, NumberClass.FIXED_LINE, registry, _location(number), area_code=area
    )


def _mobile_range(raw: str, nsn: str, registry: Registry) -> NumberInfo | None:
    """Mobile, virtual or IoT number by the prefix table; None if no range fits."""
    found = load_prefix_table().lookup(nsn)
    if found is not None and len(nsn) in found.lengths:
        if found.number_class is NumberClass.IOT:
            # IoT ranges are ours to vouch for: phonenumbers omits most of them.
            return _info(raw, nsn, nsn, NumberClass.IOT, registry, found=found)
        valid, location = _mobile_block(nsn[:7])
        if not valid:
            raise _Rejected("invalid_number", "not a valid mainland China mobile number")
        return _info(raw, nsn, nsn, found.number_class, registry, location, found=found)
    if len(nsn) == 11:
        # A range phonenumbers knows but our table does not (new or satellite blocks).
        valid, location = _mobile_block(nsn[:7])
        if valid:
            return _info(raw, nsn, nsn, NumberClass.MOBILE, registry, location)
    return None


def _mobile_block(head: str) -> tuple[bool, _Location]:
    """Validity and location of the 11-digit mobiles starting with ``head`` (7 digits).

    phonenumbers decides mobile validity on at most the first 5 digits and geocodes
    mobiles by 7-digit block (号段), so one answer serves all 10,000 numbers of a
    block; this takes both library calls off the per-number path.
    tests/numbers checks the equivalence against phonenumbers on random numbers.
    """
    if not _mobile_prefix_valid(head[:5]):
        return False, (None, None)
    return True, _mobile_location(head)


@lru_cache(maxsize=1 << 12)
def _mobile_prefix_valid(head: str) -> bool:
    number = PhoneNumber(country_code=86, national_number=int(head + "000000"))
    return phonenumbers.number_type(number) in _MOBILE_TYPES


@lru_cache(maxsize=1 << 18)
def _mobile_location(head: str) -> _Location:
    # Interned: a few hundred distinct place names serve every cached block.
    zh, en = _location(PhoneNumber(country_code=86, national_number=int(head + "0000")))
    return (sys.intern(zh) if zh else None), (sys.intern(en) if en else None)


def _location(number: PhoneNumber) -> _Location:
    zh = description_for_valid_number(number, "zh")
    if zh in _NO_LOCATION:  # only "China": the geocoder knows no city or province
        return None, None
    en = description_for_valid_number(number, "en")
    return zh, (en if en not in _NO_LOCATION else None)


def _info(
    raw: str,
    nsn: str,
    national: str,
    number_class: NumberClass,
    registry: Registry,
    location: _Location = (None, None),
    *,
    found: NumberRange | None = None,
    area_code: str | None = None,
) -> NumberInfo:
    official = registry.lookup(national)
    return NumberInfo(
        raw=raw,
        e164="+86" + nsn,
        national=national,
        country_code=86,
        region="CN",
        number_class=NumberClass.OFFICIAL if official is not None else number_class,
        carrier=found.carrier if found is not None else None,
        virtual_host=found.virtual_host if found is not None else None,
        location_zh=location[0],
        location_en=location[1],
        area_code=area_code,
        official=official,
    )


def _excerpt(raw: str) -> str:
    """A loggable, masked, bounded rendering of bad input for error details."""
    text = "".join(
        ch if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else "?" for ch in raw[:40]
    )
    text = mask_text(text) + ("…" if len(raw) > 40 else "")
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(positions) >= 10:  # digits mask_text did not see (URIs, brackets, dots)
        hidden = set(positions[3:-4])
        text = "".join("*" if i in hidden else ch for i, ch in enumerate(text))
    return text
