"""Import and check a CDR data set (Parquet or CSV) before any engine reads it.

A data set is a directory with one file per table: ``subscribers``, ``cdr``,
``sms`` (optional) and ``truth`` (only for evaluation), each as
``<table>.parquet``, ``<table>.csv`` or a directory ``<table>/`` of Parquet parts.

What is checked, and what happens
---------------------------------
Every problem below stops the import with ``InvalidInputError`` (code
``CDR.INVALID_INPUT`` or a more precise ``CDR.*`` code) whose message names the
table, the column and the first offending row (1-based, counting data rows; for
CSV the file line is in ``details``), and the value:

* a missing file or a missing column;
* a value that does not parse as the column's type (text in ``duration_s``, a
  malformed timestamp or date, a fractional duration);
* a null where the column does not allow one;
* a value outside a closed vocabulary (``direction``, ``ingress``,
  ``line_type``, ``real_name``, ``role``);
* a phone number that is not E.164 (``+`` then 6 to 15 digits);
* a negative duration or one longer than a day;
* a timestamp before 2000-01-01 or more than a day in the future, an activation
  date outside the same range;
* an empty ``subscribers`` or ``cdr`` table;
* two ``subscribers`` rows for one ``msisdn`` that disagree.

Documented cleaning (never silent: counted in ``Dataset.cleaning``):

* extra columns are ignored;
* exact duplicate records (every column equal, as when a switch re-delivers a
  file) are dropped by the engines before any feature is computed;
* naive timestamps are taken as UTC; integer columns of any width and whole
  floating-point numbers are accepted;
* records whose served party is not in ``subscribers`` are kept for the
  network-wide features (fan-out of a caller) but get no score of their own.

Files whose types already match the schema are read in place; others (CSV,
other types) are converted once to Parquet in a work directory.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]
import pyarrow.csv as pacsv  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.schema import TABLES, TS, Column, arrow_schema
from fanzha.core import InvalidInputError


class CdrInputError(InvalidInputError):
    """A CDR data set that cannot be used as it is."""

    code = "CDR.INVALID_INPUT"


E164 = r"^\+[1-9][0-9]{5,14}$"
PHONE_COLUMNS: dict[str, tuple[str, ...]] = {
    "subscribers": ("msisdn",),
    "cdr": ("caller", "callee", "forwarded_to"),
    "sms": ("sender", "recipient"),
    "truth": ("entity",),
}
MIN_TIME = datetime(2000, 1, 1, tzinfo=UTC)
MAX_DURATION_S = 86_400
REQUIRED = ("subscribers", "cdr")
BATCH_ROWS = 1_000_000


@dataclass(slots=True)
class Dataset:
    """A checked data set: where each table's Parquet is, and what was cleaned."""

    root: Path
    paths: dict[str, list[Path]]
    rows: dict[str, int]
    cleaning: list[str] = field(default_factory=list)
    workdir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def has_truth(self) -> bool:
        return "truth" in self.paths

    def files(self, table: str) -> list[str]:
        return [str(p) for p in self.paths[table]]

    def location(self, table: str) -> str:
        """One path for engines that take a file or a directory of parts (Spark)."""
        files = self.paths[table]
        return str(files[0] if len(files) == 1 else files[0].parent)

    def close(self) -> None:
        if self.workdir is not None:
            self.workdir.cleanup()
            self.workdir = None


def _bad(
    table: str, column: str, row: int | None, problem: str, value: Any = None, **details: Any
) -> CdrInputError:
    where = f"{table}.{column}" + (f", row {row}" if row is not None else "")
    shown = "" if value is None else f": {str(value)[:80]!r}"
    code = details.pop("code", "CDR.INVALID_INPUT")
    info = {"table": table, "column": column, "row": row, **details}
    if value is not None:
        info["value"] = str(value)[:80]
    return CdrInputError(f"{where}: {problem}{shown}", code=code, details=info)


def _locate(root: Path, table: str) -> tuple[str, list[Path]] | None:
    parquet, csv, folder = root / f"{table}.parquet", root / f"{table}.csv", root / table
    if parquet.is_file():
        return "parquet", [parquet]
    if csv.is_file():
        return "csv", [csv]
    if folder.is_dir():
        parts = sorted(folder.glob("*.parquet"))
        if parts:
            return "parquet", parts
    return None


def load_dataset(
    root: str | Path,
    *,
    tables: tuple[str, ...] = ("subscribers", "cdr", "sms"),
    now: datetime | None = None,
) -> Dataset:
    """Check every table in ``tables`` under ``root``; see the module doc for the rules."""
    base = Path(root)
    if not base.is_dir():
        raise CdrInputError(
            f"input directory {base} does not exist",
            code="CDR.INPUT_MISSING",
            details={"path": str(base)},
        )
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    data = Dataset(root=base, paths={}, rows={})
    try:
        _load_tables(data, base, tables, latest)
    except BaseException:
        data.close()
        raise
    return data


def _load_tables(data: Dataset, base: Path, tables: tuple[str, ...], latest: datetime) -> None:
    for table in tables:
        found = _locate(base, table)
        if found is None:
            if table in REQUIRED or table == "truth":
                raise CdrInputError(
                    f"{table}: no {table}.parquet, {table}.csv or {table}/ in {base}",
                    code="CDR.INPUT_MISSING",
                    details={"table": table, "path": str(base)},
                )
            data.cleaning.append(f"{table}: absent, treated as empty")
            _write_empty(data, table)
            continue
        kind, files = found
        _check_table(data, table, kind, files, latest)


def _workdir(data: Dataset) -> Path:
    if data.workdir is None:
        data.workdir = tempfile.TemporaryDirectory(prefix="fanzha-cdr-")
    return Path(data.workdir.name)


def _write_empty(data: Dataset, table: str) -> None:
    path = _workdir(data) / f"{table}.parquet"
    pq.write_table(arrow_schema(table).empty_table(), path)
    data.paths[table] = [path]
    data.rows[table] = 0


def _batches(kind: str, path: Path, table: str) -> Iterator[pa.RecordBatch]:
    if kind == "csv":
        names = [c.name for c in TABLES[table]]
        try:
            header = pacsv.open_csv(path).schema.names
        except (pa.ArrowInvalid, OSError) as exc:
            raise CdrInputError(
                f"{table}: cannot read {path.name} as CSV: {exc}",
                details={"table": table, "file": path.name},
            ) from None
        types = {n: pa.string() for n in header if n in names}
        convert = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=64 << 20), convert_options=convert
        )
        try:
            yield from reader
        except pa.ArrowInvalid as exc:
            raise CdrInputError(
                f"{table}: {path.name} is not valid CSV: {exc}",
                details={"table": table, "file": path.name},
            ) from None
        return
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CdrInputError(
            f"{table}: cannot read {path.name} as Parquet: {exc}",
            details={"table": table, "file": path.name},
        ) from None
    yield from parquet.iter_batches(batch_size=BATCH_ROWS)


def _schema_of(kind: str, path: Path, table: str) -> pa.Schema:
    if kind == "csv":
        return None
    try:
        return pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CdrInputError(
            f"{table}: cannot read {path.name} as Parquet: {exc}",
            details={"table": table, "file": path.name},
        ) from None


def _check_table(data: Dataset, table: str, kind: str, files: list[Path], latest: datetime) -> None:
    columns = TABLES[table]
    target = arrow_schema(table)
    needs_copy = kind == "csv"
    for path in files:
        schema = _schema_of(kind, path, table)
        if schema is not None:
            missing = [c.name for c in columns if c.name not in schema.names]
            if missing:
                raise _bad(
                    table,
                    missing[0],
                    None,
                    "column is missing",
                    file=path.name,
                    code="CDR.MISSING_COLUMN",
                )
            if [schema.field(c.name).type for c in columns] != [c.type for c in columns]:
                needs_copy = True
            if len(schema.names) != len(columns):
                data.cleaning.append(f"{table}: extra columns ignored in {path.name}")
                needs_copy = True
    writer = None
    out_path = _workdir(data) / f"{table}.parquet" if needs_copy else None
    offset = 0
    kept: list[pa.RecordBatch] = []
    try:
        for path in files:
            for batch in _batches(kind, path, table):
                if kind == "csv" and offset == 0:
                    missing = [c.name for c in columns if c.name not in batch.schema.names]
                    if missing:
                        raise _bad(
                            table,
                            missing[0],
                            None,
                            "column is missing",
                            file=path.name,
                            code="CDR.MISSING_COLUMN",
                        )
                clean = _check_batch(table, batch, offset, latest, kind, path)
                if table == "subscribers":
                    kept.append(clean)
                if writer is None and out_path is not None:
                    writer = pq.ParquetWriter(out_path, target)
                if writer is not None:
                    writer.write_table(pa.Table.from_batches([clean], schema=target))
                offset += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    _check_subscriber_keys(kept)
    if offset == 0 and table in REQUIRED:
        raise CdrInputError(
            f"{table} is empty: nothing to analyse",
            code="CDR.EMPTY_INPUT",
            details={"table": table},
        )
    if needs_copy:
        if writer is None:  # empty CSV
            assert out_path is not None
            pq.write_table(target.empty_table(), out_path)
        data.paths[table] = [out_path] if out_path is not None else files
        if kind != "csv":
            data.cleaning.append(f"{table}: converted to the canonical column types")
    else:
        data.paths[table] = files
    data.rows[table] = offset


def _first(mask: pa.Array) -> int | None:
    """Index of the first true value of a boolean array (nulls count as false)."""
    filled = pc.fill_null(mask, False)
    if not pc.any(filled).as_py():
        return None
    return int(pc.index(filled, True).as_py())


def _row_details(kind: str, path: Path, row: int) -> dict[str, Any]:
    details: dict[str, Any] = {"file": path.name}
    if kind == "csv":
        details["line"] = row + 1  # the header is line 1
    return details


def _check_batch(
    table: str, batch: pa.RecordBatch, offset: int, latest: datetime, kind: str, path: Path
) -> pa.RecordBatch:
    arrays = []
    for col in TABLES[table]:
        raw = batch.column(batch.schema.get_field_index(col.name))
        arr = _convert(table, col, raw, offset, kind, path)
        row = _first(pc.is_null(arr)) if not col.nullable else None
        if row is not None:
            n = offset + row + 1
            raise _bad(
                table,
                col.name,
                n,
                "value is missing",
                code="CDR.NULL_VALUE",
                **_row_details(kind, path, n),
            )
        if col.allowed:
            bad = pc.invert(pc.is_in(arr, value_set=pa.array(list(col.allowed))))
            row = _first(pc.and_(bad, pc.is_valid(arr)))
            if row is not None:
                n = offset + row + 1
                raise _bad(
                    table,
                    col.name,
                    n,
                    f"must be one of {', '.join(col.allowed)}",
                    arr[row].as_py(),
                    code="CDR.BAD_VALUE",
                    **_row_details(kind, path, n),
                )
        if col.name in PHONE_COLUMNS.get(table, ()):
            bad = pc.invert(pc.match_substring_regex(arr, E164))
            row = _first(bad)
            if row is not None:
                n = offset + row + 1
                raise _bad(
                    table,
                    col.name,
                    n,
                    "is not an E.164 number (+ and 6 to 15 digits)",
                    arr[row].as_py(),
                    code="CDR.BAD_NUMBER",
                    **_row_details(kind, path, n),
                )
        if col.name == "duration_s":
            row = _first(pc.less(arr, 0))
            if row is not None:
                n = offset + row + 1
                raise _bad(
                    table,
                    col.name,
                    n,
                    "duration is negative",
                    arr[row].as_py(),
                    code="CDR.NEGATIVE_DURATION",
                    **_row_details(kind, path, n),
                )
            row = _first(pc.greater(arr, MAX_DURATION_S))
            if row is not None:
                n = offset + row + 1
                raise _bad(
                    table,
                    col.name,
                    n,
                    "duration is longer than a day",
                    arr[row].as_py(),
                    code="CDR.OUT_OF_RANGE",
                    **_row_details(kind, path, n),
                )
        if col.type == TS or col.type == pa.date32():
            lo = (
                pa.scalar(MIN_TIME, TS)
                if col.type == TS
                else pa.scalar(MIN_TIME.date(), pa.date32())
            )
            hi = pa.scalar(latest, TS) if col.type == TS else pa.scalar(latest.date(), pa.date32())
            row = _first(pc.or_(pc.less(arr, lo), pc.greater(arr, hi)))
            if row is not None:
                n = offset + row + 1
                raise _bad(
                    table,
                    col.name,
                    n,
                    f"is outside {MIN_TIME.date()} .. {latest.date()}",
                    arr[row].as_py(),
                    code="CDR.OUT_OF_RANGE",
                    **_row_details(kind, path, n),
                )
        arrays.append(arr)
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema(table))


_INT = re.compile(r"^\s*[-+]?[0-9]+\s*$")


def _convert(
    table: str, col: Column, raw: pa.Array, offset: int, kind: str, path: Path
) -> pa.Array:
    """Cast ``raw`` to the column's type, naming the first row that does not fit."""
    if isinstance(raw, pa.ChunkedArray):
        raw = raw.combine_chunks()
    if pa.types.is_dictionary(raw.type):
        raw = raw.dictionary_decode()
    target = col.type

    def fail(mask: pa.Array, problem: str) -> CdrInputError:
        row = _first(mask)
        assert row is not None
        n = offset + row + 1
        return _bad(
            table,
            col.name,
            n,
            problem,
            raw[row].as_py(),
            code="CDR.BAD_TYPE",
            **_row_details(kind, path, n),
        )

    if raw.type == target:
        return raw
    if pa.types.is_null(raw.type):
        return pa.nulls(len(raw), target)
    if pa.types.is_string(target):
        if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
            return raw.cast(pa.string())
        if pa.types.is_integer(raw.type) and col.name not in PHONE_COLUMNS.get(table, ()):
            return raw.cast(pa.string())
        raise _bad(table, col.name, None, f"expected text, got {raw.type}", code="CDR.BAD_TYPE")
    if pa.types.is_integer(target):
        if pa.types.is_integer(raw.type):
            big = pc.or_(pc.less(raw, -(2**31)), pc.greater(raw, 2**31 - 1))
            if _first(big) is not None:
                raise fail(big, "integer out of range")
            return raw.cast(target)
        if pa.types.is_floating(raw.type):
            frac = pc.not_equal(raw, pc.floor(raw))
            if _first(frac) is not None:
                raise fail(frac, "expected a whole number of seconds")
            big = pc.or_(pc.less(raw, -(2**31)), pc.greater(raw, 2**31 - 1))
            if _first(big) is not None:
                raise fail(big, "integer out of range")
            return raw.cast(target)
        if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
            text = raw.cast(pa.string())
            ok = pc.match_substring_regex(text, _INT.pattern)
            bad = pc.and_(pc.invert(ok), pc.is_valid(text))
            if _first(bad) is not None:
                raise fail(bad, "expected an integer")
            trimmed = pc.utf8_trim_whitespace(text)
            as_int = trimmed.cast(pa.int64())
            big = pc.or_(pc.less(as_int, -(2**31)), pc.greater(as_int, 2**31 - 1))
            if _first(big) is not None:
                raise fail(big, "integer out of range")
            return as_int.cast(target)
        raise _bad(
            table, col.name, None, f"expected an integer, got {raw.type}", code="CDR.BAD_TYPE"
        )
    if target == TS:
        if pa.types.is_timestamp(raw.type):
            if raw.type.tz is None:
                return pc.assume_timezone(raw, "UTC").cast(TS)
            return raw.cast(TS)
        if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
            return _parse_timestamps(raw.cast(pa.string()), fail)
        raise _bad(
            table, col.name, None, f"expected a timestamp, got {raw.type}", code="CDR.BAD_TYPE"
        )
    if target == pa.date32():
        if pa.types.is_date(raw.type):
            return raw.cast(target)
        if pa.types.is_timestamp(raw.type):
            return raw.cast(pa.date32())
        if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
            text = raw.cast(pa.string())
            parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
            bad = pc.and_(pc.is_null(parsed), pc.is_valid(text))
            if _first(bad) is not None:
                raise fail(bad, "expected a date YYYY-MM-DD")
            return parsed.cast(pa.date32())
        raise _bad(table, col.name, None, f"expected a date, got {raw.type}", code="CDR.BAD_TYPE")
    if pa.types.is_integer(target):  # pragma: no cover - covered above
        return raw.cast(target)
    raise AssertionError(f"unhandled column type {target}")  # pragma: no cover


_TS_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)


def _parse_timestamps(text: pa.Array, fail: Any) -> pa.Array:
    """ISO 8601 text (``2026-01-05 08:30:00``, optional ``T``, offset and fraction); naive = UTC."""
    # Drop fractional seconds and normalise a trailing Z / +hh:mm offset for strptime.
    norm = pc.replace_substring_regex(text, r"\.[0-9]+", "")
    norm = pc.replace_substring_regex(norm, r"Z$", "+0000")
    norm = pc.replace_substring_regex(norm, r"([+-][0-9]{2}):([0-9]{2})$", r"\1\2")
    result = None
    for fmt in _TS_FORMATS:
        parsed = pc.strptime(norm, format=fmt, unit="us", error_is_null=True)
        if parsed.type.tz is None:
            parsed = pc.assume_timezone(parsed, "UTC")
        parsed = parsed.cast(TS)
        result = parsed if result is None else pc.coalesce(result, parsed)
    assert result is not None
    bad = pc.and_(pc.is_null(result), pc.is_valid(text))
    if _first(bad) is not None:
        raise fail(bad, "expected an ISO 8601 timestamp")
    return result


def _check_subscriber_keys(batches: list[pa.RecordBatch]) -> None:
    """Two rows for one msisdn must agree (exact copies are dropped by the engines)."""
    if not batches:
        return
    table = pa.Table.from_batches(batches)
    table = table.append_column("__row", pa.array(range(table.num_rows), pa.int64()))
    keys = [c.name for c in TABLES["subscribers"]]
    distinct = table.group_by(keys, use_threads=False).aggregate([("__row", "min")])
    per_number = distinct.group_by("msisdn", use_threads=False).aggregate(
        [("__row_min", "max"), ("__row_min", "count")]
    )
    clashes = per_number.filter(pc.greater(per_number["__row_min_count"], 1))
    if clashes.num_rows:
        first = pc.min(clashes["__row_min_max"]).as_py()
        number = table["msisdn"][first].as_py()
        raise _bad(
            "subscribers",
            "msisdn",
            first + 1,
            "appears twice with different attributes",
            number,
            code="CDR.DUPLICATE_KEY",
        )
