"""Records the text analyzer's parts exchange (entities, red flags, link risks)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityKind = Literal["url", "phone", "bank_card", "qq", "wechat", "app", "amount", "email"]


@dataclass(frozen=True, slots=True)
class Entity:
    """Something named in a message. ``start``/``end`` index the original text;
    ``text`` is the words as written and ``value`` the normalised form (E.164 for a
    phone, digits for a card, a float in yuan or the stated currency for an amount...)."""

    kind: EntityKind
    start: int
    end: int
    text: str
    value: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign with a stable ``code`` (e.g. ``TEXT.ASKS_SMS_CODE``), the span of
    the original text that shows it, and a sentence in English and Chinese."""

    code: str
    start: int
    end: int
    words: str
    weight: float
    reason: str
    reason_zh: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class UrlRisk:
    """Risk of one link from its text alone (no fetch): ``score`` in [0, 1] and the
    rule codes that fired (e.g. ``URL.PUNYCODE``, ``URL.LOOKALIKE_BANK``)."""

    url: str
    host: str
    score: float
    codes: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    reasons_zh: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["codes"] = list(self.codes)
        data["reasons"] = list(self.reasons)
        data["reasons_zh"] = list(self.reasons_zh)
        return data


@dataclass(frozen=True, slots=True)
class LabeledMessage:
    """A message with its truth, for training and evaluation. ``category`` is a
    taxonomy code (fanzha.core.taxonomy.FraudCategory) or None when the source
    only says fraud / not fraud; ``source`` names the data set or generator."""

    text: str
    is_fraud: bool
    category: str | None
    lang: str
    source: str
