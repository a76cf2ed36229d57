"""Property tests: any text is handled, spans are sound, valid numbers are found."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fanzha.text.entities import extract_entities, is_resident_id
from fanzha.text.normalize import normalize
from tests.text.entities.helpers import find, with_luhn_digit
from tests.text.fuzz_entities import test_one_input as fuzz_one_input

# Pieces the finders react to, so that random text reaches their deeper paths.
_PIECES = st.sampled_from(
    [
        *"0123456789 -.+()/:@,%¥$£€元万千块亿两五十",
        *["http://", "https://", "www.", ".com", ".cn/", "t.cn/", "xn--", ".apk", "@qq.com"],
        *["+86 ", "0086", "138", "1234", "95588", "致电", "电话", "400-", "010-"],
        *["微信", "微信号：", "vx:", "加v", "QQ", "qq号", "扣扣", "Q:", "wxid_", "卡号"],
        *["向日葵", "Zoom", "LINE", "app", "京东", "北京东路", "RMB", "USD", "k", "million"],
        *["\u200b", "\u200d", "\ufeff", "\u00ad", "\u3000", "\x00", "\x1b", "\n", "\t"],
        *["１", "３", "８", "＋", "：", "，", "。", "（", "）", "ｗ", "Ｑ", "￥"],
        *["⑴", "㈠", "㎏", "ﬁ", "\U0001f600", "\U0001f381", "а", "о", "é", "\u0301", "丶"],
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(st.one_of(_PIECES, st.characters()), max_size=60).map("".join),
)
# Filler that cannot form a cue word or run into a number.
_FILLER = st.text(alphabet="你好世界朋友 !?\U0001f600\u200babcxyz", max_size=20)


def _check_spans(text: str) -> None:
    found = extract_entities(normalize(text))
    previous_end = 0
    for entity in found:
        assert previous_end <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.text
        assert entity.value
        previous_end = entity.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_any_text_gives_sorted_disjoint_spans_within_the_text(text: str) -> None:
    _check_spans(text)


@st.composite
def _cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["62", "4", "51", "55", "35", "9558"]))
    length = draw(st.integers(16, 19))
    body = prefix + draw(
        st.text(
            alphabet="0123456789",
            min_size=length - 1 - len(prefix),
            max_size=length - 1 - len(prefix),
        )
    )
    return with_luhn_digit(body)


@settings(max_examples=200, deadline=None)
@given(
    card=_cards(),
    grouped=st.booleans(),
    separator=st.sampled_from([" ", "-"]),
    before=_FILLER,
    after=_FILLER,
)
def test_valid_cards_in_text_are_found(
    card: str, grouped: bool, separator: str, before: str, after: str
) -> None:
    assume(not is_resident_id(card))
    written = separator.join(card[i : i + 4] for i in range(0, len(card), 4)) if grouped else card
    text = f"{before}，卡号：{written}。{after}"
    cards = find(text, "bank_card")
    assert [(entity.value, entity.text) for entity in cards] == [(card, written)]
    assert find(text, "phone") == []


@settings(max_examples=150, deadline=None)
@given(
    second=st.sampled_from("356789"),
    rest=st.text(alphabet="0123456789", min_size=9, max_size=9),
    style=st.sampled_from(["{}", "{}-{}-{}", "{} {} {}", "+86 {}", "０{}"]),
    before=_FILLER,
    after=_FILLER,
)
def test_valid_mobiles_in_text_are_found(
    second: str, rest: str, style: str, before: str, after: str
) -> None:
    digits = "1" + second + rest
    if style.count("{}") == 3:
        written = style.format(digits[:3], digits[3:7], digits[7:])
    elif style.startswith("０"):
        written = digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    else:
        written = style.format(digits)
    text = f"{before}，电话：{written}。{after}"
    numbers = extract_entities(normalize(text))
    phones = [(e.value, e.text) for e in numbers if e.kind == "phone"]
    # Every 13x-19x block is not allocated: when parse_number accepts the digits,
    # the extractor must find them as written.
    from fanzha.core.errors import InvalidNumberError
    from fanzha.numbers import parse_number

    try:
        parse_number(digits)
    except InvalidNumberError:
        assert phones == []
        return
    assert phones == [("+86" + digits, written)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_fuzz_target_accepts_any_bytes(data: bytes) -> None:
    fuzz_one_input(data)


def test_fuzz_target_runs_under_atheris(tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed")
    script = Path(__file__).parents[1] / "fuzz_entities.py"
    result = subprocess.run(
        [sys.executable, str(script), "-runs=2000"],
        cwd=tmp_path,  # where libFuzzer writes crash files
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
