"""POLICY.INTERNATIONAL_SMS_BLOCKED

Operators block SMS from abroad (HK, Macao and Taiwan included) for subscribers
who have not opted in, as they do for calls. The block comes from the policy's
floors; the finding's score is the residual risk of an unsolicited foreign SMS.
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.screening.context import CallContext, Rule
from fanzha.screening.rules.international_policy import from_abroad


class InternationalSmsPolicy(Rule):
    name = "international_sms_policy"

    def score_one(self, context: CallContext) -> list[Finding]:
        sender = context.caller
        if not from_abroad(context) or context.subscriber.allow_international_sms:
            return []
        return [
            self.finding(
                float(self.params(context).get("score", 0.3)),
                "POLICY.INTERNATIONAL_SMS_BLOCKED",
                "International SMS blocked: this subscriber has not opted in to SMS from abroad.",
                "境外短信已拦截:该用户未开通接收境外短信。",
                region=sender.region if sender is not None else None,
            )
        ]
