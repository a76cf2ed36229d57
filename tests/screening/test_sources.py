"""Subscriber choices from the store: cached until they change, changes from elsewhere seen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fanzha.core import SubscriberPolicy
from fanzha.screening.sources import MAX_CACHE_AGE_S, StoredSubscribers
from fanzha.store import Store

ALICE, BOB = "+8613812345678", "+8613912345678"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'f.db'}") as opened:
        opened.upgrade()
        yield opened


def counting_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    get = store.get_subscriber_policy

    def counted(msisdn: str) -> SubscriberPolicy | None:
        reads.append(msisdn)
        return get(msisdn)

    monkeypatch.setattr(store, "get_subscriber_policy", counted)
    return reads


def test_subscribers_without_a_policy_cost_no_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribers = StoredSubscribers(store, 5.0, Clock())
    reads = counting_reads(store, monkeypatch)
    assert subscribers.policy_for(ALICE) == SubscriberPolicy(ALICE)
    assert reads == []


def test_a_policy_is_read_once_until_it_changes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)  # outside the refresh's overlap
    store.set_subscriber_policy(SubscriberPolicy(ALICE, True, updated_at=an_hour_ago))
    store.set_subscriber_policy(SubscriberPolicy(BOB, False, True, updated_at=an_hour_ago))
    subscribers = StoredSubscribers(store, 5.0, clock)
    reads = counting_reads(store, monkeypatch)
    assert subscribers.policy_for(ALICE).allow_international_calls
    assert subscribers.policy_for(BOB).allow_international_sms
    clock.now = 60.0  # many refreshes later, nothing changed
    subscribers.policy_for(ALICE)
    subscribers.policy_for(BOB)
    assert reads == [ALICE, BOB]

    store.set_subscriber_policy(SubscriberPolicy(ALICE))  # another process: back to defaults
    assert subscribers.policy_for(ALICE).allow_international_calls  # until the next refresh
    clock.now = 65.0
    assert not subscribers.policy_for(ALICE).allow_international_calls
    assert subscribers.policy_for(BOB).allow_international_sms
    assert reads == [ALICE, BOB, ALICE]

    clock.now = 65.0 + MAX_CACHE_AGE_S
    subscribers.policy_for(BOB)
    assert reads[-1] == BOB  # read again after the longest cache age, changed or not
