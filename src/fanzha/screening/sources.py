"""Where the screener gets subscriber choices from."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from fanzha.core import SubscriberPolicy

_OVERLAP = timedelta(seconds=2)  # clock skew between processes writing policies
MAX_CACHE_AGE_S = 300.0  # a policy is read again at least this often, changed or not


class SubscriberSource(Protocol):
    def policy_for(self, msisdn: str) -> SubscriberPolicy: ...


class PolicyStore(Protocol):
    """What subscriber lookups need from storage (fanzha.store.Store satisfies it)."""

    def get_subscriber_policy(self, msisdn: str) -> SubscriberPolicy | None: ...

    def msisdns_with_policy(self, *, changed_after: datetime | None = None) -> set[str]: ...


class DefaultSubscribers:
    """Every subscriber has the default policy unless set here (in memory)."""

    def __init__(self, policies: dict[str, SubscriberPolicy] | None = None) -> None:
        self._policies = dict(policies or {})

    def set(self, policy: SubscriberPolicy) -> None:
        self._policies[policy.msisdn] = policy

    def policy_for(self, msisdn: str) -> SubscriberPolicy:
        return self._policies.get(msisdn) or SubscriberPolicy(msisdn)


class StoredSubscribers:
    """Subscriber policies from the store, cached per number until they change.

    Every ``cache_seconds`` the index of subscribers with a policy is brought
    up to date from ``updated_at``; a subscriber whose policy changed since is
    dropped from the cache then, so a change made by another process shows
    within that interval and unchanged policies are never read twice.
    """

    def __init__(
        self,
        store: PolicyStore,
        cache_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, SubscriberPolicy]] = {}
        self._epoch = 0  # counts forgets, so a read that raced one is not cached
        self._lock = threading.Lock()
        # Most subscribers never change the defaults: remember who did, so the
        # others cost no query. Refreshed from updated_at, with overlap.
        self._with_policy: set[str] = set()
        self._index_checked: datetime | None = None
        self._index_refreshed = float("-inf")

    def _has_policy(self, msisdn: str) -> bool:
        stamp = self._clock()
        if stamp - self._index_refreshed >= self._cache_seconds:
            started = datetime.now(UTC)
            changed_after = self._index_checked - _OVERLAP if self._index_checked else None
            changed = self._store.msisdns_with_policy(changed_after=changed_after)
            self._with_policy |= changed
            self._index_checked, self._index_refreshed = started, stamp
            with self._lock:
                self._epoch += 1
                for number in changed:
                    self._cache.pop(number, None)
        return msisdn in self._with_policy

    def policy_for(self, msisdn: str) -> SubscriberPolicy:
        if not self._has_policy(msisdn):
            return SubscriberPolicy(msisdn)
        stamp = self._clock()
        cached = self._cache.get(msisdn)
        if cached is not None and stamp - cached[0] < MAX_CACHE_AGE_S:
            return cached[1]
        epoch = self._epoch
        policy = self._store.get_subscriber_policy(msisdn) or SubscriberPolicy(msisdn)
        with self._lock:
            if len(self._cache) > 200_000:
                self._cache.clear()
            if self._epoch == epoch:  # no change was noticed while we read
                self._cache[msisdn] = (stamp, policy)
        return policy

    def invalidate(self, msisdn: str) -> None:
        """Forget the cached policy of ``msisdn`` after it was changed here."""
        self._with_policy.add(msisdn)
        with self._lock:
            self._epoch += 1
            self._cache.pop(msisdn, None)
