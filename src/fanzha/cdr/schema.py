"""The four tables of a CDR data set: names, columns, types and allowed values.

One source of truth for the simulator (which writes them), the importer (which
checks them) and the features (which read them). Phone numbers are E.164
strings (``+8613812345678``); timestamps are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.vocab import (
    FRAUD_ROLES,
    ROLES,
    Direction,
    Ingress,
    LineType,
    RealName,
    Role,
)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool = False
    allowed: tuple[str, ...] = ()  # closed vocabulary for string columns
    help: str = ""


TS = pa.timestamp("us", tz="UTC")

SUBSCRIBERS: tuple[Column, ...] = (
    Column("msisdn", pa.string(), help="E.164 number of the line"),
    Column("imsi", pa.string(), nullable=True, help="IMSI of the SIM (null for fixed lines)"),
    Column("imei", pa.string(), nullable=True, help="registered handset IMEI, if any"),
    Column("carrier", pa.string(), help="operator or virtual operator that sold the line"),
    Column("line_type", pa.string(), allowed=tuple(LineType), help="kind of line"),
    Column("activation_date", pa.date32(), help="day the line was activated"),
    Column("region", pa.string(), help="province code where the line was sold"),
    Column("real_name", pa.string(), allowed=tuple(RealName), help="real-name status"),
)

CDR: tuple[Column, ...] = (
    Column("caller", pa.string(), help="calling number, E.164"),
    Column("callee", pa.string(), help="called number, E.164"),
    Column("start_time", TS, help="call set-up time, UTC"),
    Column("duration_s", pa.int32(), help="conversation seconds, 0 when unanswered"),
    Column("direction", pa.string(), allowed=tuple(Direction), help="leg of the served party"),
    Column("cell_id", pa.string(), nullable=True, help="serving cell (null for fixed lines)"),
    Column("imei", pa.string(), nullable=True, help="handset of the served party"),
    Column("ingress", pa.string(), allowed=tuple(Ingress), help="trunk the call came in by"),
    Column("forwarded_to", pa.string(), nullable=True, help="number the call was forwarded to"),
)

SMS: tuple[Column, ...] = (
    Column("sender", pa.string(), help="sending number (or short code), E.164"),
    Column("recipient", pa.string(), help="receiving number, E.164"),
    Column("sent_at", TS, help="submission time, UTC"),
    Column("direction", pa.string(), allowed=tuple(Direction), help="leg of the served party"),
    Column("ingress", pa.string(), allowed=tuple(Ingress), help="trunk the message came in by"),
)

TRUTH: tuple[Column, ...] = (
    Column("entity", pa.string(), help="msisdn the row is about"),
    Column("role", pa.string(), allowed=tuple(Role), help="ground-truth role"),
    Column("ring_id", pa.int32(), nullable=True, help="fraud ring (den) the entity belongs to"),
    Column("segment", pa.string(), help="simulated population segment (for error analysis)"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "subscribers": SUBSCRIBERS,
    "cdr": CDR,
    "sms": SMS,
    "truth": TRUTH,
}

# Natural keys: two records with the same key are the same record (duplicates).
KEYS: dict[str, tuple[str, ...]] = {
    "subscribers": ("msisdn",),
    "cdr": ("caller", "callee", "start_time", "direction"),
    "sms": ("sender", "recipient", "sent_at", "direction"),
    "truth": ("entity",),
}


__all__ = [
    "CDR",
    "FRAUD_ROLES",
    "KEYS",
    "ROLES",
    "SMS",
    "SUBSCRIBERS",
    "TABLES",
    "TRUTH",
    "TS",
    "Column",
    "Direction",
    "Ingress",
    "LineType",
    "RealName",
    "Role",
    "arrow_schema",
]


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in TABLES[table]])
