"""Shortcut control: fraud and normal messages look alike on the surface."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

import pytest

from fanzha.text.generate import (
    FEATURES,
    best_single_feature,
    features,
    generate_messages,
    generator_stats,
    near_duplicate_share,
    skeleton,
)
from fanzha.text.types import LabeledMessage

# Bounds the generator must keep (docs/text-generator.md quotes them).
LENGTH_RATIO = (0.85, 1.2)
MAX_LINK_GAP = 0.15
MAX_RATE_GAP = 0.15
MAX_SINGLE_FEATURE_ACCURACY = 0.62


@lru_cache(maxsize=4)
def stats(seed: int) -> dict[str, Any]:
    return generator_stats(generate_messages(6000, seed=seed))


def _check_gaps(where: str, gaps: dict[str, float]) -> None:
    for key in ("mean_length_ratio", "median_length_ratio"):
        assert LENGTH_RATIO[0] <= gaps[key] <= LENGTH_RATIO[1], (where, key, gaps[key])
    assert gaps["link_rate_gap"] < MAX_LINK_GAP, (where, gaps["link_rate_gap"])
    for name in FEATURES:
        assert gaps[f"{name}_rate_gap"] < MAX_RATE_GAP, (where, name, gaps[f"{name}_rate_gap"])


@pytest.mark.parametrize("seed", [0, 7])
def test_surface_gaps_stay_small(seed: int) -> None:
    st = stats(seed)
    _check_gaps("all", st["gaps"])
    for lang, part in st["by_lang"].items():
        _check_gaps(lang, part["gaps"])


@pytest.mark.parametrize("seed", [0, 7])
def test_no_single_feature_separates_the_classes(seed: int) -> None:
    st = stats(seed)
    assert st["best_single_feature"]["accuracy"] < MAX_SINGLE_FEATURE_ACCURACY
    for lang, part in st["by_lang"].items():
        best = part["best_single_feature"]
        assert best["accuracy"] < MAX_SINGLE_FEATURE_ACCURACY, (lang, best)


def test_report_shape() -> None:
    st = stats(0)
    assert st["n"] == 6000
    assert set(st["langs"]) == {"zh", "en"}
    assert st["categories"]["not_fraud"] == 3000
    assert 0.0 <= st["near_duplicate_share"] < 0.1
    assert st["distinct_share"] > 0.99
    for cls in ("fraud", "normal"):
        part = st[cls]
        assert part["count"] == 3000
        assert part["p10_length"] <= part["median_length"] <= part["p90_length"]
        for name in FEATURES:
            assert 0.0 <= part[f"{name}_rate"] <= 1.0
        # Every surface feature occurs in both classes.
        for name in FEATURES:
            assert part[f"{name}_rate"] > 0.05, (cls, name)


def _msg(text: str, fraud: bool) -> LabeledMessage:
    return LabeledMessage(text, fraud, "romance" if fraud else "not_fraud", "zh", "test")


def test_features_and_stats_on_known_messages() -> None:
    f = features("【工商银行】您尾号1234卡消费58.00元，详见 https://icbc.com.cn 😊\n好的！")
    assert f == {
        "link": True,
        "digit": True,
        "long_number": False,
        "emoji": True,
        "bracket": True,
        "exclaim": True,
        "money": True,
        "multiline": True,
    }
    assert features("加V：abc123，日结300")["money"] is False
    assert features("[微笑]")["emoji"] and not features("[图片]")["emoji"]
    assert features("登录 icbc-vip.cc/login")["link"]
    msgs = [_msg("aaaa", True), _msg("bbbbbbbb", True), _msg("cc", False), _msg("dddddd", False)]
    st = generator_stats(msgs)
    assert st["fraud"]["mean_length"] == 6.0 and st["normal"]["mean_length"] == 4.0
    assert st["gaps"]["mean_length_ratio"] == 1.5
    assert st["by_lang"]["zh"]["fraud"]["count"] == 2


def test_best_single_feature_finds_a_planted_shortcut() -> None:
    msgs = [_msg("x" * 50 + str(i), True) for i in range(20)]
    msgs += [_msg("y" * 5 + str(i), False) for i in range(20)]
    best = best_single_feature(msgs)
    assert best["accuracy"] == 1.0
    assert best["feature"].startswith("length>=")
    linked = [_msg(f"看 t.cn/{i}", True) for i in range(10)] + [
        _msg(f"看看{i}", False) for i in range(10)
    ]
    assert best_single_feature(linked) == {"feature": "link", "accuracy": 1.0}
    assert best_single_feature([])["accuracy"] == 0.0


def test_skeleton_and_near_duplicates() -> None:
    a = "【工商银行】您尾号1234卡消费58.00元 https://icbc.com.cn/x"
    b = "【工商银行】您尾号9876卡消费12.50元 http://icbc.com.cn/y"
    assert skeleton(a) == skeleton(b) == "工商银行您尾号卡消费元"
    assert near_duplicate_share([a, b, "别的消息"]) == pytest.approx(1 / 3)
    assert near_duplicate_share([]) == 0.0


def _tokens(text: str, lang: str) -> set[str]:
    if lang == "zh":
        text = re.sub(r"\d+", "0", text)
        return {text[i : i + 2] for i in range(len(text) - 1)}
    return set(re.findall(r"[a-z']+", text.lower()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_frequent_word_belongs_to_one_class(lang: str) -> None:
    """A word (English) or character pair (Chinese) in 8 % or more of one class's
    messages also appears in at least a twentieth as many of the other class's:
    openers, speaker labels, 官方 wording and the like must not give the label away."""
    msgs = [m for m in generate_messages(12000, seed=4) if m.lang == lang]
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    for m in msgs:
        counts[m.is_fraud].update(_tokens(m.text, lang))
    sizes = {cls: sum(m.is_fraud == cls for m in msgs) for cls in (True, False)}
    for cls in (True, False):
        for token, count in counts[cls].items():
            share = count / sizes[cls]
            if share >= 0.08:
                other = counts[not cls][token] / sizes[not cls]
                assert other >= share / 20, (lang, token, cls, share, other)
