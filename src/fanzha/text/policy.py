"""The versioned text policy: the fraud threshold, risky links, SMS bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml


@dataclass(frozen=True, slots=True)
class TextPolicy:
    version: str
    fraud_threshold: float
    risky_link: float
    sms_warn: float
    sms_block: float
    # Per-language overrides (e.g. fitted by `fanzha text threshold` on one
    # language's traffic): each language has its own model head, so its own scale.
    fraud_threshold_by_lang: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, lang: str | None) -> float:
        if lang is None:
            return self.fraud_threshold
        return self.fraud_threshold_by_lang.get(lang, self.fraud_threshold)

    def sms_text_score(self, score: float, lang: str | None) -> float:
        """The text score on the SMS bands' scale: the language's fraud threshold
        lands on the warn band, so a threshold fitted to an operator's traffic
        moves SMS warnings with it. Monotone and piecewise linear; the identity
        while the threshold equals the warn band (as shipped)."""
        threshold, warn = self.threshold_for(lang), self.sms_warn
        if score < threshold:
            return score * warn / threshold
        if threshold >= 1.0:
            return 1.0 if score >= 1.0 else warn
        return warn + (score - threshold) * (1.0 - warn) / (1.0 - threshold)


def _parse(data: dict[str, Any], source: str) -> TextPolicy:
    try:
        sms = data.get("sms", {})
        policy = TextPolicy(
            version=str(data["version"]),
            fraud_threshold=float(data["fraud_threshold"]),
            risky_link=float(data["risky_link"]),
            sms_warn=float(sms["warn"]),
            sms_block=float(sms["block"]),
            fraud_threshold_by_lang={
                str(lang): float(value)
                for lang, value in dict(data.get("fraud_threshold_by_lang", {})).items()
            },
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"text policy {source} is invalid: {exc!r}", details={"policy": source}
        ) from None
    for name in ("fraud_threshold", "risky_link", "sms_warn", "sms_block"):
        if not 0.0 < getattr(policy, name) <= 1.0:
            raise ConfigError(
                f"text policy {source}: {name} must be in (0, 1]", details={"policy": source}
            )
    for lang, value in policy.fraud_threshold_by_lang.items():
        if not 0.0 < value <= 1.0:
            raise ConfigError(
                f"text policy {source}: fraud_threshold_by_lang.{lang} must be in (0, 1]",
                details={"policy": source},
            )
    if policy.sms_warn > policy.sms_block:
        raise ConfigError(
            f"text policy {source}: sms warn must not exceed block", details={"policy": source}
        )
    return policy


def load_text_policy(path: str | None = None) -> TextPolicy:
    data, source = read_toml(path, "fanzha.text", "data/policy.toml", "text policy")
    return _parse(data, source)


@lru_cache(maxsize=1)
def default_text_policy() -> TextPolicy:
    return load_text_policy()
