from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.text.normalize import MAX_TEXT_CHARS, TextInputError, detect_lang, normalize


def test_full_width_letters_and_digits_fold_to_ascii() -> None:
    norm = normalize("加ＶＸ：ＡＢＣ１２３")
    assert norm.text == "加vx:abc123"
    start = norm.text.index("vx")
    assert norm.original_words(start, start + 2) == "ＶＸ"


def test_zero_width_characters_are_removed_but_spans_cover_them() -> None:
    norm = normalize("验\u200b证\u200d码")
    assert norm.text == "验证码"
    assert norm.removed_invisible == 2
    assert norm.original_words(0, 3) == "验\u200b证\u200d码"


def test_cyrillic_look_alikes_fold_to_latin() -> None:
    norm = normalize("Ваnk оf Сhinа")  # В, а, о, С, а are Cyrillic
    assert norm.text == "bank of china"
    assert norm.folded_homoglyphs >= 4


def test_separators_between_chinese_characters_are_dropped() -> None:
    norm = normalize("加 微-信*好友")
    assert norm.text == "加微信好友"
    assert norm.original_words(0, 3) == "加 微-信"


def test_separators_between_latin_words_stay() -> None:
    assert normalize("add me on whats app").text == "add me on whats app"


def test_control_characters_become_spaces() -> None:
    assert normalize("a\x00b\x1bc\u4e2d").text == "a b c中"


def test_ascii_fast_path_keeps_identity_spans() -> None:
    norm = normalize("Call NOW 0800")
    assert norm.source is None
    assert norm.text == "call now 0800"
    assert norm.original_span(5, 8) == (5, 8)


def test_too_long_and_wrong_type_are_clear_errors() -> None:
    with pytest.raises(TextInputError) as error:
        normalize("x" * (MAX_TEXT_CHARS + 1))
    assert error.value.code == "TEXT.TOO_LONG"
    with pytest.raises(TextInputError) as error:
        normalize(b"bytes")  # type: ignore[arg-type]
    assert error.value.code == "TEXT.NOT_TEXT"


def test_language_detection() -> None:
    assert detect_lang("您的快递已到") == "zh"
    assert detect_lang("your parcel is here") == "en"
    assert detect_lang("请加我 whatsapp 12345") == "zh"
    assert detect_lang("1234 !!") == "en"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_normalises_with_consistent_spans(text: str) -> None:
    norm = normalize(text)
    assert norm.text == norm.text.lower() or not norm.text.isascii()
    for start in range(len(norm.text)):
        begin, end = norm.original_span(start, start + 1)
        assert 0 <= begin < end <= len(text)
    if norm.source is not None:
        assert len(norm.source) == len(norm.text)
        assert list(norm.source) == sorted(norm.source)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60), st.text(max_size=60))
def test_spans_of_a_keyword_point_at_its_original_words(prefix: str, suffix: str) -> None:
    text = prefix + "\u3010安全账户\u3011" + suffix
    norm = normalize(text)
    start = norm.text.find("安全账户")
    if start < 0:  # a separator rule may join it with neighbouring Chinese text
        return
    words = norm.original_words(start, start + 4)
    assert words.replace("\u200b", "").startswith("安")
    assert "户" in words


_EVERYDAY = st.sampled_from(
    list("加微信安全账户验证码，。：！（）【】 abcXYZ019-*|/ＶＸ１２Ваnkο😊\n\t")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_EVERYDAY, max_size=80).map("".join))
def test_fast_path_gives_what_the_general_path_gives(text: str) -> None:
    from fanzha.text.normalize import _normalize_any

    fast, general = normalize(text), _normalize_any(text)
    assert (fast.text, fast.lang, fast.folded_homoglyphs) == (
        general.text,
        general.lang,
        general.folded_homoglyphs,
    )
    spans = [fast.original_span(i, i + 1) for i in range(len(fast.text))]
    assert spans == [general.original_span(i, i + 1) for i in range(len(general.text))]
