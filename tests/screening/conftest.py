from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from fanzha.core import FraudCategory, ReportKind, StoredDetection, StoredReport, SubscriberPolicy
from fanzha.numbers import NumberIntelligence
from fanzha.screening import CallScreener, DefaultSubscribers
from fanzha.store import RecordMarks


class MemoryReports:
    """An in-memory report source; the store-backed one is tested in tests/store."""

    def __init__(self) -> None:
        self.reports: dict[str, list[StoredReport]] = {}

    def add(self, number: str, reporters: int, *, days_apart: float = 1.0) -> None:
        now = datetime.now(UTC)
        bucket = self.reports.setdefault(number, [])
        for i in range(reporters):
            bucket.append(
                StoredReport(
                    len(bucket),
                    number,
                    ReportKind.CALL,
                    FraudCategory.IMPERSONATE_AUTHORITY,
                    "",
                    f"{number}-reporter-{i}",
                    "test",
                    now - timedelta(days=i * days_apart),
                )
            )

    def records_for(self, number: str) -> tuple[Sequence[StoredReport], Sequence[StoredDetection]]:
        return self.reports.get(number, []), []

    def numbers_with_records(
        self, *, after_report_id: int = 0, after_detection_id: int = 0
    ) -> RecordMarks:
        return RecordMarks(set(self.reports), 0, 0)


@pytest.fixture
def reports() -> MemoryReports:
    return MemoryReports()


@pytest.fixture
def subscribers() -> DefaultSubscribers:
    return DefaultSubscribers({"+8613900002222": SubscriberPolicy("+8613900002222", True, True)})


@pytest.fixture
def screener(reports: MemoryReports, subscribers: DefaultSubscribers) -> CallScreener:
    return CallScreener(
        intelligence=NumberIntelligence(reports, cache_seconds=0.0), subscribers=subscribers
    )
