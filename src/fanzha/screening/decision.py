"""Screening decisions: an action, a score and every finding that led to them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fanzha.callerid.shaken import VerificationResult
from fanzha.core import Finding
from fanzha.numbers.describe import describe_number
from fanzha.numbers.types import NumberInfo


class Action(StrEnum):
    ALLOW = "allow"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Action.ALLOW: 0, Action.WARN: 1, Action.BLOCK: 2}


@dataclass(frozen=True, slots=True)
class Advice:
    zh: str
    en: str
    callback: str | None = None  # official number to call back, when one applies

    def to_dict(self) -> dict[str, Any]:
        return {"zh": self.zh, "en": self.en, "callback": self.callback}


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    score: float
    findings: tuple[Finding, ...]
    advice: Advice
    policy_version: str
    caller: NumberInfo | None = None
    callee: NumberInfo | None = None
    ingress: str = ""
    registry_version: str = ""
    verification: VerificationResult | None = None

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "score": round(self.score, 4),
            "findings": [f.to_dict() for f in self.findings],
            "advice": self.advice.to_dict(),
            "policy_version": self.policy_version,
            # Described only when serialised: the network path never needs them.
            "caller": describe_number(self.caller) if self.caller is not None else None,
            "callee": describe_number(self.callee) if self.callee is not None else None,
            "ingress": self.ingress,
            "registry_version": self.registry_version,
            "verification": self.verification.to_dict() if self.verification else None,
        }
