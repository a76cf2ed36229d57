"""Flags point at the words the sender wrote, however they were disguised."""

from __future__ import annotations

import pytest

from .helpers import flags_in, words_for


@pytest.mark.parametrize(
    ("code", "message", "words"),
    [
        ("TEXT.ADD_CHAT_APP", "有事加ＶＸ：abc123", "加ＶＸ"),
        ("TEXT.ADD_CHAT_APP", "加-微-信领红包", "加-微-信"),
        ("TEXT.ADD_CHAT_APP", "加\u200b微\u200d信", "加\u200b微\u200d信"),
        ("TEXT.ASKS_SMS_CODE", "请把验\u200b证码告诉我", "把验\u200b证码告诉我"),
        ("TEXT.ASKS_SMS_CODE", "ＳＥＮＤ ＭＥ ＴＨＥ ＣＯＤＥ", "ＳＥＮＤ ＭＥ ＴＨＥ ＣＯＤＥ"),
        ("TEXT.SAFE_ACCOUNT", "转到安*全*账*户", "安*全*账*户"),
        ("TEXT.SAFE_ACCOUNT", "Transfer to a \u0455afe ассоunt", "\u0455afe ассоunt"),
        ("TEXT.REMOTE_CONTROL_APP", "下载 ＴｏＤｅｓｋ 给我", "ＴｏＤｅｓｋ"),
        ("TEXT.QR_CODE", "扫\ufeff码领取", "扫\ufeff码"),
    ],
)
def test_span_covers_the_disguised_words(code: str, message: str, words: str) -> None:
    assert words in words_for(code, message)


def test_spans_are_in_original_coordinates_after_removed_characters() -> None:
    message = "\u200b\u200b您好\u200b，请\u200b立即转账\u200b到安全账户"
    flags = flags_in(message)
    assert {flag.code for flag in flags} >= {"TEXT.SAFE_ACCOUNT", "TEXT.TIME_PRESSURE"}
    for flag in flags:
        assert message[flag.start : flag.end] == flag.words


def test_flags_are_sorted_by_start() -> None:
    flags = flags_in("不要告诉家人，马上把钱转到安全账户，这是公安局的要求")
    assert [flag.start for flag in flags] == sorted(flag.start for flag in flags)
    assert len(flags) >= 4


def test_a_rule_reports_each_occurrence() -> None:
    assert words_for("TEXT.SAFE_ACCOUNT", "安全账户。再说一遍：安全账户") == [
        "安全账户",
        "安全账户",
    ]
