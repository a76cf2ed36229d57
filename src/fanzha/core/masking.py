"""Masking of phone numbers and other personal data in logs and exports."""

from __future__ import annotations

import logging
import re

# Runs of 7+ digits, optionally led by + and with separators people use.
_NUMBER_RUN = re.compile(r"(?<![\w.])\+?\d(?:[\d\- ]{5,}\d)(?![\w])")


def mask_number(number: str) -> str:
    """``+8613812345678`` -> ``+86138****5678``; short numbers stay readable.

    Service numbers such as 110 or 95588 are public and are not masked.
    """
    digits = number.lstrip("+")
    if len(digits) < 7:
        return number
    prefix = "+" if number.startswith("+") else ""
    if prefix and digits.startswith("86") and len(digits) > 9:
        head, rest = digits[:2], digits[2:]
        return f"{prefix}{head}{rest[:3]}{'*' * (len(rest) - 7)}{rest[-4:]}"
    keep_head = 3 if len(digits) > 8 else 2
    return f"{prefix}{digits[:keep_head]}{'*' * (len(digits) - keep_head - 4)}{digits[-4:]}"


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
