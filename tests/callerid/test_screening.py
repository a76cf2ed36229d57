"""From a verification result to call-screening findings."""

from __future__ import annotations

import pytest

from fanzha.callerid.shaken import VerificationResult, Verstat, shaken_findings_for_screening
from fanzha.callerid.shaken.codes import finding
from fanzha.core import Ingress
from fanzha.numbers import parse_number

DOMESTIC = "8613812345678"
FOREIGN = "12025550123"


def result(
    verstat: Verstat, attest: str | None = None, orig: str = DOMESTIC, *codes: str
) -> VerificationResult:
    return VerificationResult(verstat, [finding(c) for c in codes], attest=attest, orig=orig)


def found(res: VerificationResult, ingress: Ingress | str) -> dict[str, float]:
    return {f.code: f.score for f in shaken_findings_for_screening(res, ingress)}


@pytest.mark.parametrize("ingress", [Ingress.INTERNATIONAL, Ingress.VOIP, "international"])
def test_domestic_number_without_signature_from_abroad_is_spoofing(ingress: Ingress | str) -> None:
    none = found(result(Verstat.NONE, None, DOMESTIC, "SHAKEN.NO_IDENTITY"), ingress)
    assert none == {"CALLERID.SHAKEN_INTL_DOMESTIC_UNSIGNED": 0.9}
    failed = found(result(Verstat.FAILED, None, DOMESTIC, "SHAKEN.SIGNATURE_INVALID"), ingress)
    assert failed == {"CALLERID.SHAKEN_INTL_DOMESTIC_UNSIGNED": 0.9, "CALLERID.SHAKEN_FAILED": 0.8}


def test_attestation_c_from_abroad_is_spoofing() -> None:
    assert found(result(Verstat.PASSED, "C"), Ingress.INTERNATIONAL) == {
        "CALLERID.SHAKEN_INTL_DOMESTIC_ATTEST_C": 0.85
    }


def test_full_attestation_from_abroad_adds_nothing() -> None:
    assert found(result(Verstat.PASSED, "A"), Ingress.INTERNATIONAL) == {}
    assert found(result(Verstat.PASSED, "B"), Ingress.INTERNATIONAL) == {}


def test_foreign_numbers_from_abroad_are_not_the_spoofing_case() -> None:
    assert (
        found(result(Verstat.NONE, None, FOREIGN, "SHAKEN.NO_IDENTITY"), Ingress.INTERNATIONAL)
        == {}
    )
    assert found(result(Verstat.PASSED, "C", FOREIGN), Ingress.INTERNATIONAL) == {}


def test_domestic_ingress() -> None:
    assert found(result(Verstat.NONE, None, DOMESTIC, "SHAKEN.NO_IDENTITY"), Ingress.DOMESTIC) == {}
    assert found(result(Verstat.PASSED, "C"), Ingress.DOMESTIC) == {"CALLERID.SHAKEN_ATTEST_C": 0.2}
    operational = result(Verstat.FAILED, None, DOMESTIC, "SHAKEN.X5U_TIMEOUT")
    assert found(operational, Ingress.DOMESTIC) == {"CALLERID.SHAKEN_FAILED": 0.3}


def test_caller_and_scores_from_the_screener() -> None:
    res = result(Verstat.NONE, None, None, "SHAKEN.NO_IDENTITY")  # type: ignore[arg-type]
    assert shaken_findings_for_screening(res, Ingress.INTERNATIONAL) == []
    caller = parse_number("13812345678")
    out = shaken_findings_for_screening(
        res,
        Ingress.INTERNATIONAL,
        caller=caller,
        scores={"CALLERID.SHAKEN_INTL_DOMESTIC_UNSIGNED": 0.95},
    )
    assert [(f.code, f.score) for f in out] == [("CALLERID.SHAKEN_INTL_DOMESTIC_UNSIGNED", 0.95)]
    assert out[0].reason_zh and out[0].detector == "callerid.shaken_screening"
