"""Shared helpers for the red-flag tests."""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import normalize
from fanzha.text.redflags import find_red_flags
from fanzha.text.types import Entity, EntityKind, RedFlag


def flags_in(text: str, entities: Sequence[Entity] = ()) -> list[RedFlag]:
    flags = find_red_flags(normalize(text), entities)
    for flag in flags:
        assert 0 <= flag.start < flag.end <= len(text)
        assert text[flag.start : flag.end] == flag.words
    return flags


def codes_in(text: str, entities: Sequence[Entity] = ()) -> set[str]:
    return {flag.code for flag in flags_in(text, entities)}


def words_for(code: str, text: str, entities: Sequence[Entity] = ()) -> list[str]:
    return [flag.words for flag in flags_in(text, entities) if flag.code == code]


def entity(text: str, words: str, kind: EntityKind, app_kind: str | None = None) -> Entity:
    """An entity over the first occurrence of ``words`` in ``text``; ``app_kind`` is
    the extractor's details["kind"] for apps."""
    start = text.index(words)
    details = {} if app_kind is None else {"kind": app_kind}
    return Entity(kind, start, start + len(words), words, words, details)
