"""Where the screener gets subscriber choices from."""

from __future__ import annotations

import threading
import time
from typing import Protocol

from fanzha.core import SubscriberPolicy


class SubscriberSource(Protocol):
    def policy_for(self, msisdn: str) -> SubscriberPolicy: ...


class PolicyStore(Protocol):
    """What subscriber lookups need from storage (fanzha.store.Store satisfies it)."""

    def get_subscriber_policy(self, msisdn: str) -> SubscriberPolicy | None: ...


class DefaultSubscribers:
    """Every subscriber has the default policy unless set here (in memory)."""

    def __init__(self, policies: dict[str, SubscriberPolicy] | None = None) -> None:
        self._policies = dict(policies or {})

    def set(self, policy: SubscriberPolicy) -> None:
        self._policies[policy.msisdn] = policy

    def policy_for(self, msisdn: str) -> SubscriberPolicy:
        return self._policies.get(msisdn) or SubscriberPolicy(msisdn)


class StoredSubscribers:
    """Subscriber policies from the store, cached briefly per number."""

    def __init__(self, store: PolicyStore, cache_seconds: float = 5.0) -> None:
        self._store = store
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, SubscriberPolicy]] = {}
        self._lock = threading.Lock()

    def policy_for(self, msisdn: str) -> SubscriberPolicy:
        stamp = time.monotonic()
        cached = self._cache.get(msisdn)
        if cached is not None and stamp - cached[0] < self._cache_seconds:
            return cached[1]
        policy = self._store.get_subscriber_policy(msisdn) or SubscriberPolicy(msisdn)
        with self._lock:
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[msisdn] = (stamp, policy)
        return policy

    def invalidate(self, msisdn: str) -> None:
        with self._lock:
            self._cache.pop(msisdn, None)
