"""POLICY.INTERNATIONAL_CALL_BLOCKED

Operators now block international calls (HK, Macao and Taiwan included) for
subscribers who have not opted in. The finding's score is the residual risk of
an unsolicited international call; the block itself comes from the policy's
floors, because it is the subscriber's choice, not a fraud probability.
"""

from __future__ import annotations

from fanzha.core import Finding, Ingress
from fanzha.numbers.types import NumberClass
from fanzha.screening.context import CallContext, Rule

_FOREIGN = {NumberClass.INTERNATIONAL, NumberClass.HK_MACAO_TW}


def from_abroad(context: CallContext) -> bool:
    """A foreign (or HK/Macao/TW) number, or no usable number over an international ingress."""
    caller = context.caller
    if caller is not None:
        return caller.number_class in _FOREIGN
    return context.event.ingress is Ingress.INTERNATIONAL


class InternationalPolicy(Rule):
    name = "international_policy"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller = context.caller
        if not from_abroad(context) or context.subscriber.allow_international_calls:
            return []
        region = caller.region if caller is not None else None
        return [
            self.finding(
                float(self.params(context).get("score", 0.3)),
                "POLICY.INTERNATIONAL_CALL_BLOCKED",
                "International call blocked: this subscriber has not opted in to "
                "international calls.",
                "境外来电已拦截:该用户未开通接听境外来电。",
                region=region,
            )
        ]
