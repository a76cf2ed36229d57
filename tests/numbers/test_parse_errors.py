"""Bad input raises InvalidNumberError with a reason, a masked excerpt, and nothing else."""

from __future__ import annotations

import json

import pytest

from fanzha.core import InvalidNumberError
from fanzha.numbers.parse import clear_parse_cache, parse_cache_info, parse_number


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u200b\u200b", "empty"),
        ("+", "no_digits"),
        ("---", "no_digits"),
        ("()", "no_digits"),
        ("+ - . ( )", "no_digits"),
        ("abc", "letters"),
        ("1380013800a", "letters"),
        ("138-CALL-ME", "letters"),
        ("+86 138 1234 5678 ext 12", "letters"),
        ("电话13812345678", "letters"),
        ("sip:anonymous@anonymous.invalid", "letters"),
        ("138*1234#5678", "bad_character"),
        ("\x00\x01\x02", "bad_character"),
        ("\ud800\udfff", "bad_character"),
        ("138,1234,5678", "bad_character"),
        ("86+13812345678", "misplaced_plus"),
        ("++8613812345678", "misplaced_plus"),
        ("0086", "too_short"),
        ("+86", "too_short"),
        ("1" * 65, "too_long"),
        ("+" + "8" * 70, "too_long"),
        ("1" * 300, "too_long"),
        ("x" * 257, "too_long"),
        ("12", "invalid_number"),
        ("1234567", "invalid_number"),  # 7 digits starting with 1: nothing
        ("12345678901", "invalid_number"),  # 11 digits but 123 is not a mobile range
        ("1381234567", "invalid_number"),  # mobile one digit short
        ("138123456789", "invalid_number"),  # mobile one digit long
        ("12345678", "invalid_number"),  # local number without area code
        ("0110", "invalid_number"),  # short numbers have no trunk 0
        ("0101234", "invalid_number"),
        ("4001234", "invalid_number"),
        ("+0123456789", "invalid_number"),
        ("+999 1234 5678", "invalid_number"),
        ("+1 555 0100", "invalid_number"),
        ("+44 1", "invalid_number"),
        ("ftp:13812345678@host", "unsupported_uri"),
        ("mailto:13812345678@host", "unsupported_uri"),
        ("<sip:13812345678@host", "bad_uri"),
    ],
)
def test_rejected_with_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_number(raw)
    error = caught.value
    assert error.details["reason"] == reason
    assert error.code == "NUMBER.INVALID" and error.status == 422
    assert error.message.startswith("invalid phone number: ")
    json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8")  # serialisable as is


def test_error_details_mask_and_bound_the_input() -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_number("sip:+8613812345678@bad host;user=phone" + "x" * 300)
    excerpt = caught.value.details["input"]
    assert "13812345678" not in excerpt
    assert len(excerpt) <= 41
    with pytest.raises(InvalidNumberError) as caught:
        parse_number("(138) 1234-5678 call me")
    assert "1234" not in caught.value.details["input"].replace("5678", "")


def test_junk_excerpt_is_printable() -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_number("\x00\x1b[31m\ud800")
    assert caught.value.details["input"].isprintable()


def test_non_text_input() -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_number(13812345678)  # type: ignore[arg-type]
    assert caught.value.details["reason"] == "not_text"


def test_unknown_default_region() -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_number("2123 4567", default_region="XX")
    assert caught.value.details["reason"] == "bad_region"


def test_rejections_are_cached_but_raised_fresh() -> None:
    clear_parse_cache()
    errors = []
    for _ in range(3):
        with pytest.raises(InvalidNumberError) as caught:
            parse_number("not a number")
        errors.append(caught.value)
    assert errors[0] is not errors[1]
    info = parse_cache_info()
    assert (info.hits, info.misses) == (2, 1)


def test_valid_results_are_cached() -> None:
    clear_parse_cache()
    first = parse_number("+86 138 1234 5678")
    assert parse_number("+86 138 1234 5678") is first
    assert parse_cache_info().hits == 1
