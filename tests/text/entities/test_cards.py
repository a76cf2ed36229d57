"""Bank cards: Luhn, grouping, scheme hints, and digit runs that are not cards."""

from __future__ import annotations

import pytest

from fanzha.text.entities import card_scheme, is_resident_id, luhn_valid
from tests.text.entities.helpers import find, values, with_luhn_digit

UNIONPAY_19 = with_luhn_digit("622202020000000000")  # 6222020200000000006
UNIONPAY_16 = with_luhn_digit("621700123456789")
VISA = "4111111111111111"


def _grouped(digits: str, separator: str = " ") -> str:
    return separator.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def test_luhn() -> None:
    assert luhn_valid(VISA)
    assert not luhn_valid("4111111111111112")
    assert luhn_valid(UNIONPAY_19)


@pytest.mark.parametrize(
    "text",
    [
        f"请将资金转入安全账户{UNIONPAY_19}，户名张三",
        f"卡号：{_grouped(UNIONPAY_19)}",
        f"card no. {_grouped(UNIONPAY_16, '-')} expires",
        f"收款账户 {UNIONPAY_16}。",
    ],
)
def test_cards_in_scam_messages(text: str) -> None:
    (card,) = find(text, "bank_card")
    assert card.value in (UNIONPAY_19, UNIONPAY_16)
    assert card.details["luhn_valid"] is True
    assert card.details["scheme"] == "unionpay"
    assert card.details["last4"] == card.value[-4:]
    assert text[card.start : card.end] == card.text


def test_full_width_and_zero_width_digits() -> None:
    written = UNIONPAY_16.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    written = written[:8] + "\u200b" + written[8:]
    (card,) = find(f"卡号{written}", "bank_card")
    assert card.value == UNIONPAY_16
    assert card.text == written


@pytest.mark.parametrize(
    ("digits", "scheme"),
    [
        (VISA, "visa"),
        (with_luhn_digit("510510510510510"), "mastercard"),
        (with_luhn_digit("222100000000000"), "mastercard"),
        (with_luhn_digit("353011133330000"), "jcb"),
        (with_luhn_digit("601100000000000"), "discover"),
        (with_luhn_digit("955880000000000000"), "domestic"),
        (UNIONPAY_19, "unionpay"),
    ],
)
def test_scheme_hint(digits: str, scheme: str) -> None:
    assert card_scheme(digits) == scheme
    assert values(f"card {digits}", "bank_card") == [digits]


def test_unknown_prefix_needs_a_card_cue() -> None:
    digits = with_luhn_digit("123456789012345")
    assert card_scheme(digits) == "unknown"
    assert values(f"编号{digits}", "bank_card") == []
    assert values(f"转账 {digits}", "bank_card") == []
    (card,) = find(f"银行卡号：{digits}", "bank_card")
    assert card.details["cued"] is True


def test_luhn_failing_run_is_not_a_card() -> None:
    assert values("卡号6222020200000000003", "bank_card") == []
    assert find("卡号6222020200000000003") == []


@pytest.mark.parametrize(
    "text",
    [
        f"订单号{VISA}",  # an order number that happens to pass Luhn
        f"运单号：{VISA}",
        f"{VISA}0",  # 17 digits: not Luhn-valid
        f"{VISA}12345",  # 21 digits
        f"{_grouped(VISA)} 1234",  # a longer grouped run
        f"1234 {_grouped(VISA)}",
        f"abc{VISA}",
        "4111 1111 1111",  # too short
    ],
)
def test_not_cards(text: str) -> None:
    assert values(text, "bank_card") == []


RESIDENT_ID = "11010519491231002X"


def _resident_id(body: str) -> str:
    """``body`` (17 digits) with its GB 11643 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char) * weight for char, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def test_resident_id_numbers_are_recognised() -> None:
    assert is_resident_id(RESIDENT_ID.lower())
    ident = _resident_id("44030819990101123")
    assert is_resident_id(ident.lower())
    wrong = ident[:17] + ("0" if ident[17] != "0" else "1")
    assert not is_resident_id(wrong.lower())
    assert not is_resident_id(_resident_id("44030819991301123").lower())  # month 13


def test_resident_id_is_no_entity_even_when_luhn_valid() -> None:
    digit_ids = (_resident_id(f"44030819990101{n:03d}") for n in range(1000))
    ident = next(i for i in digit_ids if i.isdigit() and luhn_valid(i))
    assert card_scheme(ident) == "visa"  # would pass for a Visa card by its digits alone
    assert find(f"身份证号{ident}") == []
    assert find(f"ID {ident}") == []
    assert find(f"身份证 {RESIDENT_ID}") == []
