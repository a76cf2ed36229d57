"""CALLERID.OFFICIAL_CLI_UNTRUSTED_TRUNK / CALLERID.OFFICIAL_CLI_UNVERIFIED_TRUNK

Banks, carriers and couriers do call out from their 95xxx/100xx numbers, but
only over trunks registered to them. The same number arriving from another
trunk (a cloud-voice line, a reseller) is impersonation; arriving from an
unknown trunk it deserves a warning and a call back.
"""

from __future__ import annotations

from fanzha.core import Finding, Ingress
from fanzha.screening.context import CallContext, Rule


class OfficialUntrustedTrunk(Rule):
    name = "official_untrusted_trunk"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller, event = context.caller, context.event
        if caller is None or caller.official is None or not caller.official.originates_calls:
            return []
        # Non-domestic ingress is the stronger rule's job (intl_gateway_domestic_cli).
        if event.ingress is not Ingress.DOMESTIC or event.official_trunk:
            return []
        owner = caller.official
        params = self.params(context)
        if event.trunk:
            return [
                self.finding(
                    float(params.get("score_untrusted_trunk", 0.75)),
                    "CALLERID.OFFICIAL_CLI_UNTRUSTED_TRUNK",
                    f"The call shows {owner.number} ({owner.owner_en}) but came over trunk "
                    f"{event.trunk!r}, which is not registered to {owner.owner_en}.",
                    f"来电显示{owner.owner_zh}号码{owner.number},但来自未登记给该单位的中继"
                    f"{event.trunk!r}。",
                    number=owner.number,
                    trunk=event.trunk,
                )
            ]
        if owner.never_block:
            return []  # anti-fraud centres call from shared police trunks; do not discourage
        return [
            self.finding(
                float(params.get("score_unknown_trunk", 0.55)),
                "CALLERID.OFFICIAL_CLI_UNVERIFIED_TRUNK",
                f"The call shows {owner.number} ({owner.owner_en}) but its trunk could not be "
                "verified. Hang up and call the number yourself to check.",
                f"来电显示{owner.owner_zh}号码{owner.number},但无法核实其来源中继,请挂断后自行回拨核实。",
                number=owner.number,
            )
        ]
