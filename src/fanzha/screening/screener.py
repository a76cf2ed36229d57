"""The call screener: parse, gather context, run every rule, decide, advise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fanzha.callerid.shaken import VerificationResult, Verifier
from fanzha.core import (
    CallEvent,
    Finding,
    Ingress,
    InvalidInputError,
    InvalidNumberError,
    combine_scores,
)
from fanzha.numbers.lookup import NumberIntelligence
from fanzha.numbers.parse import parse_number
from fanzha.numbers.registry import Registry, load_registry
from fanzha.numbers.reputation import unknown_reputation
from fanzha.numbers.types import NumberInfo
from fanzha.screening.advice import advise
from fanzha.screening.context import CallContext, Rule
from fanzha.screening.decision import Action, Decision
from fanzha.screening.policy import Policy, load_policy
from fanzha.screening.rules import CALL_RULES
from fanzha.screening.sources import DefaultSubscribers, SubscriberSource

_WITHHELD = frozenset(
    {"", "anonymous", "unknown", "private", "withheld", "restricted", "unavailable", "-"}
)


def _is_withheld(raw: str) -> bool:
    text = raw.strip().strip("<>").lower()
    if text.startswith(("sip:", "sips:")):
        text = text.split(":", 1)[1].split("@", 1)[0]
    return text in _WITHHELD


def _ingress(value: str) -> Ingress:
    try:
        return Ingress(value)
    except ValueError:
        choices = ", ".join(i.value for i in Ingress)
        raise InvalidInputError(
            f"ingress must be one of {choices}", details={"field": "ingress"}
        ) from None


def _protected(info: NumberInfo | None) -> bool:
    return info is not None and info.official is not None and info.official.never_block


class CallScreener:
    """Screens calls with a policy, a registry, reputation and subscriber choices.

    ``strict`` callers (HTTP API, CLI) get InvalidNumberError for a malformed
    caller ID; network glue (strict=False) gets a CALLERID.MALFORMED_CLI finding
    instead, because a switch must answer every call.
    """

    def __init__(
        self,
        *,
        policy: Policy | None = None,
        registry: Registry | None = None,
        intelligence: NumberIntelligence | None = None,
        subscribers: SubscriberSource | None = None,
        rules: Sequence[Rule] = CALL_RULES,
        verifier: Verifier | None = None,
    ) -> None:
        self.policy = policy or load_policy()
        self.registry = registry or load_registry()
        self.intelligence = intelligence or NumberIntelligence(
            registry=self.registry, params=self.policy.reputation
        )
        self.subscribers = subscribers or DefaultSubscribers()
        self.rules = tuple(rules)
        self.verifier = verifier  # STIR/SHAKEN; None when no trust anchors are configured

    def _parse_caller(self, raw: str, strict: bool) -> tuple[NumberInfo | None, bool]:
        if _is_withheld(raw):
            return None, False
        try:
            return parse_number(raw, registry=self.registry), False
        except InvalidNumberError:
            if strict:
                raise
            return None, True

    def verify(self, event: CallEvent) -> VerificationResult | None:
        """STIR/SHAKEN result of the call's Identity header, if it has one and we verify."""
        if self.verifier is None or not event.identity:
            return None
        return self.verifier.verify([event.identity], event.caller, event.callee)

    def screen(
        self,
        event: CallEvent,
        *,
        strict: bool = True,
        verification: VerificationResult | None = None,
    ) -> Decision:
        """Screen one call. ``verification`` is a STIR/SHAKEN result the caller already
        has (the SIP proxy verifies with the Date header and every Identity header);
        without it the screener verifies ``event.identity`` itself when it can."""
        if not isinstance(event.ingress, Ingress):  # plain strings from Python callers
            event = replace(event, ingress=_ingress(event.ingress))
        if verification is None:
            verification = self.verify(event)
        callee = parse_number(event.callee, registry=self.registry)
        caller, malformed = self._parse_caller(event.caller, strict)
        reputation = (
            self.intelligence.reputation_of(caller)
            if caller is not None
            else unknown_reputation("")
        )
        context = CallContext(
            event=event,
            caller=caller,
            callee=callee,
            subscriber=self.subscribers.policy_for(callee.e164),
            reputation=reputation,
            policy=self.policy,
            caller_malformed=malformed,
            verification=verification,
        )
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule.score_one(context))
        score = combine_scores(findings)
        action = self.policy.action_for(score, tuple(findings))
        action = self._apply_protections(action, caller, callee, findings)
        ranked = sorted(findings, key=lambda f: -f.score)
        first = (ranked[0].reason, ranked[0].reason_zh) if ranked and ranked[0].score > 0 else None
        advice = advise(action, caller, callee, event.claimed_identity, self.registry, first)
        return Decision(
            action=action,
            score=score,
            findings=tuple(ranked),
            advice=advice,
            policy_version=self.policy.version,
            caller=caller,
            callee=callee,
            ingress=event.ingress.value,
            registry_version=self.registry.version,
            verification=verification,
        )

    def _apply_protections(
        self,
        action: Action,
        caller: NumberInfo | None,
        callee: NumberInfo,
        findings: list[Finding],
    ) -> Action:
        # Calls to emergency and anti-fraud numbers always go through.
        if _protected(callee):
            if action is not Action.ALLOW:
                findings.append(_protection_finding("callee", callee, action))
            return Action.ALLOW
        # 96110 and other protected numbers that do call out are never blocked,
        # only flagged, so a spoofed one still carries a warning.
        # (110 never calls out, so a call "from 110" is forged and gets no protection.)
        if (
            _protected(caller)
            and caller is not None
            and caller.official is not None
            and caller.official.originates_calls
            and action is Action.BLOCK
        ):
            findings.append(_protection_finding("caller", caller, action))
            return Action.WARN
        return action


def _protection_finding(role: str, info: NumberInfo, capped: Action) -> Finding:
    owner = info.official
    assert owner is not None
    return Finding(
        "screening.protections",
        "1",
        0.0,
        f"POLICY.PROTECTED_{role.upper()}",
        f"Calls {'to' if role == 'callee' else 'from'} {owner.number} ({owner.owner_en}) are "
        f"never blocked; the decision {capped.value!r} was lowered.",
        {"number": owner.number, "would_have_been": capped.value},
        f"{'拨打' if role == 'callee' else '来自'}{owner.number}({owner.owner_zh})的电话从不拦截。",
    )


_default: CallScreener | None = None


def default_screener() -> CallScreener:
    """A process-wide screener with the bundled policy and registry, no store."""
    global _default
    if _default is None:
        _default = CallScreener()
    return _default


def screen_call(
    caller: str,
    callee: str,
    ingress: Ingress | str = Ingress.DOMESTIC,
    identity: str | None = None,
    *,
    trunk: str | None = None,
    official_trunk: bool = False,
    caller_roaming_verified: bool = False,
    claimed_identity: str | None = None,
    screener: CallScreener | None = None,
) -> Decision:
    """Screen one call: ``fanzha.screen_call("+8613812345678", "13900001111", "international")``."""
    event = CallEvent(
        caller=caller,
        callee=callee,
        ingress=_ingress(ingress),
        identity=identity,
        trunk=trunk,
        official_trunk=official_trunk,
        caller_roaming_verified=caller_roaming_verified,
        claimed_identity=claimed_identity,
    )
    return (screener or default_screener()).screen(event)
