"""Sums of money: a currency sign or word with a number (¥500, 5000元, USD 20, 3块钱),
or a Chinese multiplier on its own (两万, 3.5万, 5千) that is not counting people,
steps or times. The value is the amount in the stated currency ("35000" for 3.5万)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fanzha.text.entities.base import Candidate
from fanzha.text.entities.numerals import format_decimal, parse_numeral
from fanzha.text.normalize import Normalized, is_cjk

_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CHINESE_NUMERAL = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖十拾百佰千仟万萬亿億"
# A Chinese number starts with a digit or 十, never with a unit: 千万 ("by all
# means") and 万一 ("in case") are words, not sums.
_CHINESE_LEAD = "一二两三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾"
_AMOUNT = re.compile(
    r"(?<![0-9a-z.,])"
    r"(?:(?P<prefix>¥|rmb|cny|us\$|usd|hk\$|hkd|\$|£|gbp|€|eur|人民币)\s?)?"
    rf"(?P<number>(?:{_ARABIC}|[{_CHINESE_LEAD}])(?:[0-9.]|[{_CHINESE_NUMERAL}])*)"
    r"(?:\s?(?P<scale>k|thousand|million|mn|m|billion|bn)(?![a-z]))?"
    r"(?:\s?(?P<suffix>元|圆|块钱|块|人民币|美元|美金|英镑|欧元|港币|港元"
    r"|(?:rmb|cny|usd|usdt|dollars?|bucks|gbp|pounds?|eur|euros?|hkd|yuan)(?![a-z])))?"
)
_CURRENCIES = {
    **dict.fromkeys(["¥", "rmb", "cny", "人民币", "元", "圆", "块钱", "块", "yuan"], "CNY"),
    **dict.fromkeys(["us$", "usd", "$", "美元", "美金", "dollar", "dollars", "bucks"], "USD"),
    **dict.fromkeys(["£", "gbp", "英镑", "pound", "pounds"], "GBP"),
    **dict.fromkeys(["€", "eur", "欧元", "euro", "euros"], "EUR"),
    **dict.fromkeys(["hk$", "hkd", "港币", "港元"], "HKD"),
    "usdt": "USDT",
}
_SCALES = {
    "k": 1_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
# Units that make a number a sum of money when no currency is named.
_MONEY_UNITS = re.compile("[千仟万萬亿億]")
# What a bare 万/千 counts when it is not money: 3万人, 1万步, 5千米.
_COUNTED = frozenset(
    "人个次步条份名字粉件台张位户家篇本辆平米克里瓦吨斤秒分年天小月倍例票套单股只头棵行页首部集"
)
# 块 is also a measure word (三块蛋糕) and 一块 means "together".
_AFTER_KUAI = frozenset("的一到给转吧啊呢了多左右")
# 元 opening another word: 元旦 (New Year's Day), 元素 (element) ...
_NOT_YUAN = frozenset("旦素宵件首帅老气")
_IDIOMS = ("十万火急", "千军万马", "千山万水", "万水千山", "成千上万", "千千万万", "十万八千里")


def find_amounts(norm: Normalized) -> Iterator[Candidate]:
    text = norm.text
    for match in _AMOUNT.finditer(text):
        prefix, suffix, scale = match["prefix"], match["suffix"], match["scale"]
        number = match["number"].rstrip(".")
        end = match.end() if (suffix or scale) else match.start("number") + len(number)
        following = text[end : end + 1]
        if following in ("%", "‰"):
            continue
        if suffix == "块" and not _kuai_is_money(number, following):
            continue
        if suffix in ("元", "圆") and following in _NOT_YUAN:
            continue
        if not (prefix or suffix) and (
            scale or not _bare_sum(text, match.start(), end, number, following)
        ):
            continue  # no currency: only 万/千 sums count ("5k steps" does not)
        value = parse_numeral(number.replace(",", ""))
        if value is None:
            continue
        if scale:
            value *= _SCALES[scale]
        currency = _CURRENCIES[prefix or suffix] if (prefix or suffix) else "CNY"
        details = {"currency": currency}
        yield Candidate("amount", match.start(), end, format_decimal(value), details)


def _kuai_is_money(number: str, following: str) -> bool:
    if number == "一":
        return False
    return not following or not is_cjk(following) or following in _AFTER_KUAI


def _bare_sum(text: str, start: int, end: int, number: str, following: str) -> bool:
    """两万 and 3.5万 are money in a message about transfers; 3万人 and 十万火急 are not."""
    if _MONEY_UNITS.search(number) is None or following in _COUNTED:
        return False
    window = text[max(0, start - 4) : end + 4]
    return not any(idiom in window for idiom in _IDIOMS)
