"""Number reputation from reports (举报) and detections.

Evidence is counted so that nobody can poison a number cheaply:

* each reporter counts once (their freshest report), however often they report;
* reports decay with a half-life, so old accusations fade;
* reporters whose reports land in the same short window form a *burst*, and a
  burst's weight is capped, so a coordinated wave of fresh accounts is worth
  little more than a couple of independent people;
* reports alone never mark an official number (110, 95588, 96110 ...) as
  fraud: reports about such numbers mean somebody spoofed them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fanzha.core import CATEGORY_LABELS, Finding, FraudCategory, StoredDetection, StoredReport
from fanzha.numbers.types import OfficialNumber

DETECTOR = "numbers.reputation"
VERSION = "1"


@dataclass(frozen=True, slots=True)
class ReputationParams:
    half_life_days: float = 30.0
    saturation: float = 2.5  # evidence at which the score reaches 1 - 1/e
    burst_window_minutes: float = 60.0
    burst_cap: float = 1.5  # most evidence one burst window can add
    detection_weight: float = 0.5
    detection_cap: float = 2.0
    suspicious: float = 0.4  # level thresholds
    fraud: float = 0.7

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ReputationParams:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{k: float(v) for k, v in values.items() if k in known})


@dataclass(frozen=True, slots=True)
class Reputation:
    number: str
    score: float
    level: str  # "unknown", "low", "suspicious", "fraud", "official"
    report_count: int
    distinct_reporters: int
    detection_count: int
    categories: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    first_reported: datetime | None = None
    last_reported: datetime | None = None
    protected: bool = False  # official number: reports never mark it as fraud
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "level": self.level,
            "report_count": self.report_count,
            "distinct_reporters": self.distinct_reporters,
            "detection_count": self.detection_count,
            "categories": self.categories,
            "kinds": self.kinds,
            "first_reported": self.first_reported.isoformat() if self.first_reported else None,
            "last_reported": self.last_reported.isoformat() if self.last_reported else None,
            "protected": self.protected,
            "findings": [f.to_dict() for f in self.findings],
        }


def unknown_reputation(number: str) -> Reputation:
    return Reputation(number, 0.0, "unknown", 0, 0, 0)


def _decay(age: timedelta, half_life_days: float) -> float:
    days = max(age.total_seconds(), 0.0) / 86400.0
    return float(0.5 ** (days / half_life_days))


def _report_evidence(reports: Sequence[StoredReport], now: datetime, p: ReputationParams) -> float:
    freshest: dict[str, StoredReport] = {}
    for report in reports:
        kept = freshest.get(report.reporter_hash)
        if kept is None or report.created_at > kept.created_at:
            freshest[report.reporter_hash] = report
    windows: dict[int, float] = {}
    window_seconds = p.burst_window_minutes * 60.0
    for report in freshest.values():
        bucket = int(report.created_at.timestamp() // window_seconds)
        weight = _decay(now - report.created_at, p.half_life_days)
        windows[bucket] = windows.get(bucket, 0.0) + weight
    return sum(min(weight, p.burst_cap) for weight in windows.values())


def _detection_evidence(
    detections: Sequence[StoredDetection], now: datetime, p: ReputationParams
) -> float:
    total = sum(
        d.score * _decay(now - d.created_at, p.half_life_days) * p.detection_weight
        for d in detections
    )
    return min(total, p.detection_cap)


def _level(score: float, p: ReputationParams) -> str:
    if score >= p.fraud:
        return "fraud"
    if score >= p.suspicious:
        return "suspicious"
    return "low"


def score_reputation(
    number: str,
    reports: Sequence[StoredReport],
    detections: Sequence[StoredDetection] = (),
    *,
    now: datetime,
    official: OfficialNumber | None = None,
    params: ReputationParams | None = None,
) -> Reputation:
    """Score a number from its reports and detections as of ``now`` (UTC-aware)."""
    p = params or ReputationParams()
    if not reports and not detections:
        level = "official" if official else "unknown"
        return Reputation(number, 0.0, level, 0, 0, 0, protected=official is not None)

    report_evidence = _report_evidence(reports, now, p)
    detection_evidence = _detection_evidence(detections, now, p)
    # Official numbers: only detections (e.g. the network saw it spoofed) count.
    evidence = detection_evidence if official else report_evidence + detection_evidence
    score = 1.0 - math.exp(-evidence / p.saturation)

    categories = Counter(r.category.value for r in reports)
    kinds = Counter(r.kind.value for r in reports)
    reporters = len({r.reporter_hash for r in reports})
    times = [r.created_at for r in reports]
    findings: list[Finding] = []
    if official and reports:
        findings.append(
            Finding(
                DETECTOR,
                VERSION,
                0.0,
                "REPUTATION.OFFICIAL_NUMBER_REPORTED",
                f"{reporters} people reported calls or messages showing the official number "
                f"of {official.owner_en}; the number itself is genuine, so these were most "
                f"likely spoofed. Hang up and call {official.callback} yourself.",
                {"reports": len(reports), "distinct_reporters": reporters},
                f"有{reporters}人举报显示为{official.owner_zh}官方号码的来电或短信;该号码本身是真实的,"
                f"这些很可能是改号冒用。请挂断后自行拨打{official.callback}核实。",
            )
        )
    level = "official" if official else _level(score, p)
    if not official and level in {"suspicious", "fraud"}:
        top = categories.most_common(1)[0][0] if categories else "other_fraud"
        label_zh, label_en = CATEGORY_LABELS[FraudCategory(top)]
        findings.append(
            Finding(
                DETECTOR,
                VERSION,
                score,
                "REPUTATION.REPORTED",
                f"Reported as fraud by {reporters} distinct people (mostly: {label_en}).",
                {
                    "reports": len(reports),
                    "distinct_reporters": reporters,
                    "detections": len(detections),
                    "top_category": top,
                    "evidence": round(evidence, 3),
                },
                f"已被{reporters}位不同用户举报为诈骗(主要类型:{label_zh})。",
            )
        )
    return Reputation(
        number=number,
        score=score,
        level=level,
        report_count=len(reports),
        distinct_reporters=reporters,
        detection_count=len(detections),
        categories=dict(categories),
        kinds=dict(kinds),
        first_reported=min(times) if times else None,
        last_reported=max(times) if times else None,
        protected=official is not None,
        findings=tuple(findings),
    )
