from __future__ import annotations

import pytest

from fanzha.core import CallEvent, Ingress
from fanzha.screening import CallScreener


@pytest.mark.parametrize(
    ("claim", "callback"),
    [
        ("公安局", "110"),
        ("police officer", "110"),
        ("中国工商银行", "95588"),
        ("ICBC", "95588"),
        ("建设银行客服", "95533"),
    ],
)
def test_call_back_the_official_number(screener: CallScreener, claim: str, callback: str) -> None:
    decision = screener.screen(CallEvent("+8617091234567", "13900001111", claimed_identity=claim))
    assert decision.advice.callback == callback
    assert callback in decision.advice.zh and callback in decision.advice.en


def test_telecom_bureau_claim_uses_the_callees_carrier(screener: CallScreener) -> None:
    mobile = screener.screen(CallEvent("+8617091234567", "13900001111", claimed_identity="电信局"))
    assert mobile.advice.callback == "10086"  # 139 is China Mobile
    unicom = screener.screen(CallEvent("+8617091234567", "18612345678", claimed_identity="电信局"))
    assert unicom.advice.callback == "10010"


def test_relative_claim(screener: CallScreener) -> None:
    decision = screener.screen(CallEvent("+8617091234567", "13900001111", claimed_identity="儿子"))
    assert "保存的号码" in decision.advice.zh
    assert decision.advice.callback is None


def test_official_caller_id_gets_call_back_advice(screener: CallScreener) -> None:
    decision = screener.screen(CallEvent("95566", "13900001111"))
    assert decision.advice.callback == "95566"


def test_blocked_call_advice_repeats_the_reason(screener: CallScreener) -> None:
    event = CallEvent("+8613812345678", "13900001111", ingress=Ingress.INTERNATIONAL)
    decision = screener.screen(event)
    assert decision.advice.en.startswith("Blocked:")
    assert "改号" in decision.advice.zh
