"""Property tests: parse_number never fails in an unplanned way, and format does not matter."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.core import InvalidNumberError
from fanzha.numbers.parse import clear_parse_cache, parse_number

E164 = re.compile(r"\+[0-9]+")

# Characters that parsing treats specially, to reach deep paths more often than
# uniform text would.
_SPECIAL = st.sampled_from(
    [
        *"0123456789+-.() /:;@<>%=#*,\"'",
        *["sip:", "sips:", "tel:", "0086", "+86", "86", "phone-context=", "user=phone"],
        *["\u200b", "\u00a0", "\u202a", "\u3000", "＋", "１", "（", "：", "＠", "\ufeff"],
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(_SPECIAL, max_size=40).map("".join),
    st.lists(st.one_of(_SPECIAL, st.characters()), max_size=60).map("".join),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_TEXTS, region=st.sampled_from(["CN", "CN", "HK", "US", "cn", "ZZ"]))
def test_any_text_parses_or_raises_invalid_number(raw: str, region: str) -> None:
    try:
        info = parse_number(raw, default_region=region)
    except InvalidNumberError as error:
        assert error.details["reason"]
        assert isinstance(error.details["input"], str)
        return
    assert E164.fullmatch(info.e164), info.e164
    assert info.national.isascii() and info.national.isdigit()
    assert parse_number(info.e164).e164 == info.e164


def _separate(digits: str, seps: list[str]) -> str:
    out = []
    for i, ch in enumerate(digits):
        out.append(ch)
        if i < len(seps) and seps[i]:
            out.append(seps[i])
    return "".join(out)


_FULL_WIDTH = str.maketrans("0123456789+()-", "０１２３４５６７８９＋（）－")


@settings(max_examples=400, deadline=None)
@given(
    prefix=st.sampled_from(["138", "139", "186", "189", "170", "171", "199", "192", "147"]),
    rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
    seps=st.lists(st.sampled_from(["", "", " ", "-", ".", "\u00a0", "\u200b"]), max_size=11),
)
def test_same_mobile_in_any_format_is_the_same_e164(
    prefix: str, rest: str, seps: list[str]
) -> None:
    nsn = prefix + rest
    forms = [
        nsn,
        _separate(nsn, seps),
        "+86" + _separate(nsn, seps),
        "+86 " + nsn,
        "0086 " + nsn,
        "86" + nsn,
        f"({nsn[:3]}) {nsn[3:7]}-{nsn[7:]}",
        ("+86 " + nsn).translate(_FULL_WIDTH),
        f"sip:+86{nsn}@carrier.example;user=phone",
        f'"x" <sips:{nsn}@10.0.0.1:5061>',
        f"tel:+86-{nsn[:3]}-{nsn[3:7]}-{nsn[7:]}",
        f"tel:{nsn};phone-context=+86",
    ]
    results = set()
    for form in forms:
        try:
            results.add(parse_number(form).e164)
        except InvalidNumberError as error:
            results.add(f"invalid:{error.details['reason']}")
    assert len(results) == 1, (forms, results)


@settings(max_examples=200, deadline=None)
@given(
    area=st.sampled_from(["10", "21", "20", "755", "571", "28"]),
    local=st.text(alphabet="0123456789", min_size=7, max_size=7).map(lambda s: "6" + s),
)
def test_same_fixed_line_in_any_format_is_the_same_e164(area: str, local: str) -> None:
    forms = [
        f"0{area}{local}",
        f"0{area}-{local}",
        f"(0{area}) {local[:4]} {local[4:]}",
        f"+86 {area} {local}",
        f"+86 (0){area} {local}",
        f"0086-{area}-{local}",
        f"tel:{local};phone-context=+86-{area}",
    ]
    results = {parse_number(form).e164 for form in forms}
    assert results == {f"+86{area}{local}"}


@pytest.mark.slow
def test_uncached_throughput() -> None:
    """Screening needs > 20,000 decisions/s; parsing must stay far below 50 µs."""
    numbers = [f"+86138{i:08d}" for i in range(0, 20_000_000, 1000)]
    parse_number(numbers[0])
    clear_parse_cache()
    start = time.perf_counter()
    for number in numbers:
        parse_number(number)
    per_call = (time.perf_counter() - start) / len(numbers)
    assert per_call < 100e-6, f"{per_call * 1e6:.1f} µs per uncached parse"
