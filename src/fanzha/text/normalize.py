"""Normalise untrusted message text for matching, keeping a map back to the original.

Scam senders hide keywords from filters with full-width letters (ＶＸ), zero-width
characters, look-alike Cyrillic letters (Ьаnk) and separators between Chinese
characters (加-微-信). Every detector matches on ``Normalized.text``; every span it
reports is mapped back with ``Normalized.original_span`` so that the red flags a
person sees point at the words the sender actually wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from fanzha.core.errors import FanzhaError

#: Longest text analyzed: a long chat export fits, a pasted file does not.
MAX_TEXT_CHARS = 200_000

# Characters that render as nothing; senders put them inside keywords.
_INVISIBLE = frozenset(
    [
        *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        *range(0xFE00, 0xFE10),
    ]
)

# Cyrillic and Greek letters that look like Latin ones (after lower-casing).
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
}  # fmt: skip

# Separators a sender puts between Chinese characters to split a keyword.
_CJK_SEPARATORS = frozenset(" \t*-_.·•|/\\~^+=#、，,。")


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    if len(folded) == 1:
        return _HOMOGLYPHS.get(folded, folded)
    return "".join(_HOMOGLYPHS.get(part, part) for part in folded)


def _fast_tables() -> tuple[str, dict[int, str], str]:
    """Characters that fold to exactly one character (most of what Chinese and
    English messages are made of): a regex class of them, the translation table
    that folds them, and a class of those that are look-alike letters. A text made
    only of these skips the per-character loop and keeps its positions."""
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x4FF), (0x2010, 0x215F), (0x2190, 0x27BF)]
    ranges += [(0x3001, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
    ranges += [(0xFF01, 0xFFEF), (0x1F300, 0x1FAFF)]
    plain: list[int] = [0x09, 0x0A]
    table: dict[int, str] = {}
    lookalikes: list[int] = []
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            if code in _INVISIBLE or unicodedata.category(char)[0] in "CM":
                continue
            folded = char.lower() if char.isascii() else _fold_char(char)
            if len(folded) != 1:
                continue
            plain.append(code)
            if folded != char:
                table[code] = folded
            if not char.isascii() and folded != unicodedata.normalize("NFKC", char).lower():
                lookalikes.append(code)
    return _char_class(plain), table, _char_class(lookalikes)


def _char_class(codes: list[int]) -> str:
    runs: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -2]:
        if code != previous + 1:
            first, last = re.escape(chr(start)), re.escape(chr(previous))
            runs.append(first if previous == start else f"{first}-{last}")
            start = code
        previous = code
    return "[" + "".join(runs) + "]"


_PLAIN_CLASS, _FOLD_TABLE, _LOOKALIKE_CLASS = _fast_tables()
_PLAIN = re.compile(_PLAIN_CLASS + "*")
_LOOKALIKE = re.compile(_LOOKALIKE_CLASS)
_CJK_RUN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK_RUN_CHARS}]")
_LETTER = re.compile(r"[^\W\d_]")
_SEPARATOR_BETWEEN_CJK = re.compile(
    f"(?<=[{_CJK_RUN_CHARS}])[{re.escape(''.join(sorted(_CJK_SEPARATORS)))}](?=[{_CJK_RUN_CHARS}])"
)


class TextInputError(FanzhaError):
    """The text cannot be analyzed (empty after cleaning, or too long)."""

    code = "TEXT.INVALID"
    status = 422


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
    )


@dataclass(frozen=True, slots=True)
class Normalized:
    """``text`` is lower-cased, NFKC-folded and cleaned; ``source[i]`` is the index in
    ``original`` of the character that produced ``text[i]`` (None: identity)."""

    original: str
    text: str
    source: tuple[int, ...] | None = None
    folded_homoglyphs: int = 0
    removed_invisible: int = 0
    lang: str = field(default="en")

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` back to ``original`` (end exclusive)."""
        if self.source is None:
            return start, end
        if start >= end:
            position = self.source[start] if start < len(self.source) else len(self.original)
            return position, position
        return self.source[start], self.source[end - 1] + 1

    def original_words(self, start: int, end: int) -> str:
        begin, finish = self.original_span(start, end)
        return self.original[begin:finish]


def detect_lang(text: str) -> str:
    """ "zh" when Chinese characters make up at least a fifth of the letters, else "en"."""
    cjk = letters = 0
    for char in text:
        if is_cjk(char):
            cjk += 1
            letters += 1
        elif char.isalpha():
            letters += 1
    if letters == 0:
        return "en"
    return "zh" if cjk * 5 >= letters else "en"


def normalize(text: str, *, max_chars: int = MAX_TEXT_CHARS) -> Normalized:
    """Fold ``text`` for matching. Raises TextInputError when it is too long.

    Control characters become spaces, combining marks are dropped, and a single
    separator between two Chinese characters is removed.
    """
    if not isinstance(text, str):
        raise TextInputError("text must be a string", code="TEXT.NOT_TEXT")
    if len(text) > max_chars:
        raise TextInputError(
            f"text has {len(text)} characters; at most {max_chars} are analyzed",
            code="TEXT.TOO_LONG",
            details={"length": len(text), "max_chars": max_chars},
        )
    if text.isascii() and text.isprintable():
        return Normalized(text, text.lower(), None, lang="en")
    if _PLAIN.fullmatch(text):
        return _normalize_plain(text)
    return _normalize_any(text)


def _normalize_any(text: str) -> Normalized:
    """The general path: one character at a time."""
    out: list[str] = []
    source: list[int] = []
    folded = removed = 0
    for index, char in enumerate(text):
        code = ord(char)
        if code in _INVISIBLE:
            removed += 1
            continue
        category = unicodedata.category(char)
        if category == "Mn":
            removed += 1
            continue
        if category in ("Cc", "Cs", "Co", "Cn") and char not in "\n\t":
            piece = " "
        elif char.isascii():
            piece = char.lower()
        else:
            piece = _fold_char(char)
            if piece != unicodedata.normalize("NFKC", char).lower():
                folded += 1
        for part in piece:
            out.append(part)
            source.append(index)
    _drop_cjk_separators(out, source)
    normalized = "".join(out)
    return Normalized(
        text,
        normalized,
        tuple(source),
        folded_homoglyphs=folded,
        removed_invisible=removed,
        lang=detect_lang(normalized),
    )


def _normalize_plain(text: str) -> Normalized:
    """The fast path: one-to-one folding by table, then separators between Chinese."""
    lowered = text.translate(_FOLD_TABLE)
    folded = len(_LOOKALIKE.findall(text))
    cjk = len(_CJK_CHAR.findall(lowered))
    letters = len(_LETTER.findall(lowered))
    lang = "zh" if cjk and cjk * 5 >= letters else "en"
    cuts = [match.start() for match in _SEPARATOR_BETWEEN_CJK.finditer(lowered)]
    if not cuts:
        return Normalized(text, lowered, None, folded_homoglyphs=folded, lang=lang)
    pieces: list[str] = []
    source: list[int] = []
    begin = 0
    for cut in cuts:
        pieces.append(lowered[begin:cut])
        source.extend(range(begin, cut))
        begin = cut + 1
    pieces.append(lowered[begin:])
    source.extend(range(begin, len(lowered)))
    return Normalized(text, "".join(pieces), tuple(source), folded_homoglyphs=folded, lang=lang)


def _drop_cjk_separators(out: list[str], source: list[int]) -> None:
    """Remove one separator standing between two Chinese characters, in place."""
    keep = [True] * len(out)
    for i in range(1, len(out) - 1):
        if out[i] in _CJK_SEPARATORS and is_cjk(out[i - 1]) and is_cjk(out[i + 1]):
            keep[i] = False
    if all(keep):
        return
    out[:] = [c for c, k in zip(out, keep, strict=True) if k]
    source[:] = [s for s, k in zip(source, keep, strict=True) if k]
