"""Shared helpers: run the extractor and check every span against the text."""

from __future__ import annotations

from fanzha.text.entities import extract_entities
from fanzha.text.normalize import normalize
from fanzha.text.types import Entity


def find(text: str, kind: str | None = None) -> list[Entity]:
    """Entities of ``kind`` (all kinds when None) in ``text``, spans checked."""
    found = extract_entities(normalize(text))
    for entity in found:
        assert text[entity.start : entity.end] == entity.text, entity
    return [entity for entity in found if kind is None or entity.kind == kind]


def values(text: str, kind: str) -> list[str]:
    return [entity.value for entity in find(text, kind)]


def texts(text: str, kind: str) -> list[str]:
    return [entity.text for entity in find(text, kind)]


def with_luhn_digit(body: str) -> str:
    """``body`` followed by the digit that makes it pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char)
        if position % 2 == 0:  # doubled once the check digit is appended
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return body + str((10 - total % 10) % 10)
