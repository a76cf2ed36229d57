"""Surface statistics per class: the shortcut report.

A classifier trained on generated data must not win on surface features that only
the generator ties to the label (longer texts, more links, more emoji). This
report measures those features for fraud and normal messages (overall and per
language) and the gaps between the classes; tests keep the gaps small.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from fanzha.text.types import LabeledMessage

_LINK = re.compile(
    r"(?:https?://\S+)"
    r"|(?:\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?(?:/\S*)?)"
    r"|(?:\b(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|cc|top|xyz|vip|icu|club|shop|info|live|site"
    r"|online|co|me|work|buzz|fun|ltd|uk|ly|gd|im|nu|mp|gov|support|help|to|gl)\b(?:/\S*)?)",
    re.IGNORECASE,
)
_LONG_NUMBER = re.compile(r"\d{5,}")
_DIGIT = re.compile(r"\d")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u203c\u2049\u3297\u3299]"
    # WeChat emoticons written as text; media markers such as [图片] are not emoji.
    r"|\[(?:微笑|捂脸|偷笑|抱拳|愉快|OK|玫瑰|强|呲牙|奸笑|旺柴|破涕为笑|害羞|流泪|发呆|得意|可怜|机智|耶|嘿哈|皱眉|爱心|握手)\]"
)
_BRACKET = re.compile(r"[【】\[\]「」()（）《》<>]")
_EXCLAIM = re.compile(r"[!！]")
_MONEY = re.compile(r"[¥￥$£€]|\d\s*(?:元|块|万|w\b)|人民币|\b(?:USD|GBP)\b")
_SKELETON_DROP = re.compile(r"[^\w\u4e00-\u9fff]+|_")

FEATURES: tuple[str, ...] = (
    "link",
    "digit",
    "long_number",
    "emoji",
    "bracket",
    "exclaim",
    "money",
    "multiline",
)


def features(text: str) -> dict[str, bool]:
    """The surface features of one message."""
    return {
        "link": _LINK.search(text) is not None,
        "digit": _DIGIT.search(text) is not None,
        "long_number": _LONG_NUMBER.search(text) is not None,
        "emoji": _EMOJI.search(text) is not None,
        "bracket": _BRACKET.search(text) is not None,
        "exclaim": _EXCLAIM.search(text) is not None,
        "money": _MONEY.search(text) is not None,
        "multiline": "\n" in text,
    }


def skeleton(text: str) -> str:
    """The text with links, numbers, punctuation, emoji and spacing removed: two
    messages with the same skeleton differ only in their entities and dressing."""
    text = _LINK.sub("", text.lower())
    text = _DIGIT.sub("", text)
    return _SKELETON_DROP.sub("", text)


def _quantile(values: Sequence[int], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def _class_stats(texts: Sequence[str]) -> dict[str, float]:
    lengths = [len(t) for t in texts]
    out: dict[str, float] = {
        "count": float(len(texts)),
        "mean_length": statistics.fmean(lengths) if lengths else 0.0,
        "median_length": float(statistics.median(lengths)) if lengths else 0.0,
        "p10_length": _quantile(lengths, 0.1),
        "p90_length": _quantile(lengths, 0.9),
    }
    flags = [features(t) for t in texts]
    for name in FEATURES:
        out[f"{name}_rate"] = sum(f[name] for f in flags) / len(flags) if flags else 0.0
    return out


def _gaps(fraud: dict[str, float], normal: dict[str, float]) -> dict[str, float]:
    gaps: dict[str, float] = {}
    for key in ("mean_length", "median_length"):
        gaps[f"{key}_ratio"] = fraud[key] / normal[key] if normal[key] else float("inf")
    for name in FEATURES:
        gaps[f"{name}_rate_gap"] = abs(fraud[f"{name}_rate"] - normal[f"{name}_rate"])
    return gaps


def best_single_feature(messages: Sequence[LabeledMessage]) -> dict[str, Any]:
    """The one surface feature (or length threshold) that best separates fraud from
    normal, and its accuracy; 0.5 plus the class imbalance means no shortcut."""
    labels = [m.is_fraud for m in messages]
    n = len(labels)
    if n == 0:
        return {"feature": None, "accuracy": 0.0}
    n_fraud = sum(labels)
    best: tuple[str, float] = ("majority", max(n_fraud, n - n_fraud) / n)
    flags = [features(m.text) for m in messages]
    for name in FEATURES:
        agree = sum(f[name] == y for f, y in zip(flags, labels, strict=True))
        acc = max(agree, n - agree) / n
        if acc > best[1]:
            best = (name, acc)
    # Length: "fraud if len >= t" (or the reverse) for every threshold t.
    pairs = sorted((len(m.text), m.is_fraud) for m in messages)
    fraud_below = 0
    for i, (length, fraud) in enumerate(pairs):
        if i == 0 or length != pairs[i - 1][0]:
            normal_below = i - fraud_below
            fraud_at_or_above = n_fraud - fraud_below
            agree = normal_below + fraud_at_or_above
            acc = max(agree, n - agree) / n
            if acc > best[1]:
                best = (f"length>={length}", acc)
        fraud_below += fraud
    return {"feature": best[0], "accuracy": best[1]}


def _split_stats(messages: Sequence[LabeledMessage]) -> dict[str, Any]:
    fraud = [m.text for m in messages if m.is_fraud]
    normal = [m.text for m in messages if not m.is_fraud]
    out: dict[str, Any] = {"fraud": _class_stats(fraud), "normal": _class_stats(normal)}
    if fraud and normal:
        out["gaps"] = _gaps(out["fraud"], out["normal"])
        out["best_single_feature"] = best_single_feature(messages)
    return out


def near_duplicate_share(texts: Iterable[str]) -> float:
    """Share of messages whose skeleton an earlier message already had."""
    skeletons = [skeleton(t) for t in texts]
    if not skeletons:
        return 0.0
    return 1.0 - len(set(skeletons)) / len(skeletons)


def generator_stats(messages: Sequence[LabeledMessage]) -> dict[str, Any]:
    """Surface statistics for fraud and normal messages and the gaps between them.

    Returns ``{"n", "distinct_share", "near_duplicate_share", "langs", "categories",
    "fraud", "normal", "gaps", "best_single_feature", "by_lang": {lang: {"fraud",
    "normal", "gaps", "best_single_feature"}}}``.
    Per class: count, mean / median / p10 / p90 length in characters and the share
    of messages with a link, any digit, a 5+ digit number, emoji, brackets (【】,
    [], () ...), an exclamation mark, a money amount and several lines. Gaps:
    ``mean_length_ratio`` and ``median_length_ratio`` (fraud / normal) and
    ``<feature>_rate_gap`` (absolute difference of the shares).
    ``best_single_feature`` is the feature or length threshold that alone best
    predicts the label, with its accuracy.
    """
    texts = [m.text for m in messages]
    out: dict[str, Any] = {
        "n": len(messages),
        "distinct_share": len(set(texts)) / len(texts) if texts else 0.0,
        "near_duplicate_share": near_duplicate_share(texts),
        "langs": dict(Counter(m.lang for m in messages)),
        "categories": dict(Counter(m.category or "" for m in messages)),
    }
    out.update(_split_stats(messages))
    out["by_lang"] = {
        lang: _split_stats([m for m in messages if m.lang == lang])
        for lang in sorted({m.lang for m in messages})
    }
    return out
