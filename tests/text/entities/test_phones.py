"""Phone numbers: forms, classes, the official registry, and digits that are not phones."""

from __future__ import annotations

import pytest

from tests.text.entities.helpers import find, texts, values


@pytest.mark.parametrize(
    ("text", "written", "e164"),
    [
        ("有事打我电话13812345678", "13812345678", "+8613812345678"),
        ("联系人：张经理 138-1234-5678", "138-1234-5678", "+8613812345678"),
        ("call 138 1234 5678 today", "138 1234 5678", "+8613812345678"),
        ("+86 138 1234 5678", "+86 138 1234 5678", "+8613812345678"),
        ("+8613812345678", "+8613812345678", "+8613812345678"),
        ("0086-13812345678", "0086-13812345678", "+8613812345678"),
        ("tel:+8613812345678", "+8613812345678", "+8613812345678"),
        ("办公室010-12345678", "010-12345678", "+861012345678"),
        ("(010)12345678", "(010)12345678", "+861012345678"),
        ("深圳0755 1234 5678", "0755 1234 5678", "+8675512345678"),
        ("+86 10 1234 5678", "+86 10 1234 5678", "+861012345678"),
        ("+86(0)10 1234 5678", "+86(0)10 1234 5678", "+861012345678"),
        ("(+86)13812345678", "(+86)13812345678", "+8613812345678"),
        ("+86-138-1234-5678", "+86-138-1234-5678", "+8613812345678"),
        ("86-13812345678", "13812345678", "+8613812345678"),
        ("客服热线400-820-8820", "400-820-8820", "+864008208820"),
        ("免费电话 800 810 8888", "800 810 8888", "+868008108888"),
        ("Call +44 20 7946 0958 now", "+44 20 7946 0958", "+442079460958"),
        ("香港号码00852 6123 4567", "00852 6123 4567", "+85261234567"),
        ("+1 (415) 555-2671", "+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_numbers_and_their_e164(text: str, written: str, e164: str) -> None:
    (phone,) = find(text, "phone")
    assert (phone.text, phone.value) == (written, e164)


@pytest.mark.parametrize(
    ("text", "number_class"),
    [
        ("13812345678", "mobile"),
        ("17012345678", "virtual_mobile"),
        ("010-12345678", "fixed_line"),
        ("4008208820", "enterprise"),
        ("+44 20 7946 0958", "international"),
        ("+852 6123 4567", "hk_macao_tw"),
    ],
)
def test_number_class(text: str, number_class: str) -> None:
    (phone,) = find(text, "phone")
    assert phone.details["number_class"] == number_class
    assert phone.details["official"] is False


def test_location_is_reported() -> None:
    (phone,) = find("010-12345678", "phone")
    assert phone.details["location_zh"] == "北京市"


@pytest.mark.parametrize(
    ("text", "e164", "category"),
    [
        ("如有疑问请致电95588咨询", "+8695588", "bank"),
        ("接到96110来电请务必接听", "+8696110", "anti_fraud"),
        ("遇到诈骗快打110报警", "+86110", "police"),
        ("Please call 95533 to confirm", "+8695533", "bank"),
        ("客服电话：10086", "+8610086", "carrier"),
    ],
)
def test_cued_official_short_codes(text: str, e164: str, category: str) -> None:
    (phone,) = find(text, "phone")
    assert phone.value == e164
    assert phone.details["official"] is True
    assert phone.details["number_class"] == "official"
    assert phone.details["category"] == category
    assert phone.details["owner_zh"]


def test_cued_unlisted_95_number_is_a_short_code() -> None:
    (phone,) = find("请拨打95123转人工", "phone")
    assert phone.details["number_class"] == "short_code"
    assert phone.details["official"] is False


@pytest.mark.parametrize(
    "text",
    [
        "验证码95588，请勿泄露",  # no call cue
        "共95588人参加",
        "拨打了12次",  # not a service number
        "电话费12580元",
    ],
)
def test_short_codes_need_a_call_cue(text: str) -> None:
    assert values(text, "phone") == []


def test_obfuscated_numbers() -> None:
    assert values("电话 １３８１２３４５６７８", "phone") == ["+8613812345678"]
    assert values("电话138.1234.5678", "phone") == ["+8613812345678"]
    assert texts("电话1\u200b3\u200b8\u200b12345678", "phone") == ["1\u200b3\u200b8\u200b12345678"]
    assert values("电话 1 3 8 1 2 3 4 5 6 7 8", "phone") == ["+8613812345678"]
    assert values("电话：138—1234—5678", "phone") == ["+8613812345678"]
    assert values("电话：＋８６　１３８　１２３４　５６７８", "phone") == ["+8613812345678"]


def test_same_as_wechat_is_noted() -> None:
    (phone,) = find("手机13812345678（微信同号）", "phone")
    assert phone.details["same_as_wechat"] is True
    assert "same_as_wechat" not in find("手机13812345678", "phone")[0].details


def test_international_number_drops_a_trailing_count() -> None:
    assert texts("call +852 6123 4567 2 times", "phone") == ["+852 6123 4567"]


def test_compact_number_may_stand_next_to_other_digits() -> None:
    assert values("电话13812345678 12点前回复", "phone") == ["+8613812345678"]


@pytest.mark.parametrize(
    "text",
    [
        "订单号13812345678已发货",  # introduced as an order number
        "快递单号：13812345678",
        "验证码 13812345678",
        "12345678901",  # not an allocated range
        "10012345678",
        "2023-10-01 12:30",
        "日期20231001123456",
        "身份证号11010519491231002X",
        "流水号 202310011234567890",
        "6222 138 1234 5678",  # part of a longer grouped number
        "138 1234 5678 9012",
        "abc13812345678",
        "共 1,381,234,5678 次",
        "12345678",  # local number without area code
        "+12",
    ],
)
def test_not_phones(text: str) -> None:
    assert values(text, "phone") == []


def test_several_numbers() -> None:
    text = "座机010-12345678，手机13912345678，香港+852 6123 4567"
    assert values(text, "phone") == ["+861012345678", "+8613912345678", "+85261234567"]
