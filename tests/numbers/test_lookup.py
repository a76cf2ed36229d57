"""Reputation lookups see reports written by other processes, without querying for clean numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fanzha.core import FraudCategory, NewReport, ReportKind
from fanzha.numbers import NumberIntelligence, parse_number
from fanzha.numbers.lookup import MAX_CACHE_AGE_S
from fanzha.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'f.db'}") as opened:
        opened.upgrade()
        yield opened


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def reports(number: str, count: int) -> list[NewReport]:
    return [
        NewReport(number, ReportKind.CALL, FraudCategory.LOAN_CREDIT, reporter=f"r{i}")
        for i in range(count)
    ]


def test_reports_from_elsewhere_appear_after_the_refresh_interval(store: Store) -> None:
    clock = Clock()
    intel = NumberIntelligence(store, cache_seconds=5.0, clock=clock)
    info = parse_number("13512340001")
    assert intel.reputation_of(info).level == "unknown"
    store.add_reports(reports(info.e164, 6), salt="s")  # another process writes
    assert intel.reputation_of(info).level == "unknown"  # still within the interval
    clock.now = 5.0
    assert intel.reputation_of(info).distinct_reporters == 6


def test_reports_through_this_process_appear_at_once(store: Store) -> None:
    intel = NumberIntelligence(store, cache_seconds=60.0, clock=Clock())
    info = parse_number("13512340001")
    assert intel.reputation_of(info).report_count == 0
    store.add_reports(reports(info.e164, 2), salt="s")
    intel.invalidate(info.e164)
    assert intel.reputation_of(info).report_count == 2


def test_clean_numbers_cost_no_query(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    intel = NumberIntelligence(store, cache_seconds=60.0, clock=Clock())
    intel.reputation_of(parse_number("13800000000"))  # first call loads the index

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("queried the store for a clean number")

    monkeypatch.setattr(store, "records_for", fail)
    for n in range(100):
        assert intel.reputation_of(parse_number(f"138{n:08d}")).level == "unknown"


def test_a_cached_reputation_is_read_again_only_when_its_number_has_new_records(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    intel = NumberIntelligence(store, cache_seconds=5.0, clock=clock)
    reported, other = parse_number("13512340001"), parse_number("13512340002")
    store.add_reports(reports(reported.e164, 3) + reports(other.e164, 1), salt="s")
    assert intel.reputation_of(reported).report_count == 3
    assert intel.reputation_of(other).report_count == 1
    reads: list[str] = []
    records_for = store.records_for

    def counted(number: str, **kwargs: int) -> object:
        reads.append(number)
        return records_for(number, **kwargs)

    monkeypatch.setattr(store, "records_for", counted)
    clock.now = 60.0  # many refresh intervals later, nothing new: no reads
    assert intel.reputation_of(reported).report_count == 3
    assert reads == []
    store.add_reports(reports(reported.e164, 2), salt="s2")  # another process writes
    assert intel.reputation_of(reported).report_count == 3  # until the next refresh
    clock.now = 65.0
    assert intel.reputation_of(reported).report_count == 5
    assert intel.reputation_of(other).report_count == 1
    assert reads == [reported.e164]  # only the number with new records was read again


def test_cached_reputations_still_decay(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    intel = NumberIntelligence(store, cache_seconds=5.0, clock=clock)
    info = parse_number("13512340001")
    store.add_reports(reports(info.e164, 3), salt="s")
    intel.reputation_of(info)
    reads: list[str] = []
    records_for = store.records_for
    monkeypatch.setattr(store, "records_for", lambda n, **k: reads.append(n) or records_for(n, **k))
    clock.now = MAX_CACHE_AGE_S + 1
    intel.reputation_of(info)
    assert reads == [info.e164]


def test_a_read_that_raced_new_records_is_not_cached(store: Store) -> None:
    intel = NumberIntelligence(store, cache_seconds=60.0, clock=Clock())
    info = parse_number("13512340001")
    store.add_reports(reports(info.e164, 1), salt="s")
    records_for = store.records_for

    def read_then_report(number: str, **kwargs: int) -> object:
        found = records_for(number, **kwargs)  # the read sees one report ...
        store.add_reports(reports(number, 2), salt="s2")  # ... then two more arrive
        intel.invalidate(number)  # and this process hears of them
        return found

    store.records_for = read_then_report  # type: ignore[method-assign]
    assert intel.reputation_of(info).report_count == 1
    store.records_for = records_for  # type: ignore[method-assign]
    assert intel.reputation_of(info).report_count == 3  # not the stale cached 1
