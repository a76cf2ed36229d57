"""Features of one normalised message: the strings a model counts.

Chinese has no spaces, so Chinese runs give character 1- to 3-grams; Latin runs
give words, word pairs and character 3-grams inside words (which survive the
misspellings spam uses). Digits are folded to ``0`` so the model learns "an
11-digit number" rather than one scammer's number; extra tokens (red-flag codes,
entity kinds) carry what the rules found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = re.compile(r"\d")
# A run of Chinese characters, or a Latin word (letters, digits, apostrophes).
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9']*")
_CJK_START = "\u3400"


def message_features(text: str, extra: Iterable[str] = ()) -> list[str]:
    """Feature strings of normalised ``text`` (lower-cased by the normaliser)."""
    folded = _DIGITS.sub("0", text)
    features: list[str] = []
    append = features.append
    previous_word = "<s>"
    for match in _RUNS.finditer(folded):
        run = match.group()
        if run[0] >= _CJK_START:
            previous_word = "<zh>"
            size = len(run)
            for i in range(size):
                append(run[i])
                if i + 1 < size:
                    append(run[i : i + 2])
                    if i + 2 < size:
                        append(run[i : i + 3])
        else:
            append("w:" + run)
            append("b:" + previous_word + " " + run)
            previous_word = run
            if len(run) > 3 and not run.isdigit():
                padded = "<" + run + ">"
                for i in range(len(padded) - 2):
                    append("c:" + padded[i : i + 3])
    for token in extra:
        append("x:" + token)
    return features
