"""Checks at the store's boundary: bad input becomes InvalidInputError here,
before it reaches the database, so both databases reject the same things."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from fanzha.core import InvalidInputError, InvalidNumberError
from fanzha.core.errors import ConfigError
from fanzha.store.limits import (
    MAX_EVIDENCE_BYTES,
    MAX_EVIDENCE_DEPTH,
    MAX_LIMIT,
    MAX_NUMBER_CHARS,
)

# Normalised numbers only: the numbers capability parses, the store just refuses
# anything that plainly is not "+" and digits.
_NUMBER = re.compile(rf"\+[0-9]{{2,{MAX_NUMBER_CHARS - 1}}}")

E = TypeVar("E", bound=StrEnum)


def number(value: object, field: str = "number") -> str:
    if not isinstance(value, str) or not _NUMBER.fullmatch(value):
        raise InvalidNumberError(
            f"{field} must be a normalised number: '+' and 2 to {MAX_NUMBER_CHARS - 1} digits",
            details={"field": field},
        )
    return value


def text(value: object, field: str, max_chars: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be a string", details={"field": field})
    if required and not value.strip():
        raise InvalidInputError(f"{field} must not be empty", details={"field": field})
    if len(value) > max_chars:
        raise InvalidInputError(
            f"{field} is too long: {len(value)} characters, at most {max_chars}",
            details={"field": field, "max_chars": max_chars},
        )
    _storable(value, field)
    return value


def _storable(value: str, field: str) -> None:
    # PostgreSQL refuses NUL in text and lone surrogates cannot be encoded;
    # reject both here so SQLite does not accept what PostgreSQL would not.
    if "\x00" in value:
        raise InvalidInputError(f"{field} contains a NUL character", details={"field": field})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"{field} is not valid Unicode text", details={"field": field}
        ) from None


def enum(value: object, enum_type: type[E], field: str) -> E:
    try:
        return enum_type(value)  # type: ignore[arg-type]  # any value; ValueError if bad
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise InvalidInputError(
            f"{field} must be one of: {allowed}", details={"field": field}
        ) from None


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{field} must be true or false", details={"field": field})
    return value


def score(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError("score must be a number", details={"field": "score"})
    result = float(value)
    if not (math.isfinite(result) and 0.0 <= result <= 1.0):
        raise InvalidInputError("score must be between 0 and 1", details={"field": "score"})
    return result


def timestamp(value: object, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidInputError(f"{field} must be a datetime", details={"field": field})
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError(
            f"{field} must be timezone-aware (naive datetimes are ambiguous)",
            details={"field": field},
        )
    return value.astimezone(UTC)


def optional_timestamp(value: object, field: str) -> datetime | None:
    return None if value is None else timestamp(value, field)


def count(value: object, field: str, *, maximum: int = MAX_LIMIT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise InvalidInputError(
            f"{field} must be an integer between 0 and {maximum}", details={"field": field}
        )
    return value


def evidence(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInputError("evidence must be a JSON object", details={"field": "evidence"})
    _check_json(value, 0)
    try:
        size = len(json.dumps(value, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError):
        raise InvalidInputError(
            "evidence must be JSON-serialisable", details={"field": "evidence"}
        ) from None
    if size > MAX_EVIDENCE_BYTES:
        raise InvalidInputError(
            f"evidence is too large: {size} bytes as JSON, at most {MAX_EVIDENCE_BYTES}",
            details={"field": "evidence", "max_bytes": MAX_EVIDENCE_BYTES},
        )
    return value


def _check_json(value: object, depth: int) -> None:
    if depth > MAX_EVIDENCE_DEPTH:
        raise InvalidInputError(
            f"evidence is nested deeper than {MAX_EVIDENCE_DEPTH} levels",
            details={"field": "evidence"},
        )
    if isinstance(value, str):
        _storable(value, "evidence")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(
                "evidence must not contain NaN or infinity", details={"field": "evidence"}
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            # Non-string keys would silently come back as strings.
            if not isinstance(key, str):
                raise InvalidInputError(
                    "evidence keys must be strings", details={"field": "evidence"}
                )
            _storable(key, "evidence")
            _check_json(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_json(item, depth + 1)
    elif value is not None and not isinstance(value, bool | int):
        raise InvalidInputError(
            f"evidence must be JSON-serialisable, found {type(value).__name__}",
            details={"field": "evidence"},
        )


def hash_reporter(reporter: str, salt: str) -> str:
    """HMAC-SHA256 (hex) of a reporter id keyed by the deployment's salt.

    The same reporter always gets the same hash, so reports can be counted per
    reporter without storing who they are; "" is the one anonymous reporter.
    """
    if not isinstance(salt, str) or not salt:
        # An empty key would make phone-number reporter ids trivially reversible.
        raise ConfigError("the reporter salt must not be empty (set FANZHA_REPORTER_SALT)")
    return hmac.new(salt.encode("utf-8"), reporter.encode("utf-8"), hashlib.sha256).hexdigest()
