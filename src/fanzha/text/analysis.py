"""TextAnalysis: what the analyzer says about one message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fanzha.text.types import Entity, RedFlag, UrlRisk


@dataclass(frozen=True, slots=True)
class Explanation:
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """``score`` is a calibrated probability that the message is a scam;
    ``category`` a taxonomy code (``not_fraud`` when ``is_fraud`` is false);
    ``category_scores`` P(category) over all codes, summing to 1. Spans in
    ``red_flags`` and ``entities`` index the text as it was given."""

    is_fraud: bool
    score: float
    category: str
    category_scores: dict[str, float]
    red_flags: tuple[RedFlag, ...]
    entities: tuple[Entity, ...]
    urls: tuple[UrlRisk, ...]
    explanation: Explanation
    lang: str
    model_version: str
    policy_version: str
    length: int
    obfuscation: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "is_fraud": self.is_fraud,
            "score": round(self.score, 4),
            "category": self.category,
            "category_scores": {k: round(v, 4) for k, v in self.category_scores.items()},
            "red_flags": [flag.to_dict() for flag in self.red_flags],
            "entities": [entity.to_dict() for entity in self.entities],
            "urls": [risk.to_dict() for risk in self.urls],
            "explanation": {"en": self.explanation.en, "zh": self.explanation.zh},
            "lang": self.lang,
            "model_version": self.model_version,
            "policy_version": self.policy_version,
            "length": self.length,
            "obfuscation": dict(self.obfuscation),
        }
