"""CALLERID.INTL_GATEWAY_DOMESTIC_CLI / CALLERID.INTL_GATEWAY_OFFICIAL_CLI

The seed-000 "number change" scam: a call enters over an international gateway
or an unlicensed VoIP interconnect but shows a domestic number (a relative's
mobile, the telecom bureau's fixed line, 95588). Genuine domestic numbers reach
the network through domestic interconnects; the exceptions are a subscriber
roaming abroad, which the home network can confirm (``caller_roaming_verified``),
and a call whose STIR/SHAKEN signature passed with attestation A or B: the
number's own carrier vouches for it. No signature, or only a gateway's
attestation C, is the spoofing case.
"""

from __future__ import annotations

from fanzha.core import Finding, Ingress
from fanzha.numbers.types import NumberClass
from fanzha.screening.context import CallContext, Rule

_INGRESS_NAMES = {
    Ingress.INTERNATIONAL: ("an international gateway", "国际关口局"),
    Ingress.VOIP: ("an unlicensed VoIP interconnect", "未经许可的网络电话接入"),
}
_MOBILE_CLASSES = {NumberClass.MOBILE, NumberClass.VIRTUAL_MOBILE, NumberClass.IOT}
_SCORE_KEYS = {
    NumberClass.MOBILE: "score_mobile",
    NumberClass.VIRTUAL_MOBILE: "score_mobile",
    NumberClass.IOT: "score_mobile",
    NumberClass.FIXED_LINE: "score_fixed_line",
    NumberClass.ENTERPRISE: "score_enterprise",
    NumberClass.OFFICIAL: "score_official",
}


class IntlGatewayDomesticCli(Rule):
    name = "intl_gateway_domestic_cli"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller, event = context.caller, context.event
        if event.ingress is Ingress.DOMESTIC or caller is None or not caller.is_domestic:
            return []
        if event.caller_roaming_verified and caller.number_class in _MOBILE_CLASSES:
            return []
        verification = context.verification
        signed = {}
        if verification is not None:
            if verification.passed and verification.attest in ("A", "B"):
                return []
            signed = {"verstat": verification.verstat.value, "attest": verification.attest}
        params = self.params(context)
        score = float(params.get(_SCORE_KEYS.get(caller.number_class, "score_other"), 0.9))
        via_en, via_zh = _INGRESS_NAMES[event.ingress]
        what_en, what_zh = context.words(("call", "来电"), ("message", "短信"))
        shown_en, forged_zh = context.words(
            ("the caller ID", "极可能是改号电话"), ("the sender number", "发送号码极可能是伪造的")
        )
        if caller.official is not None:
            owner = caller.official
            return [
                self.finding(
                    score,
                    "CALLERID.INTL_GATEWAY_OFFICIAL_CLI",
                    f"The {what_en} came through {via_en} but shows {owner.number}, the official "
                    f"number of {owner.owner_en}: {shown_en} is forged.",
                    f"该{what_zh}经{via_zh}进入,却显示{owner.owner_zh}的官方号码{owner.number},"
                    "属于改号冒充。",
                    ingress=event.ingress.value,
                    number_class=caller.number_class.value,
                    owner=owner.owner_en,
                    **signed,
                )
            ]
        return [
            self.finding(
                score,
                "CALLERID.INTL_GATEWAY_DOMESTIC_CLI",
                f"The {what_en} came through {via_en} but shows a domestic "
                f"{caller.number_class.value.replace('_', ' ')} number: {shown_en} is "
                "most likely forged (number change).",
                f"该{what_zh}经{via_zh}进入,却显示境内号码,{forged_zh}。",
                ingress=event.ingress.value,
                number_class=caller.number_class.value,
                **signed,
            )
        ]
