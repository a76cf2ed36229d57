"""Call-back advice: what a person should do, with the official number to dial.

The single most effective defence against impersonation is to hang up and call
the claimed organisation back on a number you looked up yourself. This module
picks that number from the official registry, from the caller ID shown, from
who the caller claims to be, or from the callee's own carrier.
"""

from __future__ import annotations

from fanzha.numbers.registry import Registry
from fanzha.numbers.types import CARRIER_NAMES, Carrier, NumberInfo, OfficialNumber
from fanzha.screening.decision import Action, Advice

_POLICE = (
    "police",
    "公安",
    "警察",
    "警官",
    "派出所",
    "公检法",
    "检察",
    "法院",
    "court",
    "procurat",
)
_TELECOM = ("电信局", "运营商", "通信管理局", "工信部", "telecom bureau", "carrier", "operator")
_RELATIVE = (
    "relative", "family", "friend", "boss", "leader", "son", "daughter", "亲友", "家人",
    "朋友", "领导", "熟人", "儿子", "女儿", "老师", "同学", "孙子", "孙女",
)  # fmt: skip
_BANK = ("bank", "银行")
_CARRIER_HOTLINES = {
    Carrier.CHINA_MOBILE: "10086",
    Carrier.CHINA_UNICOM: "10010",
    Carrier.CHINA_TELECOM: "10000",
    Carrier.CHINA_BROADNET: "10099",
}
_ANTI_FRAUD = "96110"


def _contains(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words)


def _official_callback(entry: OfficialNumber, why_en: str, why_zh: str) -> Advice:
    return Advice(
        zh=f"{why_zh}请挂断电话,自行拨打{entry.owner_zh}官方号码{entry.callback}核实,"
        f"不要回拨对方提供的号码。如有疑问可拨打反诈专线{_ANTI_FRAUD}。",
        en=f"{why_en} Hang up and call {entry.owner_en} yourself on {entry.callback}; never "
        f"call back a number the caller gave you. For advice, call the anti-fraud line "
        f"{_ANTI_FRAUD}.",
        callback=entry.callback,
    )


def _from_claim(claim: str, callee: NumberInfo, registry: Registry) -> Advice | None:
    if _contains(claim, _POLICE):
        return Advice(
            zh="公安机关不会通过电话办案,不会要求转账到“安全账户”。请挂断,拨打110或到就近派出所核实,"
            f"反诈咨询请拨{_ANTI_FRAUD}。",
            en="Police never handle cases over the phone or ask you to move money to a "
            "'safe account'. Hang up and call 110 or visit a police station; for anti-fraud "
            f"advice call {_ANTI_FRAUD}.",
            callback="110",
        )
    if _contains(claim, _TELECOM):
        hotline = _CARRIER_HOTLINES.get(callee.carrier) if callee.carrier else None
        carrier = CARRIER_NAMES[callee.carrier] if callee.carrier else ("运营商", "your carrier")
        return Advice(
            zh=f"“电信局”不会打电话通知停机或涉案。请挂断,拨打{carrier[0]}客服"
            f"{hotline or '10086/10010/10000'}核实。",
            en=f"No 'telecom bureau' calls to cut your line or report a case. Hang up and call "
            f"{carrier[1]} on {hotline or '10086/10010/10000'} to check.",
            callback=hotline,
        )
    matches = registry.find_by_owner(claim)
    if matches:
        return _official_callback(
            matches[0], "The caller claims to be an organisation.", "对方自称是机构工作人员。"
        )
    if _contains(claim, _BANK):
        return Advice(
            zh="请挂断,拨打银行卡背面印的客服电话核实,任何人索要验证码或要求转账都是诈骗。",
            en="Hang up and call the number printed on the back of your bank card. Anyone "
            "asking for an SMS code or a transfer is a scammer.",
        )
    if _contains(claim, _RELATIVE):
        return Advice(
            zh="对方自称亲友或领导:请用您早已保存的号码回拨,或当面、视频核实,切勿直接转账。",
            en="The caller claims to be a relative, friend or boss: call them back on the "
            "number you already have, or check face to face or by video, before sending "
            "any money.",
        )
    return None


def advise(
    action: Action,
    caller: NumberInfo | None,
    callee: NumberInfo,
    claim: str | None,
    registry: Registry,
    first_reason: tuple[str, str] | None,
) -> Advice:
    """Advice for the person receiving the call."""
    if claim:
        advice = _from_claim(claim, callee, registry)
        if advice is not None:
            return advice
    if caller is not None and caller.official is not None:
        return _official_callback(
            caller.official, "The caller ID shows an official number.", "来电显示为官方号码。"
        )
    if action is Action.BLOCK:
        en, zh = first_reason or ("This call is very likely fraud.", "该来电极可能是诈骗。")
        return Advice(
            zh=f"已拦截:{zh}如对方自称公检法、银行、客服或亲友,请自行拨打官方号码核实。",
            en=f"Blocked: {en} If someone claims to be police, a bank, customer service or a "
            "relative, call them back on an official number you looked up yourself.",
        )
    if action is Action.WARN:
        en, zh = first_reason or ("This call looks suspicious.", "该来电存在风险。")
        return Advice(
            zh=f"谨慎接听:{zh}不要透露验证码、银行卡密码,不要转账,不要下载对方推荐的软件。",
            en=f"Be careful: {en} Never share SMS codes or card PINs, never transfer money and "
            "never install apps the caller asks for.",
        )
    return Advice(
        zh="未发现风险。凡是索要验证码、要求转账或“资金保全”的,都是诈骗。",
        en="No risk found. Anyone who asks for an SMS code, a transfer or 'fund "
        "preservation' is a scammer.",
    )
