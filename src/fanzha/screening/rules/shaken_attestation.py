"""CALLERID.SHAKEN_FAILED / CALLERID.SHAKEN_ATTEST_C

The STIR/SHAKEN result of the call (RFC 8224 verstat), when it was verified:
a failed validation is evidence wherever the call came from, strong when the
failure points at forgery (bad signature, wrong number, untrusted
certificate) and weak for operational faults (certificate server down); a
domestic call signed only by a gateway (attestation C) is not vouched for.
A domestic number arriving from abroad without A/B attestation is the
intl_gateway_domestic_cli rule's case, so it is not counted twice here.
"""

from __future__ import annotations

from fanzha.callerid.shaken import shaken_findings_for_screening
from fanzha.core import Finding
from fanzha.screening.context import CallContext, Rule

_KEPT = frozenset({"CALLERID.SHAKEN_FAILED", "CALLERID.SHAKEN_ATTEST_C"})


class ShakenAttestation(Rule):
    name = "shaken_attestation"

    def score_one(self, context: CallContext) -> list[Finding]:
        if context.verification is None:
            return []
        params = self.params(context)
        scores = {
            "failed_forgery": float(params.get("score_failed_forgery", 0.8)),
            "failed_operational": float(params.get("score_failed_operational", 0.3)),
            "CALLERID.SHAKEN_ATTEST_C": float(params.get("score_attest_c", 0.2)),
        }
        findings = shaken_findings_for_screening(
            context.verification, context.event.ingress, caller=context.caller, scores=scores
        )
        return [
            self.finding(f.score, f.code, f.reason, f.reason_zh, **f.evidence)
            for f in findings
            if f.code in _KEPT
        ]
