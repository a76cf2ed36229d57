"""Bank card numbers: 16-19 digits, compact or in groups of four, that pass the Luhn
check and start like a card of a known scheme (or follow words like 卡号). A
resident ID number (18 characters with its own checksum) is never a card."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fanzha.text.entities.base import Candidate, preceded_by
from fanzha.text.normalize import Normalized

_CARD = re.compile(
    r"(?<![0-9a-z])(?<![0-9][ \-])"
    r"(?:[0-9]{16,19}|[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?)"
    r"(?![0-9a-z])(?![ \-][0-9])"
)
_CARD_CUE = re.compile(
    r"(?:卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|card|account)[^0-9]{0,6}$"
)
_NOT_A_CARD_CUE = re.compile(
    r"(?:订单|单号|编号|流水号|交易号|运单|快递单|身份证|order|tracking|invoice|ref)[^0-9]{0,6}$"
)
_ID_NUMBER = re.compile(
    r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9x]"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10x98765432"


def find_cards(norm: Normalized) -> Iterator[Candidate]:
    text = norm.text
    for match in _CARD.finditer(text):
        start, end = match.span()
        digits = match.group().replace(" ", "").replace("-", "")
        if not luhn_valid(digits) or is_resident_id(digits):
            continue
        if preceded_by(_NOT_A_CARD_CUE, text, start):
            continue
        scheme = card_scheme(digits)
        cued = preceded_by(_CARD_CUE, text, start)
        if scheme == "unknown" and not cued:
            continue
        details = {
            "luhn_valid": True,
            "scheme": scheme,
            "length": len(digits),
            "last4": digits[-4:],
            "cued": cued,
        }
        yield Candidate("bank_card", start, end, digits, details)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_resident_id(value: str) -> bool:
    """An 18-character mainland resident ID: plausible birth date and valid checksum."""
    if len(value) != 18 or _ID_NUMBER.fullmatch(value) is None:
        return False
    total = sum(int(char) * weight for char, weight in zip(value, _ID_WEIGHTS, strict=False))
    return _ID_CHECK_CHARS[total % 11] == value[17]


def card_scheme(digits: str) -> str:
    """The card scheme a number's leading digits suggest (a hint, not a BIN lookup)."""
    head2 = int(digits[:2])
    head4 = int(digits[:4])
    if head2 == 62:
        return "unionpay"
    if digits[0] == "4":
        return "visa"
    if 51 <= head2 <= 55 or 2221 <= head4 <= 2720:
        return "mastercard"
    if 3528 <= head4 <= 3589:
        return "jcb"
    if head2 in (60, 64, 65):
        return "discover"
    if digits[0] == "9":
        return "domestic"  # older mainland bank cards (9558..., 9559...)
    return "unknown"
