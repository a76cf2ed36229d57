"""The leading lookahead only skips positions where no match can start."""

from __future__ import annotations

import importlib
import pkgutil
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import fanzha.text.redflags.rules as rules_package
from fanzha.text.redflags.prefilter import with_leading_filter
from fanzha.text.redflags.rule import Phrases


def _rule_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(filtered, bare) for every pattern of every rule."""
    pairs = []
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, Phrases):
                continue
            for pattern in (value.zh, value.en):
                if pattern is not None:
                    assert pattern.pattern.startswith("(?=["), f"{info.name} is not filtered"
                    # Class items are escaped, so the first "])(?:" ends the lookahead.
                    bare = pattern.pattern[pattern.pattern.index("])(?:") + 5 : -1]
                    pairs.append((pattern, re.compile(bare)))
    return pairs


_PAIRS = _rule_patterns()
# Characters the patterns are written with, so that random text matches often.
_ALPHABET = sorted({c for _, bare in _PAIRS for c in bare.pattern if c not in "\\()[]{}|?*+^$"})
_TEXT = st.lists(
    st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(["，", "。", " ", "5", "a", "的"])),
    max_size=40,
).map("".join)


def test_every_rule_pattern_is_filtered() -> None:
    assert len(_PAIRS) >= 40


@settings(max_examples=120, deadline=None)
@given(_TEXT)
def test_filtered_patterns_find_the_same_matches(text: str) -> None:
    for filtered, bare in _PAIRS:
        assert [m.span() for m in filtered.finditer(text)] == [
            m.span() for m in bare.finditer(text)
        ], bare.pattern[:60]


def test_first_characters_of_common_constructs() -> None:
    assert with_leading_filter("(?:国家)?安全账户") == "(?=[国安])(?:(?:国家)?安全账户)"
    assert with_leading_filter(r"\d+分钟内|[一二]天内") == r"(?=[\d一二])(?:\d+分钟内|[一二]天内)"
    assert with_leading_filter(r"(?<!已)转账").startswith("(?=[转])")


def test_patterns_it_cannot_read_are_kept_as_they_are() -> None:
    for pattern in (r".{0,3}账户", r"[^a]b", r"a?", r"(?:x)*"):
        assert with_leading_filter(pattern) == pattern
