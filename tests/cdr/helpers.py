"""Tiny hand-written data sets for exact feature checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from fanzha.cdr.schema import arrow_schema

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # 10:00 in China


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def line(msisdn: str, **kw: Any) -> dict[str, Any]:
    row = {
        "msisdn": msisdn,
        "imsi": "460001234567890",
        "imei": None,
        "carrier": "china_mobile",
        "line_type": "personal_mobile",
        "activation_date": date(2024, 1, 1),
        "region": "GD",
        "real_name": "verified",
    }
    row.update(kw)
    return row


def call(
    caller: str,
    callee: str,
    hours: float,
    dur: int,
    direction: str,
    *,
    cell: str | None = "C1",
    imei: str | None = None,
    ingress: str = "domestic",
    fwd: str | None = None,
) -> dict[str, Any]:
    return {
        "caller": caller,
        "callee": callee,
        "start_time": at(hours),
        "duration_s": dur,
        "direction": direction,
        "cell_id": cell,
        "imei": imei,
        "ingress": ingress,
        "forwarded_to": fwd,
    }


def both_legs(caller: str, callee: str, hours: float, dur: int, **kw: Any) -> list[dict[str, Any]]:
    """An on-net call: the caller's out leg and the callee's in leg."""
    return [call(caller, callee, hours, dur, "out", **kw), call(caller, callee, hours, dur, "in")]


def sms(sender: str, recipient: str, hours: float, direction: str) -> dict[str, Any]:
    return {
        "sender": sender,
        "recipient": recipient,
        "sent_at": at(hours),
        "direction": direction,
        "ingress": "domestic",
    }


def write(folder: Path, **tables: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        table = pa.Table.from_pylist(rows, schema=arrow_schema(name))
        pq.write_table(table, folder / f"{name}.parquet")
    return folder
