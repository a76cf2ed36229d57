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


class InternationalPolicy(Rule):
    name = "international_policy"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller, event = context.caller, context.event
        foreign_caller = caller is not None and caller.number_class in _FOREIGN
        withheld_from_abroad = caller is None and event.ingress is Ingress.INTERNATIONAL
        if not (foreign_caller or withheld_from_abroad):
            return []
        if context.subscriber.allow_international_calls:
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
