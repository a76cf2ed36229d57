"""Property tests: any text, any entities, find_red_flags never raises and every
flag's span is consistent with the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.text.normalize import normalize
from fanzha.text.redflags import find_red_flags, rule_codes
from fanzha.text.types import Entity

# Scam words mixed with noise that the normaliser folds or drops, so that rules
# fire often enough for the span checks to mean something.
_WORDS = st.sampled_from(
    [
        "加微信", "安全账户", "验证码", "告诉我", "不会", "转账", "5000元", "，", "。", " ",
        "\u200b", "Ｖ", "ｘ", "send me the code", "never", "safe account", "向日葵", "共享屏幕",
        "身份证号", "请提供", "immediately", "否则", "http://a.cn", "\ufeff", "е",
    ]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(_WORDS, st.text(max_size=4)), max_size=24).map("".join),
)
_KINDS = st.sampled_from(["url", "app", "wechat", "qq", "amount", "bank_card", "phone"])
_APP_KINDS = st.sampled_from(["chat", "remote_control", "screen_share", "apk", "loan"])


@st.composite
def _message_and_entities(draw: st.DrawFn) -> tuple[str, list[Entity]]:
    text = draw(_TEXT)
    entities = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(-2, len(text) + 2))
        end = draw(st.integers(-2, len(text) + 2))
        kind = draw(_KINDS)
        details = {"kind": draw(_APP_KINDS)} if kind == "app" else {}
        entities.append(Entity(kind, start, end, text[max(start, 0) : max(end, 0)], "", details))
    return text, entities


@settings(max_examples=150, deadline=None)
@given(_message_and_entities())
def test_find_red_flags_never_raises_and_spans_are_consistent(
    case: tuple[str, list[Entity]],
) -> None:
    text, entities = case
    flags = find_red_flags(normalize(text), entities)
    codes = set(rule_codes())
    for flag in flags:
        assert flag.code in codes
        assert 0 <= flag.start < flag.end <= len(text)
        assert text[flag.start : flag.end] == flag.words
        assert 0.0 < flag.weight <= 1.0
    assert [f.start for f in flags] == sorted(f.start for f in flags)


@settings(max_examples=80, deadline=None)
@given(_TEXT)
def test_zero_width_characters_do_not_hide_or_create_flags(text: str) -> None:
    hidden = "\u200b".join(text)
    plain_flags = find_red_flags(normalize(text), [])
    hidden_flags = find_red_flags(normalize(hidden), [])
    assert [f.code for f in hidden_flags] == [f.code for f in plain_flags]
    for flag in hidden_flags:
        assert hidden[flag.start : flag.end] == flag.words
