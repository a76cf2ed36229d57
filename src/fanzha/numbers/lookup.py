"""Number lookup: classification plus reputation, cached per number.

Screening asks for a caller's reputation on every call. Reports and
detections are only ever added, never changed, so a cached reputation stays
right until its number gets a new record: every few seconds
(``FANZHA_REPUTATION_CACHE_SECONDS``) the in-memory index asks the store which
numbers got records since it last asked, and exactly those are read again. A
new report through the same process invalidates its number at once. Cached
reputations are also recomputed after ``MAX_CACHE_AGE_S`` so their decay with
time shows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from fanzha.core import StoredDetection, StoredReport
from fanzha.numbers.describe import describe_number
from fanzha.numbers.parse import parse_number
from fanzha.numbers.registry import Registry, load_registry
from fanzha.numbers.reputation import (
    Reputation,
    ReputationParams,
    score_reputation,
    unknown_reputation,
)
from fanzha.numbers.types import NumberInfo

# A reputation decays with a half-life of days: five minutes change nothing a
# caller would see, and bound how stale a decayed score can be.
MAX_CACHE_AGE_S = 300.0


class RecordMarks(Protocol):
    @property
    def numbers(self) -> set[str]: ...
    @property
    def report_id(self) -> int: ...
    @property
    def detection_id(self) -> int: ...


class ReportSource(Protocol):
    """What reputation needs from storage (fanzha.store.Store satisfies it)."""

    def records_for(
        self, number: str
    ) -> tuple[Sequence[StoredReport], Sequence[StoredDetection]]: ...

    def numbers_with_records(
        self, *, after_report_id: int = 0, after_detection_id: int = 0
    ) -> RecordMarks: ...


class RecordIndex:
    """Which numbers have any reports or detections, kept in memory.

    Nearly every caller has never been reported; knowing that without a query
    is what keeps screening fast. The index grows from the store's ids, so a
    report written by another process shows up within ``refresh_seconds``.
    """

    def __init__(
        self,
        source: ReportSource,
        refresh_seconds: float,
        clock: Callable[[], float],
        on_new_records: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._source = source
        self._on_new_records = on_new_records
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._numbers: set[str] = set()
        self._report_id = 0
        self._detection_id = 0
        self._refreshed = float("-inf")
        self._lock = threading.Lock()

    def __contains__(self, number: str) -> bool:
        if self._clock() - self._refreshed >= self._refresh_seconds:
            self.refresh()
        return number in self._numbers

    def refresh(self) -> None:
        with self._lock:
            marks = self._source.numbers_with_records(
                after_report_id=self._report_id, after_detection_id=self._detection_id
            )
            first = self._refreshed == float("-inf")
            self._numbers |= marks.numbers
            self._report_id, self._detection_id = marks.report_id, marks.detection_id
            self._refreshed = self._clock()
        if not first and marks.numbers and self._on_new_records is not None:
            self._on_new_records(marks.numbers)

    def add(self, number: str) -> None:
        self._numbers.add(number)


@dataclass(frozen=True, slots=True)
class NumberReport:
    info: NumberInfo
    reputation: Reputation

    def to_dict(self) -> dict[str, Any]:
        return {**describe_number(self.info), "reputation": self.reputation.to_dict()}


class NumberIntelligence:
    """Reputation of numbers from a report source, cached per number."""

    def __init__(
        self,
        source: ReportSource | None = None,
        *,
        registry: Registry | None = None,
        params: ReputationParams | None = None,
        cache_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.source = source
        self.registry = registry or load_registry()
        self.params = params or ReputationParams()
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._now = now
        self._cache: dict[str, tuple[float, Reputation]] = {}
        self._epoch = 0  # counts forgets, so a read that raced one is not cached
        self._lock = threading.Lock()
        self._index = (
            RecordIndex(source, cache_seconds, clock, self._forget) if source is not None else None
        )

    def reputation_of(self, info: NumberInfo) -> Reputation:
        key = info.e164
        if self.source is None or self._index is None or key not in self._index:
            if info.official is None:
                return unknown_reputation(key)
            return score_reputation(key, (), now=self._now(), official=info.official)
        stamp = self._clock()
        cached = self._cache.get(key)
        if cached is not None and stamp - cached[0] < MAX_CACHE_AGE_S:
            return cached[1]
        epoch = self._epoch
        found, seen = self.source.records_for(key)
        reputation = score_reputation(
            key,
            found,
            seen,
            now=self._now(),
            official=info.official,
            params=self.params,
        )
        with self._lock:
            if len(self._cache) > 200_000:
                self._cache.clear()  # bounded memory; a cold cache only costs a query
            # Records that arrived while we read may be missing from ``found``: whatever
            # was forgotten meanwhile is not cached, so the next lookup reads again.
            if self._epoch == epoch:
                self._cache[key] = (stamp, reputation)
        return reputation

    def invalidate(self, number: str) -> None:
        """Forget the cached reputation of ``number`` after a new report or detection."""
        if self._index is not None:
            self._index.add(number)
        self._forget({number})

    def _forget(self, numbers: set[str]) -> None:
        """``numbers`` have new records: their next lookup reads them again."""
        with self._lock:
            self._epoch += 1
            for number in numbers:
                self._cache.pop(number, None)

    def lookup(self, raw: str) -> NumberReport:
        info = parse_number(raw, registry=self.registry)
        return NumberReport(info, self.reputation_of(info))
