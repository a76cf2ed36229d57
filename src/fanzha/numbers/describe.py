"""Plain-dict views of parsed numbers for JSON output."""

from __future__ import annotations

from typing import Any

from fanzha.numbers.types import CARRIER_NAMES, NumberInfo


def describe_number(info: NumberInfo) -> dict[str, Any]:
    carrier = CARRIER_NAMES.get(info.carrier) if info.carrier else None
    host = CARRIER_NAMES.get(info.virtual_host) if info.virtual_host else None
    official = info.official
    return {
        "number": info.e164,
        "national": info.national,
        "country_code": info.country_code,
        "region": info.region,
        "class": info.number_class.value,
        "domestic": info.is_domestic,
        "carrier": info.carrier.value if info.carrier else None,
        "carrier_name": {"zh": carrier[0], "en": carrier[1]} if carrier else None,
        "virtual_host": host[1] if host else None,
        "location": {"zh": info.location_zh, "en": info.location_en}
        if info.location_zh or info.location_en
        else None,
        "area_code": info.area_code,
        "official": {
            "owner": {"zh": official.owner_zh, "en": official.owner_en},
            "category": official.category,
            "originates_calls": official.originates_calls,
            "never_block": official.never_block,
            "callback": official.callback,
        }
        if official
        else None,
    }
