"""Reports: round trip, ordering, filters, hashing, validation, atomic batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from fanzha.core import (
    ConfigError,
    FraudCategory,
    InvalidInputError,
    InvalidNumberError,
    NewReport,
    ReportKind,
    StoredReport,
)
from fanzha.store import MAX_TEXT_CHARS, Store, hash_reporter

NUMBER = "+8613812345678"
OTHER = "+8613900000000"
SALT = "test-salt"
T0 = datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)


def report(number: str = NUMBER, **changes: Any) -> NewReport:
    values: dict[str, Any] = {
        "number": number,
        "kind": ReportKind.CALL,
        "category": FraudCategory.IMPERSONATE_AUTHORITY,
        "text": "自称公安局，要求转账到安全账户",
        "reporter": "citizen-1",
        "source": "api",
    }
    values.update(changes)
    return NewReport(**values)


def test_add_report_round_trip(store: Store) -> None:
    before = datetime.now(UTC)
    stored = store.add_report(report(), salt=SALT)

    assert isinstance(stored, StoredReport)
    assert stored.id > 0
    assert stored.kind is ReportKind.CALL
    assert stored.category is FraudCategory.IMPERSONATE_AUTHORITY
    assert stored.text == "自称公安局，要求转账到安全账户"
    assert stored.reporter_hash == hash_reporter("citizen-1", SALT)
    assert stored.created_at.tzinfo is UTC
    assert before <= stored.created_at <= datetime.now(UTC)
    assert store.reports_for(NUMBER) == [stored]


def test_given_created_at_is_kept_and_returned_in_utc(store: Store) -> None:
    beijing = timezone(timedelta(hours=8))
    stored = store.add_report(report(created_at=T0.astimezone(beijing)), salt=SALT)

    assert stored.created_at == T0
    [read] = store.reports_for(NUMBER)
    assert read.created_at == T0
    assert read.created_at.utcoffset() == timedelta(0)


def test_enum_values_given_as_strings_come_back_as_enums(store: Store) -> None:
    stored = store.add_report(report(kind="sms", category="romance"), salt=SALT)

    [read] = store.reports_for(NUMBER)
    assert read.kind is ReportKind.SMS and read.category is FraudCategory.ROMANCE
    assert read == stored


def test_reporter_hash_is_salted_and_stable() -> None:
    assert hash_reporter("a", "s1") == hash_reporter("a", "s1")
    assert hash_reporter("a", "s1") != hash_reporter("a", "s2")
    assert hash_reporter("a", "s1") != hash_reporter("b", "s1")
    assert len(hash_reporter("", "s1")) == 64
    int(hash_reporter("a", "s1"), 16)  # hex


def test_anonymous_reports_share_one_reporter_hash(store: Store) -> None:
    first = store.add_report(report(reporter=""), salt=SALT)
    second = store.add_report(report(number=OTHER, reporter=""), salt=SALT)

    assert first.reporter_hash == second.reporter_hash == hash_reporter("", SALT)


def test_empty_salt_is_refused(store: Store) -> None:
    with pytest.raises(ConfigError):
        store.add_report(report(), salt="")
    assert store.count_reports() == 0


def test_add_reports_keeps_order_and_ids(store: Store) -> None:
    batch = [report(text=f"r{i}", created_at=T0 + timedelta(minutes=i)) for i in range(5)]

    stored = store.add_reports(batch, salt=SALT)

    assert [item.text for item in stored] == [f"r{i}" for i in range(5)]
    assert len({item.id for item in stored}) == 5
    assert store.reports_for(NUMBER) == list(reversed(stored))
    assert store.add_reports([], salt=SALT) == []


def test_reports_for_is_newest_first_filtered_and_limited(store: Store) -> None:
    times = [T0 + timedelta(hours=hours) for hours in (0, 5, 2, 9)]
    for index, at in enumerate(times):
        store.add_report(report(text=str(index), created_at=at), salt=SALT)
    store.add_report(report(number=OTHER, created_at=T0 + timedelta(hours=20)), salt=SALT)

    assert [r.text for r in store.reports_for(NUMBER)] == ["3", "1", "2", "0"]
    assert [r.text for r in store.reports_for(NUMBER, since=T0 + timedelta(hours=2))] == [
        "3",
        "1",
        "2",
    ]
    assert [r.text for r in store.reports_for(NUMBER, limit=2)] == ["3", "1"]
    assert store.reports_for(NUMBER, limit=0) == []
    assert store.reports_for("+8610000000000") == []


def test_same_instant_orders_by_id(store: Store) -> None:
    stored = store.add_reports([report(created_at=T0), report(created_at=T0)], salt=SALT)

    assert [r.id for r in store.reports_for(NUMBER)] == [stored[1].id, stored[0].id]


def test_recent_reports_pages_newest_first(store: Store) -> None:
    for index in range(7):
        store.add_report(
            report(number=f"+86138000000{index:02d}", created_at=T0 + timedelta(seconds=index)),
            salt=SALT,
        )

    page1 = store.recent_reports(limit=3)
    page2 = store.recent_reports(limit=3, offset=3)
    page3 = store.recent_reports(limit=3, offset=6)

    numbers = [r.number for r in page1 + page2 + page3]
    assert numbers == [f"+86138000000{index:02d}" for index in reversed(range(7))]
    assert len(store.recent_reports()) == 7


def test_count_reports(store: Store) -> None:
    assert store.count_reports() == 0
    store.add_reports([report(), report(number=OTHER)], salt=SALT)
    assert store.count_reports() == 2


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, InvalidInputError),
        ({"text": "nul\x00byte"}, InvalidInputError),
        ({"text": "lone \ud800 surrogate"}, InvalidInputError),
        ({"number": "13812345678"}, InvalidNumberError),
        ({"number": "+86 138 1234 5678"}, InvalidNumberError),
        ({"number": ""}, InvalidNumberError),
        ({"kind": "fax"}, InvalidInputError),
        ({"category": "not-a-category"}, InvalidInputError),
        ({"created_at": datetime(2025, 1, 1)}, InvalidInputError),  # naive
        ({"source": ""}, InvalidInputError),
        ({"reporter": "r" * 10_000}, InvalidInputError),
    ],
)
def test_invalid_reports_are_refused(
    store: Store, changes: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        store.add_report(report(**changes), salt=SALT)
    assert store.count_reports() == 0


def test_text_at_the_limit_is_accepted(store: Store) -> None:
    text = "诈" * MAX_TEXT_CHARS  # characters, not bytes
    assert store.add_report(report(text=text), salt=SALT).text == text


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.reports_for(NUMBER, limit=-1),
        lambda s: s.reports_for(NUMBER, since=datetime(2025, 1, 1)),
        lambda s: s.reports_for("not a number"),
        lambda s: s.recent_reports(offset=-1),
        lambda s: s.recent_reports(limit=10**9),
    ],
)
def test_invalid_queries_are_refused(store: Store, call: object) -> None:
    with pytest.raises(InvalidInputError):
        call(store)  # type: ignore[operator]


def test_a_refused_batch_adds_nothing_and_keeps_earlier_reports(store: Store) -> None:
    kept = store.add_report(report(), salt=SALT)

    with pytest.raises(InvalidInputError):
        store.add_reports([report(number=OTHER), report(text="x" * 5000)], salt=SALT)

    assert store.reports_for(NUMBER) == [kept]
    assert store.reports_for(OTHER) == []
    assert store.count_reports() == 1


def test_a_batch_failing_inside_the_database_is_rolled_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = store.add_report(report(), salt=SALT)
    # Let an over-long text past the boundary check: the CHECK constraint must
    # then fail the INSERT half way through the transaction.
    monkeypatch.setattr("fanzha.store.validate.text", lambda value, *args, **kwargs: value)
    batch = [report(number=OTHER), report(number=OTHER, text="x" * (MAX_TEXT_CHARS + 1))]

    with pytest.raises(InvalidInputError) as raised:
        store.add_reports(batch, salt=SALT)

    assert raised.value.code == "STORE.REJECTED"
    assert "x" * 100 not in raised.value.message  # row values stay out of messages
    assert store.reports_for(OTHER) == []
    assert store.reports_for(NUMBER) == [kept]
    assert store.count_reports() == 1
