"""Store: reports, detections and subscriber policies on SQLite or PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Integer, Row, Select, Table, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from fanzha.core import (
    ConfigError,
    FraudCategory,
    NewDetection,
    NewReport,
    ReportKind,
    Settings,
    StoredDetection,
    StoredReport,
    SubscriberPolicy,
)
from fanzha.store import migrate, validate
from fanzha.store.engine import WRITE, build_engine, parse_url, sqlite_path
from fanzha.store.errors import safe_url, translated
from fanzha.store.limits import (
    MAX_CODE_CHARS,
    MAX_DETECTOR_CHARS,
    MAX_REPORTER_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
)
from fanzha.store.schema import detections, reports, subscriber_policies

DEFAULT_BUSY_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class RecordMarks:
    numbers: set[str]
    report_id: int  # highest report id seen
    detection_id: int  # highest detection id seen


class Store:
    """Persistence of fanzha's records. Thread-safe; one per process.

    Every method runs in its own transaction and has committed (on SQLite:
    fsynced) when it returns. Database failures raise ``StoreError``; input the
    store refuses raises ``InvalidInputError``.
    """

    def __init__(self, url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        self._url = parse_url(url)
        self._busy_timeout = busy_timeout
        self._engine: Engine = build_engine(self._url, busy_timeout=busy_timeout)
        # An in-memory database lives in one shared connection (StaticPool), which
        # cannot hold two transactions at once: take turns.
        in_memory = self._url.get_backend_name() == "sqlite" and sqlite_path(self._url) is None
        self._turn: AbstractContextManager[Any] = threading.Lock() if in_memory else nullcontext()

    @classmethod
    def open(cls, settings: Settings, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT_S) -> Store:
        """The store named by ``settings.database_url``, creating SQLite's directory."""
        url = parse_url(settings.database_url)
        path = sqlite_path(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ConfigError(
                    f"cannot create the data directory {path.parent}: {error.strerror}"
                ) from error
        return cls(settings.database_url, busy_timeout=busy_timeout)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def __repr__(self) -> str:
        return f"Store({safe_url(self._url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection. The store reconnects if used again."""
        self._engine.dispose()

    # -- schema ---------------------------------------------------------------

    def upgrade(self) -> None:
        """Migrate the schema to the newest revision; a no-op when it is current.

        Safe at every start, also from several processes at once.
        """
        with self._turn, translated(self._url, self._busy_timeout):
            migrate.upgrade(self._engine)

    def schema_revision(self) -> str | None:
        """The database's migration revision (None before the first upgrade)."""
        with self._read() as connection:
            return migrate.current_revision(connection)

    def ping(self) -> None:
        """Raise StoreError unless the database answers (for health checks)."""
        with self._read() as connection:
            connection.execute(select(1)).scalar_one()

    # -- reports --------------------------------------------------------------

    def add_report(self, report: NewReport, *, salt: str) -> StoredReport:
        """Store one report; the reporter id is kept only as a salted hash."""
        return self.add_reports([report], salt=salt)[0]

    def add_reports(self, reports_: Iterable[NewReport], *, salt: str) -> list[StoredReport]:
        """Store reports in one transaction: all of them, or none if any is refused."""
        now = _now()
        rows = [_report_row(report, salt, now) for report in reports_]
        if not rows:
            return []
        statement = insert(reports).returning(reports.c.id, sort_by_parameter_order=True)
        with self._write() as connection:
            ids = connection.execute(statement, rows).scalars().all()
        return [_stored_report(row | {"id": id_}) for row, id_ in zip(rows, ids, strict=True)]

    def reports_for(
        self, number: str, *, since: datetime | None = None, limit: int = 10000
    ) -> list[StoredReport]:
        """Reports about ``number``, newest first, optionally only those at or after ``since``."""
        query, params = _about(reports, number, since, limit)
        with self._read() as connection:
            return [_stored_report(row._mapping) for row in connection.execute(query, params)]

    def recent_reports(self, limit: int = 50, offset: int = 0) -> list[StoredReport]:
        """All reports, newest first, one page at a time."""
        query = (
            select(reports)
            .order_by(reports.c.created_at.desc(), reports.c.id.desc())
            .limit(validate.count(limit, "limit"))
            .offset(validate.count(offset, "offset", maximum=2**62))
        )
        with self._read() as connection:
            return [_stored_report(row._mapping) for row in connection.execute(query)]

    def count_reports(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(reports)).scalar_one())

    def records_for(
        self, number: str, *, limit: int = 10000
    ) -> tuple[list[StoredReport], list[StoredDetection]]:
        """Reports and detections about ``number`` in one read (what reputation needs)."""
        report_query, params = _about(reports, number, None, limit)
        detection_query, _ = _about(detections, number, None, limit)
        with self._read() as connection:
            found = [
                _stored_report(row._mapping) for row in connection.execute(report_query, params)
            ]
            seen = [
                _stored_detection(row._mapping)
                for row in connection.execute(detection_query, params)
            ]
        return found, seen

    def numbers_with_records(
        self, *, after_report_id: int = 0, after_detection_id: int = 0
    ) -> RecordMarks:
        """Numbers with reports or detections newer than the given ids.

        Callers keep the answer as an in-memory index and ask again with the
        returned marks, so screening never queries for the many numbers nobody
        has reported.
        """
        numbers: set[str] = set()
        with self._read() as connection:
            report_mark = connection.execute(select(func.max(reports.c.id))).scalar_one()
            detection_mark = connection.execute(select(func.max(detections.c.id))).scalar_one()
            report_mark = int(report_mark or after_report_id)
            detection_mark = int(detection_mark or after_detection_id)
            for table, after, mark in (
                (reports, after_report_id, report_mark),
                (detections, after_detection_id, detection_mark),
            ):
                if mark > after:
                    query = select(table.c.number).where(table.c.id > after, table.c.id <= mark)
                    numbers.update(connection.execute(query.distinct()).scalars())
        return RecordMarks(numbers, report_mark, detection_mark)

    # -- detections -----------------------------------------------------------

    def add_detection(self, detection: NewDetection) -> StoredDetection:
        row = _detection_row(detection, _now())
        with self._write() as connection:
            statement = insert(detections).returning(detections.c.id)
            id_ = connection.execute(statement, row).scalar_one()
        return _stored_detection(row | {"id": id_})

    def detections_for(
        self, number: str, *, since: datetime | None = None, limit: int = 10000
    ) -> list[StoredDetection]:
        """Detections against ``number``, newest first."""
        query, params = _about(detections, number, since, limit)
        with self._read() as connection:
            return [_stored_detection(row._mapping) for row in connection.execute(query, params)]

    # -- subscriber policies ----------------------------------------------------

    def get_subscriber_policy(self, msisdn: str) -> SubscriberPolicy | None:
        """The subscriber's stored choices; None means the defaults apply."""
        params = {"msisdn": validate.number(msisdn, "msisdn")}
        with self._read() as connection:
            row = connection.execute(_POLICY_OF, params).one_or_none()
        return None if row is None else _policy(row)

    def set_subscriber_policy(self, policy: SubscriberPolicy) -> SubscriberPolicy:
        """Create or replace the subscriber's policy; ``updated_at`` defaults to now."""
        stored = SubscriberPolicy(
            msisdn=validate.number(policy.msisdn, "msisdn"),
            allow_international_calls=validate.boolean(
                policy.allow_international_calls, "allow_international_calls"
            ),
            allow_international_sms=validate.boolean(
                policy.allow_international_sms, "allow_international_sms"
            ),
            updated_at=validate.optional_timestamp(policy.updated_at, "updated_at") or _now(),
        )
        values = {column.name: getattr(stored, column.name) for column in subscriber_policies.c}
        upsert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = upsert(subscriber_policies).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[subscriber_policies.c.msisdn],
            set_={key: statement.excluded[key] for key in values if key != "msisdn"},
        )
        with self._write() as connection:
            connection.execute(statement)
        return stored

    def msisdns_with_policy(self, *, changed_after: datetime | None = None) -> set[str]:
        """Subscribers with a stored policy (changed after ``changed_after``, if given)."""
        query = select(subscriber_policies.c.msisdn)
        changed_after = validate.optional_timestamp(changed_after, "changed_after")
        if changed_after is not None:
            query = query.where(subscriber_policies.c.updated_at >= changed_after)
        with self._read() as connection:
            return set(connection.execute(query).scalars())

    # -- transactions -----------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with (
            self._turn,
            translated(self._url, self._busy_timeout),
            self._engine.begin() as connection,
        ):
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with (
            self._turn,
            translated(self._url, self._busy_timeout),
            self._engine.connect() as connection,
        ):
            connection.execution_options(**WRITE)
            with connection.begin():
                yield connection


def _about(
    table: Table, number: str, since: datetime | None, limit: int
) -> tuple[Select[Any], dict[str, Any]]:
    """Rows of ``table`` about ``number``, newest first, at or after ``since``: a statement
    built once (screening reads records on first sight of a reported number, and building
    the statement cost more than running it) and its parameters."""
    params: dict[str, Any] = {
        "number": validate.number(number),
        "limit": validate.count(limit, "limit"),
    }
    since = validate.optional_timestamp(since, "since")
    if since is None:
        return _RECORDS_OF[table.name], params
    return _RECORDS_SINCE[table.name], params | {"since": since}


def _records_of(table: Table, *, since: bool) -> Select[Any]:
    query = select(table).where(table.c.number == bindparam("number"))
    if since:
        query = query.where(table.c.created_at >= bindparam("since"))
    query = query.order_by(table.c.created_at.desc(), table.c.id.desc())
    return query.limit(bindparam("limit", type_=Integer))


_RECORDS_OF = {t.name: _records_of(t, since=False) for t in (reports, detections)}
_RECORDS_SINCE = {t.name: _records_of(t, since=True) for t in (reports, detections)}
_POLICY_OF = select(subscriber_policies).where(subscriber_policies.c.msisdn == bindparam("msisdn"))


def _now() -> datetime:
    return datetime.now(UTC)


def _report_row(report: NewReport, salt: str, now: datetime) -> dict[str, Any]:
    reporter = validate.text(report.reporter, "reporter", MAX_REPORTER_CHARS)
    return {
        "number": validate.number(report.number),
        "kind": validate.enum(report.kind, ReportKind, "kind").value,
        "category": validate.enum(report.category, FraudCategory, "category").value,
        "text": validate.text(report.text, "text", MAX_TEXT_CHARS),
        "reporter_hash": validate.hash_reporter(reporter, salt),
        "source": validate.text(report.source, "source", MAX_SOURCE_CHARS, required=True),
        "created_at": validate.optional_timestamp(report.created_at, "created_at") or now,
    }


def _stored_report(row: Any) -> StoredReport:
    return StoredReport(
        id=int(row["id"]),
        number=row["number"],
        kind=ReportKind(row["kind"]),
        category=FraudCategory(row["category"]),
        text=row["text"],
        reporter_hash=row["reporter_hash"],
        source=row["source"],
        created_at=row["created_at"],
    )


def _detection_row(detection: NewDetection, now: datetime) -> dict[str, Any]:
    return {
        "number": validate.number(detection.number),
        "detector": validate.text(
            detection.detector, "detector", MAX_DETECTOR_CHARS, required=True
        ),
        "code": validate.text(detection.code, "code", MAX_CODE_CHARS, required=True),
        "score": validate.score(detection.score),
        "evidence": validate.evidence(detection.evidence),
        "created_at": validate.optional_timestamp(detection.created_at, "created_at") or now,
    }


def _stored_detection(row: Any) -> StoredDetection:
    return StoredDetection(
        id=int(row["id"]),
        number=row["number"],
        detector=row["detector"],
        code=row["code"],
        score=float(row["score"]),
        evidence=dict(row["evidence"]),
        created_at=row["created_at"],
    )


def _policy(row: Row[Any]) -> SubscriberPolicy:
    return SubscriberPolicy(
        msisdn=row.msisdn,
        allow_international_calls=bool(row.allow_international_calls),
        allow_international_sms=bool(row.allow_international_sms),
        updated_at=row.updated_at,
    )
