"""Types of the numbers capability: number classes, parsed numbers, official entries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NumberClass(StrEnum):
    MOBILE = "mobile"  # domestic mobile of a network operator
    VIRTUAL_MOBILE = "virtual_mobile"  # virtual-operator ranges 170/171/162/165/167
    IOT = "iot"  # IoT and data-only ranges (14x)
    FIXED_LINE = "fixed_line"  # domestic fixed line with area code
    ENTERPRISE = "enterprise"  # 400 / 800 enterprise numbers
    OFFICIAL = "official"  # short service number listed in the official registry
    SHORT_CODE = "short_code"  # other domestic short number (unlisted 95xxx, 1xxxx ...)
    HK_MACAO_TW = "hk_macao_tw"  # Hong Kong, Macao, Taiwan
    INTERNATIONAL = "international"  # any other country


class Carrier(StrEnum):
    CHINA_MOBILE = "china_mobile"
    CHINA_UNICOM = "china_unicom"
    CHINA_TELECOM = "china_telecom"
    CHINA_BROADNET = "china_broadnet"


CARRIER_NAMES: dict[Carrier, tuple[str, str]] = {
    Carrier.CHINA_MOBILE: ("中国移动", "China Mobile"),
    Carrier.CHINA_UNICOM: ("中国联通", "China Unicom"),
    Carrier.CHINA_TELECOM: ("中国电信", "China Telecom"),
    Carrier.CHINA_BROADNET: ("中国广电", "China Broadnet"),
}

DOMESTIC_CLASSES = frozenset(
    {
        NumberClass.MOBILE,
        NumberClass.VIRTUAL_MOBILE,
        NumberClass.IOT,
        NumberClass.FIXED_LINE,
        NumberClass.ENTERPRISE,
        NumberClass.OFFICIAL,
        NumberClass.SHORT_CODE,
    }
)


@dataclass(frozen=True, slots=True)
class OfficialNumber:
    """An entry of the official service-number registry."""

    number: str  # digits as dialled inside mainland China, e.g. "95588"
    owner_zh: str
    owner_en: str
    category: (
        str  # emergency, police, government, anti_fraud, carrier, bank, insurer, payment, courier
    )
    originates_calls: bool  # does the owner ever place outgoing calls from this number?
    never_block: bool  # emergency and anti-fraud numbers are never blocked
    callback: str  # number a person should call back to check a claim (usually the same)


@dataclass(frozen=True, slots=True)
class NumberInfo:
    """A parsed and classified phone number.

    ``e164`` is the normalised key used everywhere (storage, reputation, logs
    masked). Short service numbers have no E.164 form; they are keyed as
    ``+86`` followed by the short number (``+86110``), so keys never collide
    with full numbers and stay unique per country.
    """

    raw: str
    e164: str
    national: (
        str  # as dialled inside the number's own country, e.g. "13812345678", "01012345678", "110"
    )
    country_code: int
    region: str | None  # ISO 3166 code: CN, HK, MO, TW, US ...
    number_class: NumberClass
    carrier: Carrier | None = None  # for mobile, virtual and IoT ranges
    virtual_host: Carrier | None = None  # host network of a virtual-operator number, when known
    location_zh: str | None = None  # city or province, e.g. "北京市", "广东省深圳市"
    location_en: str | None = None
    area_code: str | None = None  # fixed lines: "10", "21", "755" ...
    official: OfficialNumber | None = None

    @property
    def is_domestic(self) -> bool:
        """Mainland China number (the operator's own numbering plan)."""
        return self.number_class in DOMESTIC_CLASSES

    @property
    def is_official(self) -> bool:
        return self.official is not None
