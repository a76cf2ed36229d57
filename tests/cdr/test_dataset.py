"""Bad input: a clear error naming table, column and row, or documented cleaning."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from fanzha.cdr.dataset import load_dataset
from fanzha.cdr.schema import arrow_schema
from fanzha.core import InvalidInputError

from .helpers import both_legs, call, line, write

A, B = "+8613800000001", "+8613800000002"


def good_rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "subscribers": [line(A), line(B)],
        "cdr": [
            *both_legs(A, B, 0, 60),
            *both_legs(B, A, 1, 30),
            call(A, "+8618600000000", 2, 5, "out"),
        ],
        "sms": [],
    }


def load_error(folder: Path) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as err:
        load_dataset(folder).close()
    return err.value


def write_cdr(tmp_path: Path, table: pa.Table, fmt: str = "parquet") -> Path:
    folder = write(tmp_path / "d", subscribers=good_rows()["subscribers"], sms=[])
    if fmt == "parquet":
        pq.write_table(table, folder / "cdr.parquet")
    else:
        pacsv.write_csv(table, folder / "cdr.csv")
    return folder


def cdr_table(**changes: list[Any]) -> pa.Table:
    table = pa.Table.from_pylist(good_rows()["cdr"], schema=arrow_schema("cdr"))
    for name, values in changes.items():
        column = pa.array(values)
        index = table.schema.get_field_index(name)
        table = table.set_column(index, pa.field(name, column.type), column)
    return table


def test_good_data_loads_in_place(tmp_path: Path) -> None:
    folder = write(tmp_path / "ok", **good_rows())
    data = load_dataset(folder)
    assert data.rows == {"subscribers": 2, "cdr": 5, "sms": 0}
    assert data.paths["cdr"] == [folder / "cdr.parquet"]  # read in place, no copy
    assert data.cleaning == []
    data.close()


def test_missing_column(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table().drop_columns(["duration_s"])))
    assert err.code == "CDR.MISSING_COLUMN"
    assert err.details["table"] == "cdr" and err.details["column"] == "duration_s"
    assert "cdr.duration_s" in err.message


def test_missing_table_and_missing_directory(tmp_path: Path) -> None:
    folder = write(tmp_path / "nocdr", subscribers=good_rows()["subscribers"])
    assert load_error(folder).code == "CDR.INPUT_MISSING"
    assert load_error(tmp_path / "nowhere").code == "CDR.INPUT_MISSING"


def test_sms_may_be_absent(tmp_path: Path) -> None:
    rows = good_rows()
    folder = write(tmp_path / "nosms", subscribers=rows["subscribers"], cdr=rows["cdr"])
    data = load_dataset(folder)
    assert data.rows["sms"] == 0 and "sms: absent, treated as empty" in data.cleaning
    data.close()


def test_wrong_type_names_the_row(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(duration_s=["60", "60", "30", "thirty", "5"])))
    assert err.code == "CDR.BAD_TYPE"
    assert (err.details["column"], err.details["row"], err.details["value"]) == (
        "duration_s",
        4,
        "thirty",
    )


def test_fractional_duration(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(duration_s=[60.0, 60.0, 30.5, 30.0, 5.0])))
    assert (err.code, err.details["row"]) == ("CDR.BAD_TYPE", 3)


def test_whole_float_and_int64_durations_are_accepted(tmp_path: Path) -> None:
    folder = write_cdr(tmp_path, cdr_table(duration_s=[60.0, 60.0, 30.0, 30.0, 5.0]))
    data = load_dataset(folder)
    assert data.rows["cdr"] == 5
    assert "cdr: converted to the canonical column types" in data.cleaning
    assert pq.read_schema(data.paths["cdr"][0]).field("duration_s").type == pa.int32()
    data.close()


def test_negative_duration(tmp_path: Path) -> None:
    err = load_error(
        write_cdr(
            tmp_path, cdr_table(duration_s=pa.array([60, 60, 30, 30, -5], pa.int32()).to_pylist())
        )
    )
    assert err.code == "CDR.NEGATIVE_DURATION"
    assert (err.details["column"], err.details["row"], err.details["value"]) == (
        "duration_s",
        5,
        "-5",
    )


def test_duration_longer_than_a_day(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(duration_s=[60, 90_000, 30, 30, 5])))
    assert (err.code, err.details["row"]) == ("CDR.OUT_OF_RANGE", 2)


@pytest.mark.parametrize(
    "when", [datetime(1999, 12, 31, tzinfo=UTC), datetime(2999, 1, 1, tzinfo=UTC)]
)
def test_timestamp_out_of_range(tmp_path: Path, when: datetime) -> None:
    times = cdr_table().column("start_time").to_pylist()
    times[2] = when
    err = load_error(
        write_cdr(
            tmp_path,
            cdr_table(start_time=pa.array(times, pa.timestamp("us", tz="UTC")).to_pylist()),
        )
    )
    assert (err.code, err.details["column"], err.details["row"]) == (
        "CDR.OUT_OF_RANGE",
        "start_time",
        3,
    )


def test_bad_vocabulary(tmp_path: Path) -> None:
    err = load_error(
        write_cdr(tmp_path, cdr_table(direction=["out", "in", "sideways", "in", "out"]))
    )
    assert (err.code, err.details["column"], err.details["row"]) == (
        "CDR.BAD_VALUE",
        "direction",
        3,
    )
    assert "sideways" in err.message


def test_number_not_e164(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(callee=[B, B, A, A, "138 0000 0000"])))
    assert (err.code, err.details["column"], err.details["row"]) == ("CDR.BAD_NUMBER", "callee", 5)


def test_null_where_not_allowed(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(caller=[A, A, None, B, A])))
    assert (err.code, err.details["column"], err.details["row"]) == ("CDR.NULL_VALUE", "caller", 3)


def test_empty_cdr(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table().slice(0, 0)))
    assert err.code == "CDR.EMPTY_INPUT" and err.details["table"] == "cdr"


def test_empty_csv(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", subscribers=good_rows()["subscribers"], sms=[])
    (folder / "cdr.csv").write_text(",".join(arrow_schema("cdr").names) + "\n", encoding="utf-8")
    assert load_error(folder).code == "CDR.EMPTY_INPUT"


def test_csv_errors_name_the_file_line(tmp_path: Path) -> None:
    table = cdr_table()
    folder = write_cdr(tmp_path, table, fmt="csv")
    text = (folder / "cdr.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace('"domestic"', '"satellite"')
    (folder / "cdr.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    err = load_error(folder)
    assert (err.details["row"], err.details["line"], err.details["column"]) == (3, 4, "ingress")


def test_csv_loads_and_converts(tmp_path: Path) -> None:
    folder = write_cdr(tmp_path, cdr_table(), fmt="csv")
    data = load_dataset(folder)
    converted = pq.read_table(data.paths["cdr"][0])
    assert converted.schema.equals(arrow_schema("cdr"), check_metadata=False)
    assert converted.column("duration_s").to_pylist() == [60, 60, 30, 30, 5]
    data.close()
    assert not data.paths["cdr"][0].exists()  # the work directory is cleaned up


def test_parquet_parts_directory(tmp_path: Path) -> None:
    folder = write(tmp_path / "parts", subscribers=good_rows()["subscribers"], sms=[])
    (folder / "cdr").mkdir()
    table = cdr_table()
    pq.write_table(table.slice(0, 2), folder / "cdr" / "part-0.parquet")
    pq.write_table(table.slice(2), folder / "cdr" / "part-1.parquet")
    data = load_dataset(folder)
    assert data.rows["cdr"] == 5 and data.location("cdr") == str(folder / "cdr")
    data.close()
    # rows are counted across parts
    bad = table.slice(2).set_column(3, "duration_s", pa.array([30, -1, 5], pa.int32()))
    pq.write_table(bad, folder / "cdr" / "part-1.parquet")
    assert load_error(folder).details["row"] == 4


def test_naive_timestamps_are_utc(tmp_path: Path) -> None:
    naive = cdr_table().column("start_time").cast(pa.timestamp("us"))
    folder = write_cdr(tmp_path, cdr_table(start_time=naive.to_pylist()))
    data = load_dataset(folder)
    stored = pq.read_table(data.paths["cdr"][0]).column("start_time")
    assert stored.equals(cdr_table().column("start_time"))
    data.close()


def test_iso_text_timestamps(tmp_path: Path) -> None:
    texts = [
        "2026-01-05T02:00:00Z",
        "2026-01-05 02:00:00",
        "2026-01-05T11:00:00+09:00",
        "2026-01-05 03:00:00.250",
        "2026-01-05T04:00:00",
    ]
    folder = write_cdr(tmp_path, cdr_table(start_time=texts))
    data = load_dataset(folder)
    stored = pq.read_table(data.paths["cdr"][0]).column("start_time").to_pylist()
    assert [s.hour for s in stored] == [2, 2, 2, 3, 4]
    data.close()
    err = load_error(write_cdr(tmp_path / "x", cdr_table(start_time=[*texts[:4], "yesterday"])))
    assert (err.code, err.details["row"]) == ("CDR.BAD_TYPE", 5)


def test_subscribers_duplicates(tmp_path: Path) -> None:
    rows = good_rows()
    folder = write(
        tmp_path / "dup", subscribers=[*rows["subscribers"], line(A)], cdr=rows["cdr"], sms=[]
    )
    load_dataset(folder).close()  # an exact copy is fine (dropped by the engines)
    clash = write(
        tmp_path / "clash",
        subscribers=[*rows["subscribers"], line(A, region="BJ")],
        cdr=rows["cdr"],
        sms=[],
    )
    err = load_error(clash)
    assert (err.code, err.details["row"], err.details["value"]) == ("CDR.DUPLICATE_KEY", 3, A)


def test_extra_columns_are_ignored(tmp_path: Path) -> None:
    table = cdr_table().append_column("switch", pa.array(["MSC1"] * 5))
    data = load_dataset(write_cdr(tmp_path, table))
    assert any("extra columns ignored" in note for note in data.cleaning)
    assert "switch" not in pq.read_schema(data.paths["cdr"][0]).names
    data.close()


def test_not_parquet_at_all(tmp_path: Path) -> None:
    folder = write(tmp_path / "junk", subscribers=good_rows()["subscribers"], sms=[])
    (folder / "cdr.parquet").write_bytes(b"this is not parquet")
    err = load_error(folder)
    assert err.code == "CDR.INVALID_INPUT" and "cdr" in err.message


def test_errors_render_in_the_one_error_shape(tmp_path: Path) -> None:
    err = load_error(write_cdr(tmp_path, cdr_table(duration_s=[1, 2, 3, -4, 5])))
    shape = err.to_dict()["error"]
    assert shape["code"] == "CDR.NEGATIVE_DURATION" and shape["details"]["row"] == 4
    assert err.status == 422


def test_simulated_data_passes_unchanged(small_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(small_dir, copy)
    data = load_dataset(copy, tables=("subscribers", "cdr", "sms", "truth"))
    assert data.cleaning == [] and data.has_truth
    data.close()
