"""Reports, detections and subscriber policies.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal values, not imports from fanzha.store.limits: a migration must keep
# meaning what it meant when it was written.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_NUMBER = sa.String(32)
_TIMESTAMP = sa.DateTime(timezone=True)  # fanzha.store.schema.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", _ID, nullable=False),
        sa.Column("number", _NUMBER, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reporter_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint("length(text) <= 4000", name=op.f("ck_reports_text_length")),
        sa.CheckConstraint("length(number) > 1", name=op.f("ck_reports_number_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_number_created_at"), "reports", ["number", "created_at"])
    op.create_index(op.f("ix_reports_created_at"), "reports", ["created_at"])

    op.create_table(
        "detections",
        sa.Column("id", _ID, nullable=False),
        sa.Column("number", _NUMBER, nullable=False),
        sa.Column("detector", sa.String(64), nullable=False),
        sa.Column("code", sa.String(128), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_detections_score_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detections")),
    )
    op.create_index(op.f("ix_detections_number_created_at"), "detections", ["number", "created_at"])

    op.create_table(
        "subscriber_policies",
        sa.Column("msisdn", _NUMBER, nullable=False),
        sa.Column("allow_international_calls", sa.Boolean(), nullable=False),
        sa.Column("allow_international_sms", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("msisdn", name=op.f("pk_subscriber_policies")),
    )


def downgrade() -> None:
    op.drop_table("subscriber_policies")
    op.drop_index(op.f("ix_detections_number_created_at"), table_name="detections")
    op.drop_table("detections")
    op.drop_index(op.f("ix_reports_created_at"), table_name="reports")
    op.drop_index(op.f("ix_reports_number_created_at"), table_name="reports")
    op.drop_table("reports")
