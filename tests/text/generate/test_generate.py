"""generate_messages: determinism, labels, coverage, hard negatives, distinctness."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from functools import lru_cache

import pytest

from fanzha.core import InvalidInputError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.generate import (
    FRAUD_CATEGORIES,
    GeneratedMessage,
    generate_detailed,
    generate_messages,
    near_duplicate_share,
)
from fanzha.text.types import LabeledMessage

CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4)
def sample(n: int = 4000, seed: int = 3) -> tuple[GeneratedMessage, ...]:
    return tuple(generate_detailed(n, seed=seed))


def test_same_seed_same_messages_and_other_seed_differs() -> None:
    a = generate_messages(300, seed=42)
    b = generate_messages(300, seed=42)
    c = generate_messages(300, seed=43)
    assert a == b
    assert [m.text for m in a] != [m.text for m in c]


def test_records_are_labeled_messages_from_the_generator() -> None:
    codes = {c.value for c in FraudCategory}
    for g in sample():
        m = g.message
        assert isinstance(m, LabeledMessage)
        assert m.source == "generator"
        assert m.lang in ("zh", "en")
        assert m.category in codes
        assert m.is_fraud == (m.category != FraudCategory.NOT_FRAUD.value)
        assert m.text and m.text == m.text.strip()
        assert g.scenario.split(".")[0] in (m.category, *_normal_files())


def _normal_files() -> tuple[str, ...]:
    return tuple(g.scenario.split(".")[0] for g in sample() if not g.message.is_fraud)


def test_every_category_in_both_languages() -> None:
    seen = Counter((g.message.category, g.message.lang) for g in sample())
    for category in (*FRAUD_CATEGORIES, "not_fraud"):
        for lang in ("zh", "en"):
            assert seen[(category, lang)] > 0, (category, lang)
    # Fraud categories are spread evenly within a language.
    zh = [seen[(c, "zh")] for c in FRAUD_CATEGORIES]
    assert max(zh) - min(zh) <= 1


def test_shares_are_exact() -> None:
    msgs = generate_messages(1000, seed=5, fraud_share=0.3, lang_share_zh=0.6)
    fraud = [m for m in msgs if m.is_fraud]
    assert len(fraud) == 300
    assert sum(m.lang == "zh" for m in fraud) == 180
    assert sum(m.lang == "zh" for m in msgs if not m.is_fraud) == 420
    assert all(not m.is_fraud for m in generate_messages(50, seed=1, fraud_share=0.0))
    assert all(m.lang == "en" for m in generate_messages(50, seed=1, lang_share_zh=0.0))
    assert generate_messages(0, seed=1) == []


def test_languages_look_like_their_language() -> None:
    for g in sample():
        m = g.message
        if m.lang == "zh":
            assert CJK.search(m.text), m.text
        else:
            assert not CJK.search(m.text), m.text


def test_categories_restrict_the_fraud_messages() -> None:
    msgs = generate_messages(400, seed=9, categories=["romance", "game_trade", "not_fraud"])
    assert {m.category for m in msgs if m.is_fraud} == {"romance", "game_trade"}
    assert any(not m.is_fraud for m in msgs)
    only_normal = generate_messages(30, seed=9, fraud_share=0.0, categories=["not_fraud"])
    assert all(m.category == "not_fraud" for m in only_normal)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"n": -1}, "n must be"),
        ({"n": 10, "fraud_share": 1.5}, "fraud_share"),
        ({"n": 10, "lang_share_zh": -0.1}, "lang_share_zh"),
        ({"n": 10, "categories": ["phishing"]}, "unknown categories"),
        ({"n": 10, "categories": "romance"}, "not one string"),
        ({"n": 10, "categories": ["not_fraud"]}, "no fraud category"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], fragment: str) -> None:
    n = kwargs.pop("n")
    with pytest.raises(InvalidInputError) as info:
        generate_messages(n, seed=1, **kwargs)  # type: ignore[arg-type]
    assert fragment in info.value.message
    assert info.value.code == "TEXT.GENERATOR_INVALID"


def test_hard_negatives_share_scam_words() -> None:
    normal = [g for g in sample() if not g.message.is_fraud]
    hard = [g for g in normal if g.hard_negative]
    assert len(hard) / len(normal) > 0.35
    texts = [g.message.text for g in normal]

    def some(pattern: str) -> bool:
        return any(re.search(pattern, t) for t in texts)

    assert some(r"验证码\d{4,6}|验证码是\d{4,6}|\d{6}是您的")  # real verification codes
    assert some(r"安全账户")  # police reminders quoting the scam words
    assert some(r"96110")
    assert some(r"退订|回T|回TD|拒收")  # legitimate marketing with opt-out tails
    assert some(r"尾号\d{4}")  # bank alerts
    assert some(r"取件码")  # courier notices
    assert some(r"转账|\[转账\]")  # transfers between relatives and friends
    assert some(r"(?i)\bcode\b")  # English one-time passcodes
    assert some(r"(?i)safe account|never ask")  # English bank warnings
    assert some(r"(?i)reply stop|stop to|txt stop|text stop|stop2end")


def test_registers_and_obfuscation_appear() -> None:
    gens = sample()
    registers = Counter((g.message.is_fraud, g.register) for g in gens)
    for register in ("notice", "chat", "spam"):
        assert registers[(True, register)] > 0 and registers[(False, register)] > 0
    fraud_zh = [g.message.text for g in gens if g.message.is_fraud and g.message.lang == "zh"]
    obfuscated = re.compile(
        r"加V|\+V|➕|vx|VX|薇信|威信|V信|[\uff21-\uff5a]|\u200b|扣扣|刷単|zhuan|jian职"
    )
    assert sum(bool(obfuscated.search(t)) for t in fraud_zh) / len(fraud_zh) > 0.08
    en = [g.message.text for g in gens if g.message.lang == "en"]
    shouted = [t for t in en if sum(c.isupper() for c in t) > 0.6 * sum(c.isalpha() for c in t)]
    assert shouted


def test_lengths_range_from_short_to_multi_turn() -> None:
    for fraud in (True, False):
        texts = [g.message.text for g in sample() if g.message.is_fraud == fraud]
        lengths = sorted(len(t) for t in texts)
        assert lengths[0] <= 25
        assert lengths[-1] >= 180
        assert sum("\n" in t for t in texts) / len(texts) > 0.08


def test_texts_are_distinct() -> None:
    texts = [m.text for m in generate_messages(5000, seed=11)]
    assert len(set(texts)) / len(texts) >= 0.9
    assert near_duplicate_share(texts) < 0.1


def test_ten_thousand_messages_take_seconds() -> None:
    start = time.perf_counter()
    msgs = generate_messages(10_000, seed=2)
    assert len(msgs) == 10_000
    assert time.perf_counter() - start < 10.0


def test_output_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "import hashlib;from fanzha.text.generate import generate_messages;"
        "print(hashlib.sha256(repr(generate_messages(500, seed=3)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for hash_seed in (1, 2)
    }
    assert len(digests) == 1
