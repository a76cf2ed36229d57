"""What every call-screening rule sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fanzha.callerid.shaken import VerificationResult
from fanzha.core import CallEvent, Finding, SubscriberPolicy
from fanzha.numbers.reputation import Reputation
from fanzha.numbers.types import NumberInfo
from fanzha.screening.policy import Policy


@dataclass(frozen=True, slots=True)
class CallContext:
    event: CallEvent
    caller: NumberInfo | None  # None: caller ID withheld or unusable
    callee: NumberInfo
    subscriber: SubscriberPolicy
    reputation: Reputation
    policy: Policy
    caller_malformed: bool = False
    verification: VerificationResult | None = None  # STIR/SHAKEN, when the call was verified
    channel: str = "call"  # "call" or "sms": the rules' sentences name the right thing

    @property
    def sms(self) -> bool:
        return self.channel == "sms"

    def words(self, call: tuple[str, str], sms: tuple[str, str]) -> tuple[str, str]:
        """The (English, Chinese) wording for this channel."""
        return sms if self.sms else call


class Rule:
    """Base of the screening rules: one rule per module, thresholds from the policy.

    A rule is a Detector over CallContext; ``name`` selects its policy section.
    """

    name: str = ""
    version: str = "1"

    def params(self, context: CallContext) -> dict[str, Any]:
        return context.policy.rule(self.name)

    def finding(self, score: float, code: str, en: str, zh: str, **evidence: Any) -> Finding:
        return Finding(f"screening.{self.name}", self.version, score, code, en, evidence, zh)

    def score_one(self, context: CallContext) -> list[Finding]:
        raise NotImplementedError
