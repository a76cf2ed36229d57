"""What every entity finder shares: the candidate record, overlap resolution, cues.

Finders work on ``Normalized.text`` (folded, lower-cased) and report candidates
in its coordinates; ``resolve`` maps them to the original text and keeps the
longest of any overlapping candidates, so a card number is not also a phone and a
number inside a link is not a phone either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fanzha.text.normalize import Normalized
from fanzha.text.types import Entity, EntityKind

# When two candidates cover the same number of original characters, the more
# specific kind wins: a cued QQ or WeChat id beats the phone number it also is.
PRIORITY: dict[EntityKind, int] = {
    "url": 8,
    "email": 8,
    "bank_card": 7,
    "qq": 6,
    "wechat": 6,
    "phone": 5,
    "amount": 4,
    "app": 3,
}

#: Characters that may stand between a cue word and what it introduces ("微信号：abc").
CUE_GAP = r"[\s:=\-]{0,3}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible entity; ``start``/``end`` index ``Normalized.text``."""

    kind: EntityKind
    start: int
    end: int
    value: str
    details: dict[str, Any] = field(default_factory=dict)


def resolve(norm: Normalized, candidates: Iterable[Candidate]) -> list[Entity]:
    """Non-overlapping entities in original coordinates, sorted by start.

    Overlap is judged on the original text: one original character can fold to
    several normalised ones ("⑴" -> "(1)"), so disjoint normalised spans may
    still share an original character.
    """
    placed: list[tuple[int, int, int, Candidate]] = []
    for candidate in candidates:
        start, end = norm.original_span(candidate.start, candidate.end)
        if start < end:
            placed.append((start, end, PRIORITY[candidate.kind], candidate))
    # Longest first, then the more specific kind, then the earlier one.
    placed.sort(key=lambda item: (item[0] - item[1], -item[2], item[0]))
    taken = bytearray(len(norm.original))
    kept: list[tuple[int, int, Candidate]] = []
    for start, end, _, candidate in placed:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, candidate))
    kept.sort(key=lambda item: item[0])
    return [
        Entity(
            kind=candidate.kind,
            start=start,
            end=end,
            text=norm.original[start:end],
            value=candidate.value,
            details=candidate.details,
        )
        for start, end, candidate in kept
    ]


def with_case(norm: Normalized, start: int, end: int) -> str:
    """``norm.text[start:end]`` with the letter case the sender wrote.

    Link paths and ids are case-sensitive (t.cn/AbC is not t.cn/abc), but the
    normalised text is lower-cased: each Latin letter takes back the case of the
    character it came from (full-width ones included); look-alike letters stay folded.
    """
    folded = norm.text[start:end]
    if not any("a" <= char <= "z" for char in folded):
        return folded
    if norm.source is None and norm.original[start:end].lower() == folded:
        return norm.original[start:end]  # nothing was folded but the case
    out: list[str] = []
    for index, char in enumerate(folded, start):
        if "a" <= char <= "z":
            written = unicodedata.normalize("NFKC", norm.original[source_index(norm, index)])
            if written.lower() == char:
                char = written
        out.append(char)
    return "".join(out)


def source_index(norm: Normalized, index: int) -> int:
    """Index in ``norm.original`` of the character that produced ``norm.text[index]``
    (``source`` None: the same index, though the character may have been folded)."""
    return index if norm.source is None else norm.source[index]


def preceded_by(pattern: re.Pattern[str], text: str, start: int, window: int = 16) -> bool:
    """Whether ``pattern`` (anchored with ``$``) matches the text just before ``start``."""
    return pattern.search(text, max(0, start - window), start) is not None


def followed_by(pattern: re.Pattern[str], text: str, end: int, window: int = 16) -> bool:
    """Whether ``pattern`` matches at ``end`` within ``window`` characters."""
    return pattern.match(text[end : end + window]) is not None
