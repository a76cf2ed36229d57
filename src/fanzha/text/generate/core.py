"""Compose labelled messages from the phrase banks."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from fanzha.core import InvalidInputError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.generate.bank import Banks, Scenario, default_banks
from fanzha.text.generate.grammar import Context
from fanzha.text.generate.style import apply_style
from fanzha.text.types import LabeledMessage

SOURCE = "generator"
FRAUD_CATEGORIES: tuple[str, ...] = tuple(
    c.value for c in FraudCategory if c is not FraudCategory.NOT_FRAUD
)
_ATTEMPTS = 4  # tries to avoid repeating a text already made in this batch


@dataclass(frozen=True, slots=True)
class GeneratedMessage:
    """A generated message with how it was made: the scenario (``<file>.<name>``),
    the register it was dressed in, whether it is a hard negative (a normal message
    that shares words with scams), and the entities the generators produced as
    ``(kind, value)`` pairs (card numbers, mobiles, links...)."""

    message: LabeledMessage
    scenario: str
    register: str
    hard_negative: bool
    entities: tuple[tuple[str, str], ...]


_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_ZH_PUNCT_RUNS = (
    (re.compile(r"，{2,}"), "，"),
    (re.compile(r"[，,]\s*([。！？!?])"), r"\1"),
    (re.compile(r"([。！？])[，,]"), r"\1"),
    (re.compile(r"。{2,}"), "。"),
    (re.compile(r"^[，。、\s]+", re.M), ""),
    (re.compile(r"(元|块)元"), r"\1"),
    (re.compile(r"(\d\d-\d\d)(\d\d:\d\d)"), r"\1 \2"),
    # "请尽快请点击": a "please" slot followed by a phrase that starts with 请.
    (re.compile(r"(请[^，。！？\n]{0,8}?)请(?!问)"), r"\1"),
)
_EN_FIXES = (
    (re.compile(r" +([.,!?;:])"), r"\1"),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    (re.compile(r",\s*\."), "."),
    (re.compile(r"^[,.\s]+", re.M), ""),
)


def tidy(text: str, lang: str) -> str:
    """Clean what slot composition leaves behind: doubled punctuation, stray spaces,
    a lower-case first letter in English."""
    lines = []
    for line in text.split("\n"):
        line = _MULTI_SPACE.sub(" ", line).strip()
        for pattern, repl in _ZH_PUNCT_RUNS if lang == "zh" else _EN_FIXES:
            line = pattern.sub(repl, line)
        line = line.strip()
        if lang == "en" and line[:1].islower():
            line = line[0].upper() + line[1:]
        if line:
            lines.append(line)
    return "\n".join(lines)


def _check_args(
    n: int, fraud_share: float, lang_share_zh: float, categories: Sequence[str] | None
) -> tuple[str, ...]:
    problems: list[str] = []
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        problems.append("n must be a non-negative integer")
    if not 0.0 <= fraud_share <= 1.0:
        problems.append("fraud_share must be between 0 and 1")
    if not 0.0 <= lang_share_zh <= 1.0:
        problems.append("lang_share_zh must be between 0 and 1")
    chosen: tuple[str, ...] = FRAUD_CATEGORIES
    if categories is not None:
        if isinstance(categories, str):
            problems.append("categories must be a sequence of taxonomy codes, not one string")
            categories = [categories]
        unknown = [c for c in categories if c not in FRAUD_CATEGORIES and c != "not_fraud"]
        if unknown:
            problems.append(
                f"unknown categories {unknown}; known: {[*FRAUD_CATEGORIES, 'not_fraud']}"
            )
        chosen = tuple(c for c in FRAUD_CATEGORIES if c in categories)
        if not chosen and fraud_share > 0:
            problems.append("categories names no fraud category but fraud_share > 0")
    if problems:
        raise InvalidInputError(
            "invalid generator arguments: " + "; ".join(problems),
            code="TEXT.GENERATOR_INVALID",
            details={"problems": problems},
        )
    return chosen


def _split(rng: random.Random, total: int, share: float) -> list[bool]:
    """``round(total * share)`` True values among ``total``, shuffled."""
    k = round(total * share)
    flags = [True] * k + [False] * (total - k)
    rng.shuffle(flags)
    return flags


def _balanced(rng: random.Random, total: int, items: Sequence[str]) -> list[str]:
    """``total`` items, each as close to equally often as possible, shuffled."""
    out = [items[i % len(items)] for i in range(total)]
    rng.shuffle(out)
    return out


class _Picker:
    def __init__(self, scenarios: Sequence[Scenario]) -> None:
        self.scenarios = tuple(scenarios)
        self.cum = list(accumulate(s.weight for s in scenarios))

    def pick(self, rng: random.Random) -> Scenario:
        return rng.choices(self.scenarios, cum_weights=self.cum, k=1)[0]


def _compose(scenario: Scenario, rng: random.Random) -> tuple[str, str, Context]:
    ctx = Context(rng=rng, lang=scenario.lang)
    template = rng.choice(scenario.templates)
    text = scenario.scope.expand(template, ctx)
    if scenario.prefix and rng.random() < scenario.prefix_prob and not text.startswith("【"):
        prefix = scenario.scope.expand(rng.choice(scenario.prefix), ctx)
        # An SMS signature does not head a chat transcript; a chat-app marker may.
        if "\n" not in text or not prefix.startswith("【"):
            text = prefix + text
    text = tidy(text, scenario.lang)
    register = rng.choice(scenario.styles)
    text = apply_style(
        text,
        lang=scenario.lang,
        register=register,
        obfuscate_prob=scenario.obfuscate,
        unsubscribe_prob=scenario.unsubscribe,
        rng=rng,
    )
    return text.strip(), register, ctx


def generate_detailed(
    n: int,
    *,
    seed: int,
    fraud_share: float = 0.5,
    lang_share_zh: float = 0.7,
    categories: Sequence[str] | None = None,
    banks: Banks | None = None,
) -> list[GeneratedMessage]:
    """Like ``generate_messages``, with how each message was made."""
    chosen = _check_args(n, fraud_share, lang_share_zh, categories)
    banks = banks or default_banks()
    rng = random.Random(f"fanzha-text-generator:{seed}")
    is_fraud = _split(rng, n, fraud_share)
    n_fraud = sum(is_fraud)
    fraud_zh = _split(rng, n_fraud, lang_share_zh)
    normal_zh = _split(rng, n - n_fraud, lang_share_zh)
    fraud_cats = {
        "zh": iter(_balanced(rng, sum(fraud_zh), chosen)),
        "en": iter(_balanced(rng, n_fraud - sum(fraud_zh), chosen)),
    }
    langs = {True: iter(fraud_zh), False: iter(normal_zh)}
    pickers: dict[tuple[str, str], _Picker] = {}
    seen: set[str] = set()
    out: list[GeneratedMessage] = []
    for fraud in is_fraud:
        lang = "zh" if next(langs[fraud]) else "en"
        category = next(fraud_cats[lang]) if fraud else FraudCategory.NOT_FRAUD.value
        key = (category, lang)
        if key not in pickers:
            scenarios = banks.scenarios.get(key)
            if not scenarios:
                raise InvalidInputError(
                    f"no phrase bank for {category} in {lang}", code="TEXT.GENERATOR_INVALID"
                )
            pickers[key] = _Picker(scenarios)
        for _ in range(_ATTEMPTS):
            scenario = pickers[key].pick(rng)
            text, register, ctx = _compose(scenario, rng)
            if text not in seen:
                break
        seen.add(text)
        out.append(
            GeneratedMessage(
                message=LabeledMessage(
                    text=text, is_fraud=fraud, category=category, lang=lang, source=SOURCE
                ),
                scenario=scenario.name,
                register=register,
                hard_negative=scenario.hard_negative,
                entities=tuple(ctx.entities),
            )
        )
    return out


def generate_messages(
    n: int,
    *,
    seed: int,
    fraud_share: float = 0.5,
    lang_share_zh: float = 0.7,
    categories: Sequence[str] | None = None,
) -> list[LabeledMessage]:
    """``n`` labelled messages, the same for the same arguments.

    ``fraud_share`` of them (rounded) are scams, spread evenly over ``categories``
    (fraud taxonomy codes; default all twelve; ``not_fraud`` may be listed and
    changes nothing); ``lang_share_zh`` of each class are Chinese, the rest English.
    ``category`` is the taxonomy code (``not_fraud`` for normal messages), ``source``
    is ``"generator"``.
    """
    return [
        g.message
        for g in generate_detailed(
            n,
            seed=seed,
            fraud_share=fraud_share,
            lang_share_zh=lang_share_zh,
            categories=categories,
        )
    ]
