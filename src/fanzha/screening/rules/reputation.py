"""REPUTATION.REPORTED / REPUTATION.OFFICIAL_NUMBER_REPORTED

Turns the caller's reputation (reports and detections, see
fanzha.numbers.reputation) into findings: a reported number above the policy's
threshold, and reports about an official number, which point to spoofing.
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.screening.context import CallContext, Rule


class ReputationRule(Rule):
    name = "reputation"

    def score_one(self, context: CallContext) -> list[Finding]:
        if context.caller is None:
            return []
        min_score = float(self.params(context).get("min_score", 0.4))
        return [
            finding
            for finding in context.reputation.findings
            if finding.code == "REPUTATION.OFFICIAL_NUMBER_REPORTED" or finding.score >= min_score
        ]
