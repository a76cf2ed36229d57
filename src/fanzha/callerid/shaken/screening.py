"""What a STIR/SHAKEN result means for call screening.

The seed-000 "number change" (改号) scam shows a domestic number on a call
that came in from abroad. A genuine domestic caller's own carrier signs with
attestation A (or B); a call from an international gateway or an unlicensed
VoIP interconnect that shows a domestic number with no valid signature, or
only the gateway's attestation C, is the spoofing case. A failed validation is
evidence wherever the call came from, weighted by whether the failure points
at forgery (bad signature, wrong number, untrusted certificate) or at an
operational fault (certificate server down).

Scores are defaults; the screener may pass its policy's values in ``scores``.
"""

from __future__ import annotations

from collections.abc import Mapping

from fanzha.callerid.shaken.codes import CATALOGUE, Outcome
from fanzha.callerid.shaken.result import VerificationResult, Verstat
from fanzha.core import Finding, Ingress, InvalidNumberError
from fanzha.numbers import NumberInfo, parse_number

DETECTOR = "callerid.shaken_screening"
VERSION = "1"

INTL_DOMESTIC_UNSIGNED = "CALLERID.SHAKEN_INTL_DOMESTIC_UNSIGNED"
INTL_DOMESTIC_ATTEST_C = "CALLERID.SHAKEN_INTL_DOMESTIC_ATTEST_C"
VALIDATION_FAILED = "CALLERID.SHAKEN_FAILED"
ATTEST_C = "CALLERID.SHAKEN_ATTEST_C"

DEFAULT_SCORES: dict[str, float] = {
    INTL_DOMESTIC_UNSIGNED: 0.9,
    INTL_DOMESTIC_ATTEST_C: 0.85,
    "failed_forgery": 0.8,
    "failed_operational": 0.3,
    ATTEST_C: 0.2,
}

_VIA = {
    Ingress.INTERNATIONAL: ("an international gateway", "国际关口局"),
    Ingress.VOIP: ("an unlicensed VoIP interconnect", "未经许可的网络电话接入"),
}


def shaken_findings_for_screening(
    result: VerificationResult,
    ingress: Ingress | str,
    *,
    caller: NumberInfo | None = None,
    scores: Mapping[str, float] | None = None,
) -> list[Finding]:
    """Screening findings for one call's verification result.

    ``caller`` is the screener's parsed caller ID; without it the number the
    verifier normalised (``result.orig``) is classified here.
    """
    weights = {**DEFAULT_SCORES, **(scores or {})}
    via = Ingress(ingress)
    info = caller if caller is not None else _classify(result.orig)
    domestic = info is not None and info.is_domestic
    out: list[Finding] = []
    codes = [f.code for f in result.findings]
    if result.verstat is Verstat.FAILED:
        forged = any(CATALOGUE[c].forgery for c in codes if CATALOGUE[c].outcome is Outcome.FAIL)
        out.append(
            _finding(
                weights["failed_forgery" if forged else "failed_operational"],
                VALIDATION_FAILED,
                "The caller ID's STIR/SHAKEN signature failed validation"
                + (": it was forged or tampered with." if forged else " (operational fault)."),
                "该来电的 STIR/SHAKEN 签名验证失败"
                + (",来电号码系伪造或被篡改。" if forged else "(证书获取等运行故障)。"),
                verstat=result.verstat.value,
                codes=codes,
            )
        )
    if via in _VIA and domestic:
        via_en, via_zh = _VIA[via]
        if result.verstat is not Verstat.PASSED:
            out.append(
                _finding(
                    weights[INTL_DOMESTIC_UNSIGNED],
                    INTL_DOMESTIC_UNSIGNED,
                    f"The call came through {via_en} and shows a domestic number without a "
                    "valid STIR/SHAKEN signature from its carrier: spoofed caller ID.",
                    f"该来电经{via_zh}进入,显示境内号码却没有其运营商的有效签名,属于改号来电。",
                    ingress=via.value,
                    verstat=result.verstat.value,
                )
            )
        elif result.attest == "C":
            out.append(
                _finding(
                    weights[INTL_DOMESTIC_ATTEST_C],
                    INTL_DOMESTIC_ATTEST_C,
                    f"The call came through {via_en} and shows a domestic number, but only the "
                    "gateway signed it (attestation C): no carrier vouches for the caller ID.",
                    f"该来电经{via_zh}进入,显示境内号码,但仅有网关签名(C 级认证),"
                    "没有运营商为该号码担保。",
                    ingress=via.value,
                    attest="C",
                )
            )
    elif via is Ingress.DOMESTIC and result.verstat is Verstat.PASSED and result.attest == "C":
        # From abroad, C is what a gateway gives every foreign call: not evidence.
        out.append(
            _finding(
                weights[ATTEST_C],
                ATTEST_C,
                "Only a gateway signed this call (attestation C): the caller ID is not vouched "
                "for.",
                "该来电仅有网关签名(C 级认证),来电号码未获担保。",
                attest="C",
            )
        )
    return out


def _classify(tn: str | None) -> NumberInfo | None:
    if not tn:
        return None
    try:
        return parse_number("+" + tn)
    except InvalidNumberError:
        return None


def _finding(score: float, code: str, en: str, zh: str, **evidence: object) -> Finding:
    return Finding(DETECTOR, VERSION, score, code, en, dict(evidence), zh)
