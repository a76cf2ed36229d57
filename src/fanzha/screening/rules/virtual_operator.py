"""CALLERID.VIRTUAL_OPERATOR

Virtual-operator ranges (170/171/162/165/167) carry a higher share of fraud
calls than network operators' ranges. On its own this is only a weak signal,
far below the warn band; it adds to other evidence.
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.numbers.types import NumberClass
from fanzha.screening.context import CallContext, Rule


class VirtualOperator(Rule):
    name = "virtual_operator"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller = context.caller
        if caller is None or caller.number_class is not NumberClass.VIRTUAL_MOBILE:
            return []
        return [
            self.finding(
                float(self.params(context).get("score", 0.15)),
                "CALLERID.VIRTUAL_OPERATOR",
                *context.words(
                    (
                        "The caller uses a virtual-operator number range.",
                        "来电号码属于虚拟运营商号段。",
                    ),
                    (
                        "The sender uses a virtual-operator number range.",
                        "短信发送号码属于虚拟运营商号段。",
                    ),
                ),
                prefix=caller.national[:3],
            )
        ]
