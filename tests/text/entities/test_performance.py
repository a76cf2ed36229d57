"""Inputs built to make regexes backtrack: each must take linear time.

A long run of spaces after a cue word once cost minutes; these cases keep every
finder's worst case in check. Sizes are small enough for a shared CI machine and
large enough that a quadratic or worse pattern would blow the limit.
"""

from __future__ import annotations

import time

import pytest

from fanzha.text.entities import extract_entities
from fanzha.text.normalize import normalize

SIZE = 20_000
LIMIT_SECONDS = 2.0

_CASES = {
    "spaces after a WeChat cue": "微信" + " " * SIZE + "!",
    "spaces after a QQ cue": "qq" + " " * SIZE + "!",
    "cue and connectors": "微信 : : " * (SIZE // 7),
    "spaces after a currency sign": "¥" + " " * SIZE,
    "spaces after an area code": "(010)" + " " * SIZE,
    "long digit run after +86": "+86 " + "1" * SIZE + " ",
    "many long runs after +": ("+86 " + "1" * 70 + " ") * (SIZE // 75),
    "long digit run after 00": ("00" + "1" * 100 + " ") * (SIZE // 103),
    "digit groups": "1234 " * (SIZE // 5),
    "dashed digits": "1-" * (SIZE // 2),
    "dotted labels": "a1." * (SIZE // 3),
    "mailbox with dotted labels": "x@" + "a1." * (SIZE // 3),
    "spaces inside a two-word app name": "google" + " " * SIZE + "x",
    "Chinese numerals": "一二三四五六七八九十百千万亿" * (SIZE // 14),
    "brackets": "(1)" * (SIZE // 3),
    "schemes": "http://" * (SIZE // 7),
    "apk names": ("中" * 11 + ".apk") * (SIZE // 15),
    "at signs": "@" * SIZE,
    "v colons": "v:" * (SIZE // 2),
    "dollar amounts": "$1 " * (SIZE // 3),
    "full-width and invisible": "１\u200b" * (SIZE // 2),
}


@pytest.mark.parametrize("text", list(_CASES.values()), ids=list(_CASES))
def test_adversarial_text_is_linear(text: str) -> None:
    norm = normalize(text)
    started = time.perf_counter()
    extract_entities(norm)
    assert time.perf_counter() - started < LIMIT_SECONDS


def test_a_long_scam_chat_is_fast() -> None:
    message = (
        "【工商银行】您的账户存在异常，请登录 icbc-vip.top/verify 或致电95588，客服微信：kefu_8899，"
        "QQ：12345678，转账3.5万元到6222 0212 3456 7890 123，电话138-1234-5678。"
        "Call +44 20 7946 0958, pay $5,000 via PayPal. "
    )
    text = (message * (200_000 // len(message)))[:200_000]
    norm = normalize(text)
    started = time.perf_counter()
    found = extract_entities(norm)
    assert time.perf_counter() - started < 5 * LIMIT_SECONDS
    assert len(found) > 10_000
