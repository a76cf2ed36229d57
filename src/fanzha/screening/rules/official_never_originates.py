"""CALLERID.OFFICIAL_NEVER_ORIGINATES

Some official numbers only ever receive calls: 110, 119, 120, 122 do not ring
citizens. A call that shows one of them as caller ID is forged, whatever the
ingress ("this is 110, your account is involved in money laundering ...").
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.screening.context import CallContext, Rule


class OfficialNeverOriginates(Rule):
    name = "official_never_originates"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller = context.caller
        if caller is None or caller.official is None or caller.official.originates_calls:
            return []
        owner = caller.official
        return [
            self.finding(
                float(self.params(context).get("score", 0.97)),
                "CALLERID.OFFICIAL_NEVER_ORIGINATES",
                f"{owner.number} ({owner.owner_en}) never places calls; a call showing it is "
                "a forged caller ID.",
                f"{owner.number}({owner.owner_zh})从不对外拨打电话,显示该号码的来电是伪造的。",
                number=owner.number,
                owner=owner.owner_en,
            )
        ]
