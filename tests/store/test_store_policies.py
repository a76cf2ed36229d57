"""Subscriber policies: absent means defaults, set creates or replaces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fanzha.core import InvalidInputError, InvalidNumberError, SubscriberPolicy
from fanzha.store import Store

MSISDN = "+8613812345678"


def test_absent_policy_is_none(store: Store) -> None:
    assert store.get_subscriber_policy(MSISDN) is None


def test_set_then_get(store: Store) -> None:
    before = datetime.now(UTC)
    stored = store.set_subscriber_policy(SubscriberPolicy(MSISDN, allow_international_calls=True))

    assert stored.allow_international_calls is True
    assert stored.allow_international_sms is False
    assert stored.updated_at is not None and stored.updated_at >= before
    assert store.get_subscriber_policy(MSISDN) == stored
    assert store.get_subscriber_policy("+8613900000000") is None


def test_set_replaces_the_previous_policy(store: Store) -> None:
    store.set_subscriber_policy(SubscriberPolicy(MSISDN, True, True))
    replaced = store.set_subscriber_policy(SubscriberPolicy(MSISDN, False, True))

    got = store.get_subscriber_policy(MSISDN)
    assert got == replaced
    assert got is not None and (got.allow_international_calls, got.allow_international_sms) == (
        False,
        True,
    )


def test_given_updated_at_is_kept_in_utc(store: Store) -> None:
    at = datetime(2025, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=8)))
    stored = store.set_subscriber_policy(SubscriberPolicy(MSISDN, True, False, updated_at=at))

    assert stored.updated_at == at
    got = store.get_subscriber_policy(MSISDN)
    assert got is not None and got.updated_at is not None
    assert got.updated_at == at and got.updated_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("policy", "error"),
    [
        (SubscriberPolicy("13812345678"), InvalidNumberError),
        (SubscriberPolicy(MSISDN, allow_international_calls=1), InvalidInputError),  # type: ignore[arg-type]
        (SubscriberPolicy(MSISDN, allow_international_sms="yes"), InvalidInputError),  # type: ignore[arg-type]
        (SubscriberPolicy(MSISDN, updated_at=datetime(2025, 1, 1)), InvalidInputError),
    ],
)
def test_invalid_policies_are_refused(
    store: Store, policy: SubscriberPolicy, error: type[Exception]
) -> None:
    with pytest.raises(error):
        store.set_subscriber_policy(policy)
    assert store.get_subscriber_policy(MSISDN) is None


def test_get_with_invalid_msisdn_is_refused(store: Store) -> None:
    with pytest.raises(InvalidNumberError):
        store.get_subscriber_policy("abc")
