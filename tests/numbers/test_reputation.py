from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fanzha.core import FraudCategory, ReportKind, StoredDetection, StoredReport
from fanzha.numbers.reputation import ReputationParams, score_reputation
from fanzha.numbers.types import OfficialNumber

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
NUMBER = "+8617091234567"
ICBC = OfficialNumber("95588", "中国工商银行", "ICBC", "bank", True, False, "95588")
ANTI_FRAUD = OfficialNumber(
    "96110", "反诈预警专线", "Anti-fraud hotline", "anti_fraud", True, True, "96110"
)


def report(reporter: str, age: timedelta, number: str = NUMBER, ident: int = 0) -> StoredReport:
    return StoredReport(
        ident,
        number,
        ReportKind.CALL,
        FraudCategory.IMPERSONATE_AUTHORITY,
        "",
        reporter,
        "api",
        NOW - age,
    )


def spread(count: int, *, days_apart: float = 1.0, number: str = NUMBER) -> list[StoredReport]:
    return [report(f"r{i}", timedelta(days=i * days_apart), number, i) for i in range(count)]


def test_no_reports_is_unknown() -> None:
    rep = score_reputation(NUMBER, [], now=NOW)
    assert (rep.level, rep.score, rep.findings) == ("unknown", 0.0, ())


def test_distinct_reporters_over_time_mark_fraud() -> None:
    rep = score_reputation(NUMBER, spread(6), now=NOW)
    assert rep.level == "fraud"
    assert rep.distinct_reporters == 6
    assert [f.code for f in rep.findings] == ["REPUTATION.REPORTED"]
    assert rep.findings[0].score == rep.score


def test_one_reporter_cannot_poison_a_number() -> None:
    many = [report("same-person", timedelta(hours=i * 7), ident=i) for i in range(200)]
    rep = score_reputation(NUMBER, many, now=NOW)
    single = score_reputation(NUMBER, many[:1], now=NOW)
    assert rep.score == single.score
    assert rep.level == "low"


def test_burst_of_fresh_reporters_is_capped() -> None:
    burst = [report(f"sybil{i}", timedelta(minutes=i % 30), ident=i) for i in range(100)]
    rep = score_reputation(NUMBER, burst, now=NOW)
    params = ReputationParams()
    assert rep.level != "fraud"
    assert rep.score < params.fraud
    assert rep.score > score_reputation(NUMBER, burst[:1], now=NOW).score


def test_old_reports_decay() -> None:
    fresh = score_reputation(NUMBER, spread(5), now=NOW)
    stale = score_reputation(NUMBER, spread(5), now=NOW + timedelta(days=365))
    assert stale.score < fresh.score / 10
    assert stale.level == "low"


def test_more_independent_reporters_means_higher_score() -> None:
    scores = [score_reputation(NUMBER, spread(n), now=NOW).score for n in range(1, 8)]
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)


def test_official_numbers_are_never_marked_fraud_by_reports() -> None:
    rep = score_reputation("+8695588", spread(50, number="+8695588"), now=NOW, official=ICBC)
    assert rep.level == "official"
    assert rep.score == 0.0
    assert rep.protected
    assert [f.code for f in rep.findings] == ["REPUTATION.OFFICIAL_NUMBER_REPORTED"]
    assert "95588" in rep.findings[0].reason


def test_96110_is_never_marked_fraud_by_reports() -> None:
    rep = score_reputation("+8696110", spread(500, number="+8696110"), now=NOW, official=ANTI_FRAUD)
    assert rep.level == "official" and rep.score == 0.0


def test_detections_count_for_official_numbers() -> None:
    detection = StoredDetection(1, "+8695588", "screening", "X", 1.0, {}, NOW)
    rep = score_reputation("+8695588", [], [detection] * 10, now=NOW, official=ICBC)
    assert rep.score > 0
    assert rep.level == "official"


def test_detections_add_to_reports() -> None:
    detection = StoredDetection(1, NUMBER, "screening", "X", 1.0, {}, NOW)
    with_detection = score_reputation(NUMBER, spread(2), [detection], now=NOW)
    assert with_detection.score > score_reputation(NUMBER, spread(2), now=NOW).score
    assert with_detection.detection_count == 1
