"""Finding: what every detector returns, and how findings combine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason, with a stable ``code``, that a detector holds against an input.

    ``score`` is in [0, 1]: how strongly this finding alone points to fraud.
    ``reason`` is an English sentence and ``reason_zh`` the same in Chinese.
    """

    detector: str
    version: str
    score: float
    code: str
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    reason_zh: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def combine_scores(findings: Iterable[Finding]) -> float:
    """Noisy-OR of finding scores: independent pieces of evidence reinforce each other."""
    remaining = 1.0
    for finding in findings:
        remaining *= 1.0 - min(max(finding.score, 0.0), 1.0)
    return 1.0 - remaining
