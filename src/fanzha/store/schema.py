"""Tables of the store, as SQLAlchemy Core metadata.

The metadata is the reference the migrations are checked against (a test runs
alembic's autogenerate comparison on both databases), so every change here
needs a new revision in ``migrations/versions``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from fanzha.store.limits import (
    MAX_CODE_CHARS,
    MAX_DETECTOR_CHARS,
    MAX_NUMBER_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
)

# Deterministic constraint and index names, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the value is
    stored as naive UTC text (fixed width, so it sorts and compares correctly)
    and marked UTC again when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to the store; use a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _id_column() -> Column[int]:
    # BIGINT on PostgreSQL (detections can outgrow 2**31); SQLite needs exactly
    # INTEGER for the column to alias the rowid and autoincrement.
    return Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)


_EVIDENCE_TYPE = JSON().with_variant(JSONB(), "postgresql")

reports = Table(
    "reports",
    metadata,
    _id_column(),
    Column("number", String(MAX_NUMBER_CHARS), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("category", String(64), nullable=False),
    Column("text", Text(), nullable=False),
    Column("reporter_hash", String(64), nullable=False),
    Column("source", String(MAX_SOURCE_CHARS), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    # Second line of defence behind fanzha.store.validate.
    CheckConstraint(f"length(text) <= {MAX_TEXT_CHARS}", name="text_length"),
    CheckConstraint("length(number) > 1", name="number_not_empty"),
    Index(None, "number", "created_at"),
    Index(None, "created_at"),
)

detections = Table(
    "detections",
    metadata,
    _id_column(),
    Column("number", String(MAX_NUMBER_CHARS), nullable=False),
    Column("detector", String(MAX_DETECTOR_CHARS), nullable=False),
    Column("code", String(MAX_CODE_CHARS), nullable=False),
    Column("score", Double(), nullable=False),
    Column("evidence", _EVIDENCE_TYPE, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
    Index(None, "number", "created_at"),
)

subscriber_policies = Table(
    "subscriber_policies",
    metadata,
    Column("msisdn", String(MAX_NUMBER_CHARS), primary_key=True),
    Column("allow_international_calls", Boolean(), nullable=False),
    Column("allow_international_sms", Boolean(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)
