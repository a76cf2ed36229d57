"""Sums of money in Chinese and English, and numbers that are not money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fanzha.text.entities.numerals import format_decimal, parse_numeral
from tests.text.entities.helpers import find, values


@pytest.mark.parametrize(
    ("text", "written", "value", "currency"),
    [
        ("请转账5000元到安全账户", "5000元", "5000", "CNY"),
        ("保证金￥1,234.50", "￥1,234.50", "1234.5", "CNY"),
        ("收益 ¥ 300", "¥ 300", "300", "CNY"),
        ("RMB 50,000 deposit", "RMB 50,000", "50000", "CNY"),
        ("50000 RMB", "50000 RMB", "50000", "CNY"),
        ("贷款3.5万元秒到账", "3.5万元", "35000", "CNY"),
        ("先转两万过来", "两万", "20000", "CNY"),
        ("五千元保证金", "五千元", "5000", "CNY"),
        ("赔偿一百万", "一百万", "1000000", "CNY"),
        ("额度三万五", "三万五", "35000", "CNY"),
        ("日赚5千", "5千", "5000", "CNY"),
        ("刷单佣金3块钱一单", "3块钱", "3", "CNY"),
        ("5块一个", "5块", "5", "CNY"),
        ("人民币5000元", "人民币5000元", "5000", "CNY"),
        ("￥五千", "￥五千", "5000", "CNY"),
        ("1.2亿", "1.2亿", "120000000", "CNY"),
        ("Claim your $5,000 prize", "$5,000", "5000", "USD"),
        ("pay USD 20 fee", "USD 20", "20", "USD"),
        ("US$3.5k bonus", "US$3.5k", "3500", "USD"),
        ("2 million dollars", "2 million dollars", "2000000", "USD"),
        ("100美元", "100美元", "100", "USD"),
        ("a £200 refund", "£200", "200", "GBP"),
        ("€50 euros", "€50 euros", "50", "EUR"),
        ("300英镑", "300英镑", "300", "GBP"),
        ("HK$800", "HK$800", "800", "HKD"),
        ("充值1000USDT", "1000USDT", "1000", "USDT"),
        ("转账５０００元", "５０００元", "5000", "CNY"),
    ],
)
def test_amounts(text: str, written: str, value: str, currency: str) -> None:
    (amount,) = find(text, "amount")
    assert (amount.text, amount.value, amount.details["currency"]) == (written, value, currency)


@pytest.mark.parametrize(
    "text",
    [
        "转账5000",  # no unit
        "年化收益30%",
        "3.5%",
        "仅剩5%",
        "共3次",
        "2023年10月1日",
        "3万人参加",
        "每天1万步",
        "5千米",
        "十万火急",
        "千万不要转账",
        "万一出事",
        "我们一块去",
        "三块蛋糕",
        "5k steps",
        "100元旦",
        "元旦快乐",
        "订单号123456",
        "第3名",
        "12:30",
    ],
)
def test_not_amounts(text: str) -> None:
    assert values(text, "amount") == []


def test_several_amounts() -> None:
    text = "先交保证金500元，再交手续费￥1,000，共计1500元"
    assert values(text, "amount") == ["500", "1000", "1500"]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("两万", "20000"),
        ("3.5万", "35000"),
        ("一百万", "1000000"),
        ("三万五", "35000"),
        ("两千五", "2500"),
        ("一千零五", "1005"),
        ("一千零五十", "1050"),
        ("十五", "15"),
        ("二十", "20"),
        ("五〇〇", "500"),
        ("1万5", "15000"),
        ("1万5000", "15000"),
        ("1亿2千万", "120000000"),
        ("壹万贰仟", "12000"),
        ("12.50", "12.5"),
    ],
)
def test_numerals(written: str, value: str) -> None:
    parsed = parse_numeral(written)
    assert parsed is not None
    assert format_decimal(parsed) == value


@pytest.mark.parametrize("written", ["", "五百三千", "3五", "零", "万万", "abc", "1.2.3"])
def test_not_numerals(written: str) -> None:
    assert parse_numeral(written) is None


def test_format_decimal_uses_plain_notation() -> None:
    assert format_decimal(Decimal("3.5E+4")) == "35000"
    assert format_decimal(Decimal("0.50")) == "0.5"
