"""Masking of phone numbers and other personal data in logs and exports."""

from __future__ import annotations

import logging
import re

# Runs of 7+ digits, optionally led by + and with separators people use.
_NUMBER_RUN = re.compile(r"(?<![\w.])\+?\d(?:[\d\- ]{5,}\d)(?![\w])")


def mask_number(number: str) -> str:
    """``+8613812345678`` -> ``+86138****5678``; short numbers stay readable.

    Service numbers such as 110, 95588 or +8695588 are public and are not masked.
    """
    plus = number.startswith("+")
    digits = number[1:] if plus else number
    if plus and digits.startswith("86"):
        national = digits[2:]
        if len(national) <= 6:
            return number
        return f"+86{national[:3]}{'*' * (len(national) - 7)}{national[-4:]}"
    if len(digits) < 7:
        return number
    keep = 3 if len(digits) > 8 else 2
    return f"{'+' if plus else ''}{digits[:keep]}{'*' * (len(digits) - keep - 4)}{digits[-4:]}"


def mask_text(text: str) -> str:
    """Mask every phone-number-like run of digits inside free text."""

    def _mask(match: re.Match[str]) -> str:
        raw = match.group(0)
        compact = re.sub(r"[\- ]", "", raw)
        return mask_number(compact)

    return _NUMBER_RUN.sub(_mask, text)


class MaskingFilter(logging.Filter):
    """Logging filter that masks numbers in every record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Attach the masking filter to every handler of ``logger`` (root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
