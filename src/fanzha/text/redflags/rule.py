"""What every red-flag rule shares.

A rule is a module with ``CODE``, ``REASON`` (English), ``REASON_ZH`` and
``find(norm, entities)``. Rules match on ``Normalized.text`` (folded, lower-cased)
and report spans of the original text. Reasons are short clauses without a final
full stop: the explainer quotes them inside its own sentences.

A phrase that a rule matches does not count when the clause around it negates it
or calls it a scam: anti-fraud reminders quote the same words ("公安机关不会要求
你转账到安全账户", "never share this code").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.prefilter import with_leading_filter
from fanzha.text.redflags.weights import default_weights
from fanzha.text.types import Entity, RedFlag


class RedFlagRule(Protocol):
    @property
    def CODE(self) -> str: ...

    @property
    def REASON(self) -> str: ...

    @property
    def REASON_ZH(self) -> str: ...

    def find(self, norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]: ...


def latin_words(pattern: str) -> str:
    """Wrap an English pattern in letter boundaries. ``\\b`` does not work here: a
    Chinese character is a word character too, so "加whatsapp" has no boundary."""
    return rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"


_LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=8)
def _scripts(text: str) -> tuple[bool, bool]:
    """(has a non-ASCII character, has a Latin letter); cached because every rule
    asks about the same message."""
    return not text.isascii(), _LATIN.search(text) is not None


class Phrases:
    """A rule's Chinese and English patterns, compiled once.

    Each runs only on text that can hold a match: every Chinese alternative has a
    non-ASCII character and every English one (wrapped by ``latin_words``) a Latin
    letter. Most messages are in one language, so one of the two scans is skipped.
    """

    __slots__ = ("en", "zh")

    def __init__(self, *, zh: str = "", en: str = "") -> None:
        self.zh = re.compile(with_leading_filter(zh)) if zh else None
        self.en = re.compile(with_leading_filter(latin_words(en))) if en else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        has_non_ascii, has_latin = _scripts(text)
        if self.zh is not None and has_non_ascii:
            yield from self.zh.finditer(text)
        if self.en is not None and has_latin:
            yield from self.en.finditer(text)

    def occur_in(self, text: str, start: int, end: int) -> bool:
        """Whether a match lies within ``text[start:end]``."""
        start, end = max(0, start), min(len(text), end)
        return any(
            pattern is not None and pattern.search(text, start, end) is not None
            for pattern in (self.zh, self.en)
        )


# ------------------------------------------------------------ clause windows
#
# Clause breaks are looked for in the original text: the normaliser drops a comma
# or full stop standing between two Chinese characters (it is also how senders
# split keywords), so "账户，凡是" reads "账户凡是" in ``norm.text``.

_CLAUSE_BREAK = re.compile(r"[。！？!?；;，,:：\n]|\.(?:\s|$)")
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def text_index(norm: Normalized, original_index: int) -> int:
    """The index in ``norm.text`` of the first character from ``original_index`` on."""
    if norm.source is None:
        return min(max(original_index, 0), len(norm.text))
    return bisect_left(norm.source, original_index)


def _original_index(norm: Normalized, index: int) -> int:
    """Where ``norm.text[index]`` came from (the end of the original past the end)."""
    if norm.source is None:
        return min(index, len(norm.original))
    return norm.source[index] if index < len(norm.source) else len(norm.original)


def clause_before(norm: Normalized, start: int, chars: int, *, sentence: bool = False) -> str:
    """Up to ``chars`` characters of ``norm.text`` before ``start``, back to the last
    clause break (or sentence break)."""
    low = max(0, start - chars)
    breaks = _SENTENCE_BREAK if sentence else _CLAUSE_BREAK
    cut = None
    for match in breaks.finditer(
        norm.original, _original_index(norm, low), _original_index(norm, start)
    ):
        cut = match.end()
    if cut is not None:
        low = max(low, text_index(norm, cut))
    return norm.text[low:start]


def clause_after(norm: Normalized, end: int, chars: int, *, sentence: bool = False) -> str:
    """Up to ``chars`` characters of ``norm.text`` from ``end`` to the next clause
    break (or sentence break)."""
    high = min(len(norm.text), end + chars)
    if end >= high:
        return ""
    breaks = _SENTENCE_BREAK if sentence else _CLAUSE_BREAK
    begin = _original_index(norm, end - 1) + 1 if end > 0 else 0
    match = breaks.search(norm.original, begin, _original_index(norm, high))
    if match is not None:
        high = min(high, text_index(norm, match.start()))
    return norm.text[end:high]


def same_clause(norm: Normalized, match: re.Match[str]) -> bool:
    """Accept function for patterns with a gap: the match does not cross a clause
    break of the original text."""
    begin, finish = norm.original_span(*match.span())
    return _CLAUSE_BREAK.search(norm.original, begin, finish) is None


def same_sentence(norm: Normalized, match: re.Match[str]) -> bool:
    """Like ``same_clause``, for patterns whose parts may stand in two clauses."""
    begin, finish = norm.original_span(*match.span())
    return _SENTENCE_BREAK.search(norm.original, begin, finish) is None


# ---------------------------------------------------------------- negation cues

# How far back a negation can stand from the phrase it negates, within one clause.
_BEFORE_CHARS = 40

# Words that, before a phrase in the same clause, turn it into a warning about it.
# "不要" is left out before words that scammers themselves put after it
# ("不要犹豫", "不要挂电话", "不要告诉家人").
_NEGATION_BEFORE = re.compile(
    "|".join(
        [
            r"(?:绝|决|绝对|从来|都|也|均|并|更)?不会(?:主动)?"
            r"(?:要求|索要|索取|让|叫|通过|以|向|在|打电话|电话|发送|发短信|私下|使用|设立|设置|存在"
            r"|有(?!事|问题|风险))",
            r"从不|从来不|绝不|决不|切勿|请勿|勿|谨防|警惕|当心|小心|提防|防范|严禁|禁止|不存在"
            r"|没有(?:所谓|什么)|所谓",
            r"冒充|假冒|假扮|不要轻信|不要相信|别轻信|别相信|千万别|别(?:点|扫|下载|转|汇|透露|告诉|给)",
            r"不要(?!犹豫|担心|害怕|紧张|慌|怕|着急|急|挂|声张|告诉|跟|和|对|让|被|耽误|拖)",
            latin_words(
                r"never|beware|watch out|be careful|be wary|no (?:legitimate|real|genuine)"
                r"|impersonat\w*|pretend\w*|so-called"
                r"|(?:won't|will not|would not|wouldn't|does not|doesn't|do not|don't|dont"
                r"|cannot|can't|should not|shouldn't|not)\s+(?:ever\s+)?"
                r"(?:ask|request|require|call|contact|need|send|share|give|tell|click|scan"
                r"|install|download|transfer|pay|disclose|reveal|provide|reply|respond|open"
                r"|enter|forward|trust|believe|follow|add|let)"
            ),
        ]
    )
)
# A negation after "if" is a condition, not a warning: "if you do not pay within 24 hours".
_CONDITION = re.compile(r"如果|假如|若|要是|" + latin_words(r"if|unless|or else"))

_NEGATION_AFTER = re.compile(
    r".{0,2}?(?:(?:绝对|从来)?不会(?!有(?:事|问题|风险)|影响|坐牢|追究|留下)|从不|不可能"
    r"|根本不存在|不存在|是假的)"
    r"|\s*"
    + latin_words(r"will never|would never|never|won't|will not|does not|doesn't|is not|isn't")
)
_SCAM_VERDICT_AFTER = re.compile(
    r".{0,20}?(?:(?:都|就|均|一律|必然|肯定|全|全部)是(?:诈骗|骗局|骗子|骗人)|是(?:诈骗|骗局)$|"
    + latin_words(r"(?:are|is) (?:all |always |definitely |a |an )*(?:scams?|fraud|frauds)")
    + ")"
)


def is_negated(norm: Normalized, start: int, end: int) -> bool:
    """True when the words around ``norm.text[start:end]`` warn against it rather
    than say it: a negation before it in its clause (not under "if"), a negation
    right after it, or a verdict later in the sentence that it is a scam."""
    before = clause_before(norm, start, _BEFORE_CHARS)
    # The phrase's own first word may finish the cue ("do not" + "share this code").
    cue = _NEGATION_BEFORE.search(before + norm.text[start:end])
    if (
        cue is not None
        and cue.start() < len(before)
        and _CONDITION.search(before, 0, cue.start()) is None
    ):
        return True
    if _NEGATION_AFTER.match(clause_after(norm, end, 24)):
        return True
    return _SCAM_VERDICT_AFTER.match(clause_after(norm, end, 40, sentence=True)) is not None


# ----------------------------------------------------------------- request cues

_REQUEST_BEFORE = re.compile(
    r"提供|发(?!生|现|票|展|布|货|放|行|明|起)|告诉|告知|报(?!警|案|销|名|道|告|纸|价)|填|输入|录入"
    r"|登记|上传|拍|核对|验证|说出|说一下|念|读|索要|索取|给我|补充|更新|完善|确认|出示|需要你|需要您"
    + "|"
    + latin_words(
        r"send|provide|give|tell|share|enter|type|input|confirm|verify|upload|submit|read"
        r"|need|needs|require|requires|update|fill in|what(?:'s| is) your|ask(?:ing)? for"
    )
)
_REQUEST_AFTER = re.compile(
    r".{0,6}?(?:发给我|发我|发过来|发一下|发来|拍(?:一下|照|给我|下来)|报一下|报给我"
    r"|告诉我|给我|提供一下|提供给|上传|填(?:写)?一下|念一下|读一下|说一下)"
    r"|\s*" + latin_words(r"to me|to us|please|now")
)


def is_requested(norm: Normalized, start: int, end: int) -> bool:
    """True when the clause asks for ``norm.text[start:end]`` to be given, sent or typed."""
    if _REQUEST_BEFORE.search(clause_before(norm, start, 24)):
        return True
    return _REQUEST_AFTER.match(clause_after(norm, end, 16)) is not None


def requested(norm: Normalized, match: re.Match[str]) -> bool:
    """``is_requested`` for a whole match, as a ``Flagger.scan`` accept function."""
    return is_requested(norm, *match.span())


# ------------------------------------------------------------------- entities


def entities_of(
    entities: Iterable[Entity], kind: str, app_kinds: frozenset[str] | None = None
) -> list[Entity]:
    """Entities of ``kind`` (and, for apps, of one of ``app_kinds``)."""
    return [
        entity
        for entity in entities
        if entity.kind == kind and (app_kinds is None or entity.details.get("kind") in app_kinds)
    ]


# --------------------------------------------------------------------- flags

Accept = Callable[[Normalized, re.Match[str]], bool]


@dataclass(frozen=True, slots=True)
class Flagger:
    """Builds one rule's red flags; the weight comes from the versioned weights file."""

    code: str
    reason: str
    reason_zh: str

    def at_original(self, norm: Normalized, begin: int, finish: int) -> RedFlag | None:
        """A flag over ``norm.original[begin:finish]``; None for an empty or bad span."""
        begin, finish = max(0, begin), min(len(norm.original), finish)
        if begin >= finish:
            return None
        return RedFlag(
            self.code,
            begin,
            finish,
            norm.original[begin:finish],
            default_weights().weight(self.code),
            self.reason,
            self.reason_zh,
        )

    def at(self, norm: Normalized, start: int, end: int) -> RedFlag | None:
        """A flag over ``norm.text[start:end]``, reported in original coordinates."""
        if start >= end:
            return None
        return self.at_original(norm, *norm.original_span(start, end))

    def scan(
        self,
        norm: Normalized,
        phrases: Phrases,
        *,
        accept: Accept | None = None,
        negatable: bool = True,
    ) -> list[RedFlag]:
        """A flag for each match of ``phrases`` that ``accept`` keeps and, when
        ``negatable``, no negation cue cancels."""
        flags: list[RedFlag] = []
        for match in phrases.finditer(norm.text):
            start, end = match.span()
            if accept is not None and not accept(norm, match):
                continue
            if negatable and is_negated(norm, start, end):
                continue
            flag = self.at(norm, start, end)
            if flag is not None:
                flags.append(flag)
        return distinct(flags)

    def on_entities(
        self,
        norm: Normalized,
        entities: Iterable[Entity],
        *,
        cue: re.Pattern[str] | None = None,
        negatable: bool = True,
    ) -> list[RedFlag]:
        """A flag over each entity; with ``cue``, only where the cue stands near it
        in its sentence."""
        flags: list[RedFlag] = []
        for entity in entities:
            start, end = text_index(norm, entity.start), text_index(norm, entity.end)
            if cue is not None:
                near = (
                    clause_before(norm, start, 16, sentence=True)
                    + " "
                    + clause_after(norm, end, 16, sentence=True)
                )
                if cue.search(near) is None:
                    continue
            if negatable and is_negated(norm, start, end):
                continue
            flag = self.at_original(norm, entity.start, entity.end)
            if flag is not None:
                flags.append(flag)
        return flags


def distinct(*groups: list[RedFlag]) -> list[RedFlag]:
    """All flags sorted by start, dropping any that overlaps one already kept."""
    if sum(map(len, groups)) < 2:  # the usual case: nothing to sort
        return [flag for group in groups for flag in group]
    ordered = sorted((f for group in groups for f in group), key=lambda f: (f.start, -f.end))
    kept: list[RedFlag] = []
    for flag in ordered:
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept
