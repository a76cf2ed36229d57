"""The queries behind screening's in-memory indexes, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fanzha.core import FraudCategory, NewDetection, NewReport, ReportKind, SubscriberPolicy
from fanzha.store import Store


def report(number: str) -> NewReport:
    return NewReport(number, ReportKind.CALL, FraudCategory.OTHER_FRAUD, reporter="r")


def test_numbers_with_records_grows_from_marks(store: Store) -> None:
    empty = store.numbers_with_records()
    assert (empty.numbers, empty.report_id, empty.detection_id) == (set(), 0, 0)
    store.add_reports([report("+8613500000001"), report("+8613500000002")], salt="s")
    first = store.numbers_with_records()
    assert first.numbers == {"+8613500000001", "+8613500000002"}
    store.add_report(report("+8613500000003"), salt="s")
    store.add_detection(NewDetection("+8617000000000", "test", "X.Y", 0.5))
    later = store.numbers_with_records(
        after_report_id=first.report_id, after_detection_id=first.detection_id
    )
    assert later.numbers == {"+8613500000003", "+8617000000000"}
    assert later.report_id > first.report_id and later.detection_id > 0
    nothing_new = store.numbers_with_records(
        after_report_id=later.report_id, after_detection_id=later.detection_id
    )
    assert nothing_new.numbers == set()
    assert (nothing_new.report_id, nothing_new.detection_id) == (
        later.report_id,
        later.detection_id,
    )


def test_msisdns_with_policy(store: Store) -> None:
    assert store.msisdns_with_policy() == set()
    store.set_subscriber_policy(SubscriberPolicy("+8613900001111", True))
    assert store.msisdns_with_policy() == {"+8613900001111"}
    future = datetime.now(UTC) + timedelta(hours=1)
    assert store.msisdns_with_policy(changed_after=future) == set()


def test_records_for_reads_reports_and_detections(store: Store) -> None:
    store.add_reports([report("+8613500000001"), report("+8613500000001")], salt="s")
    store.add_detection(NewDetection("+8613500000001", "test", "X.Y", 0.5))
    found, seen = store.records_for("+8613500000001")
    assert len(found) == 2 and len(seen) == 1
    assert store.records_for("+8613500000002") == ([], [])
