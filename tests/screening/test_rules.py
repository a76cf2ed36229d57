"""One or more tests per screening rule, through the whole screener."""

from __future__ import annotations

import pytest

from fanzha.core import CallEvent, Ingress, InvalidInputError, InvalidNumberError
from fanzha.screening import Action, CallScreener, screen_call

from .conftest import MemoryReports

OPTED_OUT = "13900001111"  # default policy: international calls blocked
OPTED_IN = "+8613900002222"


def screen(
    screener: CallScreener,
    caller: str,
    ingress: str = "domestic",
    callee: str = OPTED_OUT,
    **kwargs: object,
):  # type: ignore[no-untyped-def]
    return screener.screen(CallEvent(caller, callee, Ingress(ingress), **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("caller", "ingress", "number_class"),
    [
        ("+8613812345678", "international", "mobile"),
        ("13812345678", "voip", "mobile"),
        ("010-64001234", "international", "fixed_line"),
        ("+86 755 2345 6789", "voip", "fixed_line"),
        ("4008123123", "international", "enterprise"),
        ("17091234567", "international", "virtual_mobile"),
    ],
)
def test_domestic_cli_over_international_ingress_is_blocked(
    screener: CallScreener, caller: str, ingress: str, number_class: str
) -> None:
    decision = screen(screener, caller, ingress)
    assert decision.action is Action.BLOCK
    spoof = [f for f in decision.findings if f.code == "CALLERID.INTL_GATEWAY_DOMESTIC_CLI"]
    assert spoof and spoof[0].evidence["number_class"] == number_class
    assert spoof[0].evidence["ingress"] == ingress


def test_domestic_cli_over_domestic_ingress_is_allowed(screener: CallScreener) -> None:
    decision = screen(screener, "+8613812345678")
    assert decision.action is Action.ALLOW
    assert decision.findings == ()


def test_verified_roaming_subscriber_is_not_spoofing(screener: CallScreener) -> None:
    decision = screen(screener, "+8613812345678", "international", caller_roaming_verified=True)
    assert decision.action is Action.ALLOW
    assert "CALLERID.INTL_GATEWAY_DOMESTIC_CLI" not in decision.codes


def test_roaming_flag_does_not_excuse_fixed_lines(screener: CallScreener) -> None:
    decision = screen(screener, "01064001234", "international", caller_roaming_verified=True)
    assert decision.action is Action.BLOCK


def test_official_number_over_international_gateway(screener: CallScreener) -> None:
    decision = screen(screener, "95588", "international")
    assert decision.action is Action.BLOCK
    assert decision.findings[0].code == "CALLERID.INTL_GATEWAY_OFFICIAL_CLI"
    assert decision.advice.callback == "95588"
    assert "95588" in decision.advice.zh


@pytest.mark.parametrize("number", ["110", "119", "120", "122"])
def test_numbers_that_never_call_out(screener: CallScreener, number: str) -> None:
    decision = screen(screener, number)
    assert decision.action is Action.BLOCK
    assert "CALLERID.OFFICIAL_NEVER_ORIGINATES" in decision.codes


def test_official_number_from_untrusted_trunk(screener: CallScreener) -> None:
    decision = screen(screener, "95588", trunk="cloud-voice-reseller-7")
    assert decision.action is Action.WARN
    assert decision.codes[0] == "CALLERID.OFFICIAL_CLI_UNTRUSTED_TRUNK"
    assert decision.findings[0].evidence["trunk"] == "cloud-voice-reseller-7"


def test_official_number_from_unknown_trunk_warns(screener: CallScreener) -> None:
    decision = screen(screener, "10086")
    assert decision.action is Action.WARN
    assert decision.codes == ["CALLERID.OFFICIAL_CLI_UNVERIFIED_TRUNK"]
    assert decision.advice.callback == "10086"


def test_official_number_from_its_own_trunk_is_allowed(screener: CallScreener) -> None:
    decision = screen(screener, "95588", trunk="icbc-sip-1", official_trunk=True)
    assert decision.action is Action.ALLOW


@pytest.mark.parametrize(
    "caller", ["+12025550123", "+447911123456", "+85251234567", "+886912345678"]
)
def test_international_calls_blocked_by_default(screener: CallScreener, caller: str) -> None:
    decision = screen(screener, caller, "international")
    assert decision.action is Action.BLOCK
    assert "POLICY.INTERNATIONAL_CALL_BLOCKED" in decision.codes
    # the block is a subscriber choice, not a fraud probability
    assert decision.score < 0.5


def test_subscriber_can_opt_in_to_international_calls(screener: CallScreener) -> None:
    decision = screen(screener, "+12025550123", "international", callee=OPTED_IN)
    assert decision.action is Action.ALLOW
    assert "POLICY.INTERNATIONAL_CALL_BLOCKED" not in decision.codes


def test_opt_in_does_not_let_spoofed_domestic_numbers_through(screener: CallScreener) -> None:
    decision = screen(screener, "+8613812345678", "international", callee=OPTED_IN)
    assert decision.action is Action.BLOCK


def test_withheld_number_from_abroad_is_international(screener: CallScreener) -> None:
    decision = screen(screener, "anonymous", "international")
    assert decision.action is Action.BLOCK
    assert set(decision.codes) >= {"POLICY.INTERNATIONAL_CALL_BLOCKED", "CALLERID.WITHHELD"}


@pytest.mark.parametrize(
    "caller", ["", "anonymous", "Anonymous", "sip:anonymous@anonymous.invalid"]
)
def test_withheld_caller(screener: CallScreener, caller: str) -> None:
    decision = screen(screener, caller)
    assert decision.codes == ["CALLERID.WITHHELD"]
    assert decision.action is Action.ALLOW


def test_malformed_caller_is_an_error_for_api_users(screener: CallScreener) -> None:
    with pytest.raises(InvalidNumberError):
        screen(screener, "not a number")


def test_malformed_caller_is_a_finding_for_the_network(screener: CallScreener) -> None:
    decision = screener.screen(CallEvent("12", OPTED_OUT), strict=False)
    assert decision.codes == ["CALLERID.MALFORMED_CLI"]
    assert decision.action is Action.WARN


def test_malformed_callee_is_always_an_error(screener: CallScreener) -> None:
    with pytest.raises(InvalidNumberError):
        screener.screen(CallEvent("13812345678", "garbage"), strict=False)


def test_data_only_range_warns(screener: CallScreener) -> None:
    decision = screen(screener, "14512345678")
    assert "CALLERID.DATA_ONLY_RANGE" in decision.codes
    assert decision.action is Action.WARN


def test_virtual_operator_is_a_weak_signal(screener: CallScreener) -> None:
    decision = screen(screener, "17091234567")
    assert decision.codes == ["CALLERID.VIRTUAL_OPERATOR"]
    assert decision.action is Action.ALLOW


def test_reported_number_is_blocked(screener: CallScreener, reports: MemoryReports) -> None:
    reports.add("+8613512340001", 8)
    decision = screen(screener, "135 1234 0001")
    assert decision.codes[0] == "REPUTATION.REPORTED"
    assert decision.action is Action.BLOCK
    assert decision.findings[0].evidence["distinct_reporters"] == 8


def test_reputation_needs_several_reporters(screener: CallScreener, reports: MemoryReports) -> None:
    reports.add("+8613512340001", 1)
    assert screen(screener, "13512340001").action is Action.ALLOW


def test_reports_about_official_numbers_do_not_block_them(
    screener: CallScreener, reports: MemoryReports
) -> None:
    reports.add("+8695588", 40)
    decision = screen(screener, "95588", trunk="icbc-sip-1", official_trunk=True)
    assert decision.action is Action.ALLOW
    assert decision.codes == ["REPUTATION.OFFICIAL_NUMBER_REPORTED"]


def test_96110_is_never_blocked(screener: CallScreener, reports: MemoryReports) -> None:
    reports.add("+8696110", 100)
    assert screen(screener, "96110").action is Action.ALLOW
    spoofed = screen(screener, "96110", "international")
    assert spoofed.action is Action.WARN
    assert "POLICY.PROTECTED_CALLER" in spoofed.codes


@pytest.mark.parametrize("callee", ["110", "120", "96110", "12110"])
def test_calls_to_emergency_and_anti_fraud_numbers_always_go_through(
    screener: CallScreener, callee: str
) -> None:
    decision = screen(screener, "+12025550123", "international", callee=callee)
    assert decision.action is Action.ALLOW
    assert "POLICY.PROTECTED_CALLEE" in decision.codes


def test_every_finding_is_explained_in_both_languages(screener: CallScreener) -> None:
    decision = screen(screener, "+8613812345678", "international", claimed_identity="公安")
    for finding in decision.findings:
        assert finding.reason and finding.reason_zh
        assert 0.0 <= finding.score <= 1.0


def test_module_level_screen_call_and_bad_ingress() -> None:
    assert screen_call("+8613812345678", "13900001111", "international").action is Action.BLOCK
    with pytest.raises(InvalidInputError):
        screen_call("+8613812345678", "13900001111", "satellite")
