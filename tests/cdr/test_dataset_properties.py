"""Property tests for the Parquet / CSV import: valid data round-trips, one bad cell is
found at its row and column, and arbitrary text never escapes as anything but a
fanzha error."""

from __future__ import annotations

import csv
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.cdr.dataset import load_dataset
from fanzha.cdr.schema import CDR, arrow_schema
from fanzha.core import InvalidInputError

from .helpers import line

SUBS = [line("+8613800000001"), line("+8613800000002")]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True)
times = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
).map(lambda t: t.replace(microsecond=0))
rows = st.fixed_dictionaries(
    {
        "caller": numbers,
        "callee": numbers,
        "start_time": times,
        "duration_s": st.integers(0, 86_400),
        "direction": st.sampled_from(["in", "out"]),
        "cell_id": st.none() | st.text("0123456789-", min_size=1, max_size=12),
        "imei": st.none() | st.from_regex(r"[0-9]{15}", fullmatch=True),
        "ingress": st.sampled_from(["domestic", "international", "voip"]),
        "forwarded_to": st.none() | numbers,
    }
)
tables = st.lists(rows, min_size=1, max_size=30).map(
    lambda r: pa.Table.from_pylist(r, schema=arrow_schema("cdr"))
)


def _folder(tmp: str) -> Path:
    folder = Path(tmp)
    pq.write_table(
        pa.Table.from_pylist(SUBS, schema=arrow_schema("subscribers")),
        folder / "subscribers.parquet",
    )
    pq.write_table(arrow_schema("sms").empty_table(), folder / "sms.parquet")
    return folder


@SETTINGS
@given(table=tables, fmt=st.sampled_from(["parquet", "csv"]))
def test_valid_tables_load_and_round_trip(table: pa.Table, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder(tmp)
        if fmt == "parquet":
            pq.write_table(table, folder / "cdr.parquet")
        else:
            pacsv.write_csv(table, folder / "cdr.csv")
        data = load_dataset(folder, now=datetime(2031, 1, 1, tzinfo=UTC))
        try:
            stored = pq.read_table(data.paths["cdr"][0])
            assert stored.equals(table)
            assert data.rows["cdr"] == table.num_rows
        finally:
            data.close()


CORRUPTIONS: dict[str, tuple[str, Any, str]] = {
    # kind: (column, bad value, expected code)
    "negative": ("duration_s", -7, "CDR.NEGATIVE_DURATION"),
    "too_long": ("duration_s", 100_000, "CDR.OUT_OF_RANGE"),
    "too_old": ("start_time", datetime(1990, 1, 1, tzinfo=UTC), "CDR.OUT_OF_RANGE"),
    "future": ("start_time", datetime(2100, 1, 1, tzinfo=UTC), "CDR.OUT_OF_RANGE"),
    "direction": ("direction", "both", "CDR.BAD_VALUE"),
    "ingress": ("ingress", "carrier-pigeon", "CDR.BAD_VALUE"),
    "caller": ("caller", "13800000000", "CDR.BAD_NUMBER"),
    "forwarded": ("forwarded_to", "+0", "CDR.BAD_NUMBER"),
    "missing": ("callee", None, "CDR.NULL_VALUE"),
}


@SETTINGS
@given(
    table=tables,
    kind=st.sampled_from(sorted(CORRUPTIONS)),
    where=st.floats(0, 0.999),
    fmt=st.sampled_from(["parquet", "csv"]),
)
def test_one_bad_cell_is_named_by_row_and_column(
    table: pa.Table, kind: str, where: float, fmt: str
) -> None:
    column, value, code = CORRUPTIONS[kind]
    row = int(where * table.num_rows)
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    field = table.schema.field(column).with_nullable(True)
    bad = table.set_column(index, field, pa.array(values, field.type))
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder(tmp)
        if fmt == "parquet":
            pq.write_table(bad, folder / "cdr.parquet")
        else:
            pacsv.write_csv(bad, folder / "cdr.csv")
        try:
            load_dataset(folder, now=datetime(2031, 1, 1, tzinfo=UTC)).close()
        except InvalidInputError as err:
            assert err.code == code, err.message
            assert err.details["table"] == "cdr" and err.details["column"] == column
            assert err.details["row"] == row + 1
            if fmt == "csv":
                assert err.details["line"] == row + 2
            assert f"cdr.{column}, row {row + 1}" in err.message
        else:
            raise AssertionError(f"{kind} at row {row + 1} was accepted")


cell_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["", "-1", "1e3", "2026-01-05", "2026-13-45 25:61:00", "+86", "in", "NULL", "\u3000"]
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.lists(cell_text, min_size=len(CDR), max_size=len(CDR)), min_size=1, max_size=5
    )
)
def test_arbitrary_csv_text_loads_or_fails_cleanly(cells: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder(tmp)
        with (folder / "cdr.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in CDR])
            writer.writerows(cells)
        try:
            load_dataset(folder).close()
        except InvalidInputError as err:
            assert err.code.startswith("CDR.")
            assert err.message


def test_activation_dates_are_checked() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _folder(tmp)
        subs = [*SUBS, line("+8613800000003", activation_date=date(1970, 1, 1))]
        pq.write_table(
            pa.Table.from_pylist(subs, schema=arrow_schema("subscribers")),
            folder / "subscribers.parquet",
        )
        rows_ = [
            dict(
                zip(
                    arrow_schema("cdr").names,
                    [
                        "+8613800000001",
                        "+8613800000002",
                        datetime(2026, 1, 5, tzinfo=UTC) + timedelta(0),
                        5,
                        "out",
                        None,
                        None,
                        "domestic",
                        None,
                    ],
                    strict=True,
                )
            )
        ]
        pq.write_table(
            pa.Table.from_pylist(rows_, schema=arrow_schema("cdr")), folder / "cdr.parquet"
        )
        try:
            load_dataset(folder).close()
        except InvalidInputError as err:
            assert (err.details["table"], err.details["column"], err.details["row"]) == (
                "subscribers",
                "activation_date",
                3,
            )
        else:
            raise AssertionError("1970 activation accepted")
