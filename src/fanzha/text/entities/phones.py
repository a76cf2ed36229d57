"""Phone numbers: mainland mobiles, fixed lines with an area code, 400/800 numbers,
international numbers written with + or 00, and service short codes (95588,
96110, 110) when the words around them say they are called.

Every candidate goes through ``fanzha.numbers.parse_number``: a digit run that is
not a valid, allocated number is not reported, and the value is its E.164 key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fanzha.core.errors import InvalidNumberError
from fanzha.numbers import NumberClass, NumberInfo, parse_number
from fanzha.text.entities.base import Candidate, followed_by, preceded_by
from fanzha.text.normalize import Normalized

# One separator a sender may put between digits (dashes NFKC leaves alone included).
_SEP = "[ \\-.\u2010-\u2015\u2212]"
_SEPARATORS = frozenset(" -.\u2010\u2011\u2012\u2013\u2014\u2015\u2212()")

_MOBILE = re.compile(rf"(?<![0-9a-z+])1{_SEP}?[3-9](?:{_SEP}?[0-9]){{9}}(?![0-9])")
_FIXED_LINE = re.compile(
    rf"(?<![0-9a-z+])(?:\(0[1-9][0-9]{{1,2}}\)|0[1-9][0-9]{{1,2}})"
    rf" ?{_SEP}? ?[1-9][0-9]{{2,3}}{_SEP}?[0-9]{{4}}(?![0-9])"
)
_ENTERPRISE = re.compile(rf"(?<![0-9a-z+])[48]00(?:{_SEP}?[0-9]){{7}}(?![0-9])")
# Digit groups after + or 00, each group but the first introduced by one separator
# or a bracket ("+86(0)10 ..."): with no way to split a digit run in two, a long run that fails
# costs linear time, not one try per way of cutting it into groups.
_INTERNATIONAL = re.compile(
    rf"(?:\(?\+|(?<![0-9a-z])00) ?\(?[1-9][0-9]{{0,14}}\)?"
    rf"(?:(?:(?:{_SEP}|\s)\(?|\(|(?<=\)))[0-9]{{1,15}}\)?){{0,14}}(?![0-9])"
)
_SHORT_CODE = re.compile(r"(?<![0-9a-z+\-.])(?:9[56][0-9]{3,6}|1[0-9]{2,4})(?![0-9]|[\-.][0-9])")
_DIGIT_GROUP = re.compile(r"[0-9]+")

# A short code is a phone number only when it is called: "致电95588", "96110来电".
_CALL_BEFORE = re.compile(
    r"(?:(?:致电|拨打|拨|回拨|回电|来电|电话|热线|专线|客服|号码|call|dial|phone|tel|hotline)"
    r"[^0-9]{0,6}|打)$"
)
_CALL_AFTER = re.compile(r"[^0-9]{0,3}(?:来电|打来|电话|热线|专线|客服|报警|hotline)")
# Digits introduced as an order, parcel or verification number are not a phone.
_NOT_A_PHONE_BEFORE = re.compile(
    r"(?:订单|单号|编号|流水号|交易号|运单|快递单|工号|卡号|尾号|验证码|校验码|动态码|"
    r"order|tracking|invoice|ref|code)[^0-9]{0,4}$"
)
_SAME_AS_WECHAT = re.compile(r"[\s()\[\]【】（）:,/，]{0,3}(?:微信同号|vx同号|wx同号|同微信)")
_MIN_INTERNATIONAL_DIGITS = 8


def find_phones(norm: Normalized) -> Iterator[Candidate]:
    text = norm.text
    for pattern in (_MOBILE, _FIXED_LINE, _ENTERPRISE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if _continues_grouped_run(text, start, end) or preceded_by(
                _NOT_A_PHONE_BEFORE, text, start
            ):
                continue
            info = _parse(match.group())
            if (
                info is not None
                and info.is_domestic
                and info.number_class is not (NumberClass.SHORT_CODE)
            ):
                yield _candidate(text, start, end, info)
    for match in _INTERNATIONAL.finditer(text):
        found = _longest_valid_prefix(text, match.start(), match.end())
        if found is not None:
            yield _candidate(text, match.start(), found[0], found[1])
    for match in _SHORT_CODE.finditer(text):
        start, end = match.span()
        if not (preceded_by(_CALL_BEFORE, text, start) or followed_by(_CALL_AFTER, text, end)):
            continue
        info = _parse(match.group())
        if info is None:
            continue
        digits = match.group()
        if info.number_class is NumberClass.OFFICIAL or (
            digits[:2] in ("95", "96") and info.number_class is NumberClass.SHORT_CODE
        ):
            yield _candidate(text, start, end, info)


def _parse(raw: str) -> NumberInfo | None:
    try:
        return parse_number(raw)
    except InvalidNumberError:
        return None


def _continues_grouped_run(text: str, start: int, end: int) -> bool:
    """A number written in groups ("138 1234 5678") next to another digit group is
    part of something longer (an account or card number), not a phone.
    A compact number may stand next to other digits: "13812345678 12点前"."""
    if not any(char in _SEPARATORS for char in text[start:end]):
        return False
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[0].isdigit() and before[1] in _SEPARATORS) or (
        len(after) == 2 and after[0] in _SEPARATORS and after[1].isdigit()
    )


def _longest_valid_prefix(text: str, start: int, end: int) -> tuple[int, NumberInfo] | None:
    """ "+852 6123 4567 2 times" matches one digit group too many: try the whole
    match, then drop trailing groups until a valid number remains."""
    group_ends = [found.end() for found in _DIGIT_GROUP.finditer(text, start, end)]
    for group_end in reversed(group_ends):
        raw = text[start:group_end]
        if sum(char.isdigit() for char in raw) < _MIN_INTERNATIONAL_DIGITS:
            return None
        if raw.count("(") != raw.count(")"):
            continue
        info = _parse(raw)
        if info is not None and info.number_class is not NumberClass.SHORT_CODE:
            return group_end, info
    return None


def _candidate(text: str, start: int, end: int, info: NumberInfo) -> Candidate:
    details: dict[str, Any] = {
        "number_class": info.number_class.value,
        "official": info.is_official,
        "region": info.region,
    }
    if info.official is not None:
        details["owner_zh"] = info.official.owner_zh
        details["owner_en"] = info.official.owner_en
        details["category"] = info.official.category
    if info.location_zh:
        details["location_zh"] = info.location_zh
    if info.location_en:
        details["location_en"] = info.location_en
    if followed_by(_SAME_AS_WECHAT, text, end):
        details["same_as_wechat"] = True
    return Candidate("phone", start, end, info.e164, details)
