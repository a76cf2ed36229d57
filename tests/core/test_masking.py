from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.core.masking import MaskingFilter, mask_number, mask_text


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+8613812345678", "+86138****5678"),
        ("13812345678", "138****5678"),
        ("+861064001234", "+86106***1234"),
        ("+85251234567", "+852****4567"),
        ("110", "110"),
        ("95588", "95588"),
        ("+8695588", "+8695588"),
    ],
)
def test_mask_number(number: str, masked: str) -> None:
    assert mask_number(number) == masked


def test_mask_text_masks_numbers_in_sentences() -> None:
    text = "caller +8613812345678 called 139-0000-1111 about order 12345"
    masked = mask_text(text)
    assert "13812345678" not in masked and "+86138****5678" in masked
    assert "00001111" not in masked.replace("-", "")
    assert "12345" in masked  # short numbers stay readable


@given(st.from_regex(r"(\+86)?1[3-9]\d{9}", fullmatch=True))
def test_masked_mobile_numbers_hide_the_middle_four_digits(number: str) -> None:
    masked = mask_number(number)
    national = number.removeprefix("+86")
    assert masked == number[: len(number) - 8] + "****" + national[-4:]


@given(st.text(max_size=200))
def test_mask_text_never_fails(text: str) -> None:
    assert isinstance(mask_text(text), str)


def test_logging_filter_masks_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("fanzha.test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="fanzha.test.masking"):
        logger.info("blocked call from %s to %s", "+8613812345678", "13900001111")
    assert "+8613812345678" not in caplog.text
    assert "+86138****5678" in caplog.text and "139****1111" in caplog.text
