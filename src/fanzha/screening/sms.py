"""SMS screening: the sender checked like a caller, the text by the scam analyzer.

The decision's score is the noisy-OR of the sender findings and one text finding
whose score is the analyzer's calibrated probability, rescaled so that the
language's fraud threshold sits on the warn band (a threshold fitted with
`fanzha text threshold` then moves SMS warnings too); the bands come from the
text policy, the floors (a subscriber's international opt-in) from the screening
policy. SMS to the anti-fraud numbers (12381, 96110) are never blocked: that is
where people forward scam messages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fanzha.core import CallEvent, Finding, Ingress, InvalidNumberError, SmsEvent, combine_scores
from fanzha.numbers.describe import describe_number
from fanzha.numbers.parse import parse_number
from fanzha.numbers.reputation import unknown_reputation
from fanzha.numbers.types import NumberInfo
from fanzha.screening.context import CallContext
from fanzha.screening.decision import Action, Advice
from fanzha.screening.rules import SMS_SENDER_RULES
from fanzha.screening.screener import CallScreener, _ingress
from fanzha.text import TextAnalysis, TextAnalyzer
from fanzha.text.model import TextModel
from fanzha.text.policy import TextPolicy


@dataclass(frozen=True, slots=True)
class SmsDecision:
    action: Action
    score: float
    findings: tuple[Finding, ...]
    advice: Advice
    analysis: TextAnalysis | None  # None for an SMS without text
    sender: NumberInfo | None
    recipient: NumberInfo
    ingress: str
    policy_version: str
    text_policy_version: str

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "score": round(self.score, 4),
            "findings": [f.to_dict() for f in self.findings],
            "advice": self.advice.to_dict(),
            "text": None if self.analysis is None else self.analysis.to_dict(),
            "sender": None if self.sender is None else describe_number(self.sender),
            "recipient": describe_number(self.recipient),
            "ingress": self.ingress,
            "policy_version": self.policy_version,
            "text_policy_version": self.text_policy_version,
        }


def _text_finding(analysis: TextAnalysis, policy: TextPolicy) -> Finding:
    return Finding(
        "text.analyzer",
        analysis.model_version,
        policy.sms_text_score(analysis.score, analysis.lang),
        "TEXT.SCAM_MESSAGE" if analysis.is_fraud else "TEXT.MESSAGE_SCORE",
        analysis.explanation.en,
        {
            "text_score": round(analysis.score, 4),
            "category": analysis.category,
            "red_flags": sorted({flag.code for flag in analysis.red_flags}),
            "risky_links": [risk.host for risk in analysis.urls if risk.score >= policy.risky_link],
        },
        analysis.explanation.zh,
    )


class SmsScreener:
    """Screens SMS with the call screener's registry, reputation and subscribers."""

    def __init__(
        self,
        calls: CallScreener,
        analyzer: TextAnalyzer | None = None,
        text_policy: TextPolicy | None = None,
        model_file: str | None = None,
    ) -> None:
        self.calls = calls
        self._analyzer = analyzer
        self._text_policy = text_policy
        self._model_file = model_file

    @property
    def analyzer(self) -> TextAnalyzer:
        if self._analyzer is None:  # the model loads on the first SMS, not at start-up
            model = TextModel.load(Path(self._model_file)) if self._model_file else None
            self._analyzer = TextAnalyzer(model, self._text_policy)
        return self._analyzer

    def screen(self, event: SmsEvent) -> SmsDecision:
        if not isinstance(event.ingress, Ingress):
            event = replace(event, ingress=_ingress(event.ingress))
        recipient = parse_number(event.recipient, registry=self.calls.registry)
        sender, malformed = self._parse_sender(event.sender)
        reputation = (
            self.calls.intelligence.reputation_of(sender)
            if sender is not None
            else unknown_reputation("")
        )
        context = CallContext(
            event=CallEvent(event.sender, event.recipient, event.ingress, at=event.at),
            caller=sender,
            callee=recipient,
            subscriber=self.calls.subscribers.policy_for(recipient.e164),
            reputation=reputation,
            policy=self.calls.policy,
            caller_malformed=malformed,
            channel="sms",
        )
        findings: list[Finding] = []
        for rule in SMS_SENDER_RULES:
            findings.extend(rule.score_one(context))
        analysis = self.analyzer.analyze(event.text) if event.text.strip() else None
        policy = self.analyzer.policy
        if analysis is not None:
            findings.append(_text_finding(analysis, policy))
        score = combine_scores(findings)
        action = self.calls.policy.action_for(
            score, tuple(findings), (policy.sms_warn, policy.sms_block)
        )
        if recipient.official is not None and recipient.official.never_block:
            action = Action.ALLOW
        ranked = tuple(sorted(findings, key=lambda f: -f.score))
        return SmsDecision(
            action=action,
            score=score,
            findings=ranked,
            advice=_advice(action, analysis, ranked),
            analysis=analysis,
            sender=sender,
            recipient=recipient,
            ingress=event.ingress.value,
            policy_version=self.calls.policy.version,
            text_policy_version=policy.version,
        )

    def _parse_sender(self, raw: str) -> tuple[NumberInfo | None, bool]:
        """Alphanumeric sender ids and junk are not numbers: no NumberInfo, and a
        MALFORMED finding only when the text looks like an attempt at a number."""
        cleaned = raw.strip()
        if not cleaned:
            return None, False
        try:
            return parse_number(cleaned, registry=self.calls.registry), False
        except InvalidNumberError:
            digits = sum(ch.isdigit() for ch in cleaned)
            return None, digits >= len(cleaned) / 2


def _advice(action: Action, analysis: TextAnalysis | None, findings: tuple[Finding, ...]) -> Advice:
    if action is Action.ALLOW:
        return Advice(
            zh="未发现风险。任何索要验证码、要求转账或“资金保全”的短信都是诈骗。",
            en="No risk found. Any message asking for an SMS code, a transfer or "
            "'fund preservation' is a scam.",
        )
    if analysis is not None and analysis.is_fraud:
        zh, en = analysis.explanation.zh, analysis.explanation.en
    else:
        top = findings[0] if findings else None
        zh = top.reason_zh if top is not None else "该短信有风险。"
        en = top.reason if top is not None else "This message is risky."
    if action is Action.BLOCK:
        return Advice(zh=f"短信已拦截。{zh}", en=f"Message blocked. {en}", callback="96110")
    return Advice(zh=f"请谨慎:{zh}", en=f"Be careful: {en}", callback="96110")
