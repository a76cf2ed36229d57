"""Numbers written with Chinese numerals, Arabic digits or both: 两万, 3.5万, 一百万, 三万五."""

from __future__ import annotations

import re
from decimal import Decimal

CHINESE_DIGITS = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
SMALL_UNITS = "十拾百佰千仟"
LARGE_UNITS = "万萬亿億"

_DIGIT_VALUES = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两贰貳", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_UNIT_VALUES = {
    **dict.fromkeys("十拾", 10),
    **dict.fromkeys("百佰", 100),
    **dict.fromkeys("千仟", 1000),
    **dict.fromkeys("万萬", 10_000),
    **dict.fromkeys("亿億", 100_000_000),
}
_TOKEN = re.compile(rf"[0-9]+(?:\.[0-9]+)?|[{CHINESE_DIGITS}]|[{SMALL_UNITS}{LARGE_UNITS}]")


def parse_numeral(text: str) -> Decimal | None:
    """The value of ``text`` (commas already removed), or None if it is not a number.

    Handles unit notation (一千零五 = 1005, 1.2亿 = 120000000), digit-by-digit
    notation (五〇〇 = 500) and the colloquial dropped last unit (三万五 = 35000,
    两千五 = 2500).
    """
    tokens = _TOKEN.findall(text)
    if not tokens or "".join(tokens) != text:
        return None
    total = Decimal(0)  # whole 亿 groups
    wan_group = Decimal(0)  # whole 万 groups below the current 亿
    section = Decimal(0)  # below 万
    pending: Decimal | None = None  # the number not yet multiplied by a unit
    pending_is_arabic = False
    last_unit = 0
    zero_since_unit = False
    for token in tokens:
        if token[0].isascii():
            if pending is not None:
                return None  # "3五" or "3 5": not one number
            pending = Decimal(token)  # the token pattern admits only plain decimals
            pending_is_arabic = True
        elif token in _DIGIT_VALUES:
            if pending_is_arabic:
                return None
            digit = _DIGIT_VALUES[token]
            zero_since_unit = zero_since_unit or digit == 0
            pending = Decimal(digit) if pending is None else pending * 10 + digit
        else:
            unit = _UNIT_VALUES[token]
            if unit < 10_000:
                if last_unit and unit >= last_unit < 10_000:
                    return None  # 五百三千: units must fall
                section += (pending if pending is not None else 1) * unit
            elif unit == 10_000:
                if last_unit == 10_000:
                    return None
                wan_group = (section + (pending or 0)) * unit
                section = Decimal(0)
            else:
                total += (wan_group + section + (pending or 0)) * unit
                wan_group = section = Decimal(0)
            pending = None
            pending_is_arabic = False
            last_unit = unit
            zero_since_unit = False
    if pending is not None:
        if last_unit >= 10 and not zero_since_unit and pending < 10 and pending == int(pending):
            pending *= last_unit // 10  # 三万五: the 五 means five thousand
        section += pending
    value = total + wan_group + section
    return value if value > 0 else None


def format_decimal(value: Decimal) -> str:
    """35000.0 -> "35000", 1234.50 -> "1234.5": plain notation, no trailing zeros."""
    return format(value.normalize(), "f")
