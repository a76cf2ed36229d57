"""Number classes, carriers, virtual hosts, locations and official entries."""

from __future__ import annotations

import random
from pathlib import Path

import phonenumbers
import pytest
from phonenumbers.geocoder import description_for_number

from fanzha.numbers.parse import _mobile_block, parse_number
from fanzha.numbers.prefixes import load_prefix_table
from fanzha.numbers.registry import load_registry
from fanzha.numbers.types import Carrier, NumberClass

CM, CU, CT, CB = (
    Carrier.CHINA_MOBILE,
    Carrier.CHINA_UNICOM,
    Carrier.CHINA_TELECOM,
    Carrier.CHINA_BROADNET,
)


@pytest.mark.parametrize(
    ("prefix", "carrier"),
    [
        ("1340", CM), ("1348", CM), ("135", CM), ("138", CM), ("139", CM), ("150", CM),
        ("157", CM), ("172", CM), ("178", CM), ("182", CM), ("184", CM), ("187", CM),
        ("188", CM), ("195", CM), ("197", CM), ("198", CM),
        ("130", CU), ("131", CU), ("132", CU), ("155", CU), ("156", CU), ("166", CU),
        ("175", CU), ("176", CU), ("185", CU), ("186", CU), ("196", CU),
        ("133", CT), ("1349", CT), ("153", CT), ("173", CT), ("177", CT), ("180", CT),
        ("181", CT), ("189", CT), ("190", CT), ("191", CT), ("193", CT), ("199", CT),
        ("192", CB),
    ],
)  # fmt: skip
def test_mobile_carriers(prefix: str, carrier: Carrier) -> None:
    number = (prefix + "5551234567")[:11]
    info = parse_number(number)
    assert info.number_class is NumberClass.MOBILE
    assert info.carrier is carrier
    assert info.virtual_host is None
    assert info.region == "CN" and info.country_code == 86
    assert info.is_domestic and not info.is_official


@pytest.mark.parametrize(
    ("prefix", "host"),
    [
        ("1700", CT), ("1701", CT), ("1702", CT), ("1703", CM), ("1705", CM), ("1706", CM),
        ("1704", CU), ("1707", CU), ("1708", CU), ("1709", CU), ("171", CU), ("162", CT),
        ("165", CM), ("167", CU),
    ],
)  # fmt: skip
def test_virtual_operator_hosts(prefix: str, host: Carrier) -> None:
    info = parse_number((prefix + "1234567890")[:11])
    assert info.number_class is NumberClass.VIRTUAL_MOBILE
    assert info.virtual_host is host
    assert info.carrier is host  # the host network carries the call


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("14512345678", CU), ("14612345678", CU), ("14712345678", CM), ("14812345678", CM),
        ("14912345678", CT), ("1401234567890", None), ("1441234567890", None),
        ("1461234567890", CU),
    ],
)  # fmt: skip
def test_iot_ranges(number: str, carrier: Carrier | None) -> None:
    info = parse_number(number)
    assert info.number_class is NumberClass.IOT
    assert info.carrier is carrier
    assert info.e164 == "+86" + number


@pytest.mark.parametrize("number", ["14012345678", "1451234567890", "14912345678901"])
def test_iot_ranges_check_length(number: str) -> None:
    with pytest.raises(Exception, match="invalid phone number"):
        parse_number(number)


def test_unlisted_range_known_to_phonenumbers_is_plain_mobile() -> None:
    info = parse_number("17400123456")  # satellite block, not in our table
    assert (info.number_class, info.carrier) == (NumberClass.MOBILE, None)


@pytest.mark.parametrize(
    ("raw", "area", "zh", "en"),
    [
        ("010-12345678", "10", "北京市", "Beijing"),
        ("021-12345678", "21", "上海市", "Shanghai"),
        ("0755-12345678", "755", "广东省深圳市", "Shenzhen, Guangdong"),
        ("020-12345678", "20", "广东省广州市", "Guangzhou, Guangdong"),
        ("0571-88888888", "571", "浙江省杭州市", "Hangzhou, Zhejiang"),
    ],
)
def test_fixed_lines(raw: str, area: str, zh: str, en: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.FIXED_LINE
    assert (info.area_code, info.location_zh, info.location_en) == (area, zh, en)
    assert info.carrier is None


def test_mobile_location_from_geocoder() -> None:
    info = parse_number("13812345678")
    expected = phonenumbers.parse("+8613812345678")
    assert info.location_zh == description_for_number(expected, "zh")
    assert info.location_en == description_for_number(expected, "en")
    assert info.location_zh and info.location_zh != "中国"


def test_location_is_none_when_geocoder_only_knows_china() -> None:
    info = parse_number("19212345678")
    assert info.location_zh is None and info.location_en is None


def test_mobile_block_cache_matches_phonenumbers() -> None:
    """The 7-digit block shortcut must give what phonenumbers gives per number."""
    rng = random.Random(7)
    prefixes = [p for p in load_prefix_table().ranges if len(p) == 3] + ["174", "161", "154"]
    for _ in range(3000):
        nsn = rng.choice(prefixes) + "".join(rng.choices("0123456789", k=8))
        nsn = nsn[:11]
        number = phonenumbers.parse("+86" + nsn)
        valid = phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        block_valid, (zh, _en) = _mobile_block(nsn[:7])
        assert block_valid == valid, nsn
        if valid:
            expected = description_for_number(number, "zh")
            assert zh == (expected if expected != "中国" else None), nsn


@pytest.mark.parametrize(
    ("raw", "national"),
    [("4001234567", "4001234567"), ("400-123-4567", "4001234567"), ("800 123 4567", "8001234567"),
     ("+86 400 123 4567", "4001234567")],
)  # fmt: skip
def test_enterprise_numbers(raw: str, national: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.ENTERPRISE
    assert info.national == national
    assert info.location_zh is None


@pytest.mark.parametrize(
    ("raw", "owner"),
    [
        ("110", "Police emergency line"),
        ("96110", "Police anti-fraud warning hotline"),
        ("12381", "MIIT anti-fraud early-warning SMS"),
        ("95588", "Industrial and Commercial Bank of China (ICBC)"),
        ("10086", "China Mobile customer service"),
        ("+8695533", "China Construction Bank (CCB)"),
    ],
)
def test_official_numbers(raw: str, owner: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.OFFICIAL
    assert info.official is not None and info.official.owner_en == owner
    assert info.is_official and info.is_domestic
    assert info.location_zh is None and info.area_code is None


@pytest.mark.parametrize("raw", ["95123", "950618", "12399", "10001", "96000", "119000"])
def test_unlisted_short_numbers(raw: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.SHORT_CODE
    assert (info.e164, info.national, info.official) == ("+86" + raw, raw, None)


@pytest.mark.parametrize("raw", ["1069012345678", "10690123456789012345", "106575551234"])
def test_sms_service_ports_are_short_codes(raw: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.SHORT_CODE
    assert info.e164 == "+86" + raw


def test_ten_digit_106_is_a_beijing_fixed_line() -> None:
    info = parse_number("1065551234")
    assert (info.number_class, info.area_code) == (NumberClass.FIXED_LINE, "10")


@pytest.mark.parametrize(
    ("raw", "region", "zh", "en"),
    [
        ("+85221234567", "HK", "香港", "Hong Kong"),
        ("+85366123456", "MO", "澳门特区", "Macao"),
        ("+886912345678", "TW", "台湾地区", "Taiwan"),
        ("+886221234567", "TW", "台北", "Taipei"),
    ],
)
def test_hong_kong_macao_taiwan(raw: str, region: str, zh: str, en: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.HK_MACAO_TW
    assert (info.region, info.location_zh, info.location_en) == (region, zh, en)
    assert not info.is_domestic


@pytest.mark.parametrize(
    ("raw", "region", "country_code", "zh"),
    [
        ("+12015550123", "US", 1, "美国"),
        ("+447400123456", "GB", 44, "英国"),
        ("+85591234567", "KH", 855, "柬埔寨"),
        ("+9592123456", "MM", 95, "缅甸"),
        ("+639051234567", "PH", 63, "菲律宾"),
    ],
)
def test_international(raw: str, region: str, country_code: int, zh: str) -> None:
    info = parse_number(raw)
    assert info.number_class is NumberClass.INTERNATIONAL
    assert (info.region, info.country_code, info.location_zh) == (region, country_code, zh)
    assert info.carrier is None and not info.is_domestic


def test_foreign_location_cache_is_per_block() -> None:
    # Two US numbers of different areas must not share a cached description.
    assert parse_number("+12015550123").location_en == "New Jersey"
    assert parse_number("+14155552671").location_en == "San Francisco, CA"


def test_custom_registry_is_used_and_cached_separately(tmp_path: Path) -> None:
    path = tmp_path / "reg.toml"
    path.write_text(
        'version = "t1"\n[[number]]\nnumber = "95123"\nowner_zh = "测试"\nowner_en = "Test"\n'
        'category = "bank"\noriginates_calls = true\nnever_block = false\n',
        encoding="utf-8",
    )
    registry = load_registry(path)
    assert parse_number("95123", registry=registry).number_class is NumberClass.OFFICIAL
    assert parse_number("95123").number_class is NumberClass.SHORT_CODE
    assert parse_number("95588", registry=registry).number_class is NumberClass.SHORT_CODE


def test_set_default_registry(tmp_path: Path) -> None:
    from fanzha.numbers.parse import default_registry, set_default_registry

    path = tmp_path / "reg.toml"
    path.write_text('version = "empty"\n', encoding="utf-8")
    empty = load_registry(path)
    set_default_registry(empty)
    try:
        assert default_registry() is empty
        assert parse_number("110").number_class is NumberClass.SHORT_CODE
    finally:
        set_default_registry(None)
    assert parse_number("110").number_class is NumberClass.OFFICIAL


@pytest.mark.parametrize("raw", ["+80012345678", "+870 773 111 632"])
def test_non_geographic_numbers_have_no_region(raw: str) -> None:
    info = parse_number(raw)
    assert (info.number_class, info.region) == (NumberClass.INTERNATIONAL, None)
