from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fanzha.cdr.dataset import load_dataset
from fanzha.cdr.features import FEATURES
from fanzha.cdr.pipeline import compute_features
from fanzha.cdr.reference import pandas_features

from .helpers import both_legs, call, line, sms, write

A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"
X = "+8618600000009"  # another network


def features_of(folder: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    data = load_dataset(folder)
    try:
        frame, stats = compute_features(data)
    finally:
        data.close()
    return frame.set_index("msisdn"), stats


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    cdr = [
        *both_legs(A, B, 0, 60, imei="IMEI-A"),
        *both_legs(B, A, 1, 30),  # B calls A back
        *both_legs(A, C, 2, 0, imei="IMEI-A"),  # unanswered, never called back
        call(A, X, 3, 20, "out", imei="IMEI-S", cell="C2"),  # A's SIM in a shared handset
        call(D, X, 4, 10, "out", imei="IMEI-S", cell="C2"),
        call(C, X, 5, 10, "out", imei="IMEI-S", cell="C3"),
        call(X, D, 6, 100, "in", fwd="+85512345678"),  # forwarded abroad
        call(X, D, 7, 100, "in", fwd="+8613900000000"),  # forwarded at home
    ]
    texts = [sms(A, B, 0, "out"), sms(A, B, 0, "in"), sms(B, A, 0.1, "out"), sms(B, A, 0.1, "in")]
    texts += [sms(A, C, 1, "out"), sms(A, C, 1, "in")]
    subs = [line(A), line(B), line(C), line(D, line_type="enterprise_fixed")]
    return write(tmp_path / "crafted", subscribers=subs, cdr=cdr, sms=texts)


def test_crafted_features(crafted: Path) -> None:
    f, stats = features_of(crafted)
    a, d = f.loc[A], f.loc[D]
    assert a["out_calls"] == 3 and a["in_calls"] == 1
    assert a["out_distinct"] == 3 and a["callback_rate"] == pytest.approx(1 / 3)
    assert a["out_answered_share"] == pytest.approx(2 / 3)
    assert a["out_short_share"] == pytest.approx(2 / 3)  # 0 s and 20 s
    assert a["imei_count"] == 2 and a["imei_max_sims"] == 3 and a["imei_peers"] == 3
    assert a["cell_count"] == 2 and a["top_cell_share"] == pytest.approx(3 / 4)
    assert a["sms_out_distinct"] == 2 and a["sms_reply_rate"] == pytest.approx(1 / 2)
    assert d["fwd_share"] == 1.0 and d["fwd_intl_share"] == pytest.approx(0.5)
    assert d["fwd_targets"] == 2 and d["is_fixed"] == 1.0
    assert f.loc[B, "in_out_ratio"] == pytest.approx(1 / 2)
    assert stats["duplicates_dropped"] == {"cdr": 0, "sms": 0}
    assert list(f.columns) == list(FEATURES)


def test_lines_without_records_get_zeros(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "quiet",
        subscribers=[line(A), line(B)],
        cdr=both_legs(A, X, 0, 10)[:1],
        sms=[],
    )
    f, _ = features_of(folder)
    assert (f.loc[B, ["out_calls", "in_calls", "sms_out", "callback_rate"]] == 0).all()
    assert not f.isna().any().any()


def test_exact_duplicates_are_dropped_and_counted(crafted: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(crafted / "cdr.parquet")
    doubled = tmp_path / "doubled"
    doubled.mkdir()
    for name in ("subscribers", "sms"):
        (doubled / f"{name}.parquet").write_bytes((crafted / f"{name}.parquet").read_bytes())
    pq.write_table(_concat(table), doubled / "cdr.parquet")
    once, _ = features_of(crafted)
    twice, stats = features_of(doubled)
    pd.testing.assert_frame_equal(once, twice)
    assert stats["duplicates_dropped"]["cdr"] == 3


def _concat(table: Any) -> Any:
    import pyarrow as pa

    return pa.concat_tables([table, table.slice(0, 3)])


def test_victim_features(tmp_path: Path) -> None:
    """A long call from a number that calls many people, then silence."""
    cdr = []
    for i in range(30):  # the den's number calls 30 people
        cdr.append(call(X, f"+86139000000{i:02d}", 0.1 * i, 5, "in"))
    for day in range(3):  # the subscriber's normal life before
        cdr += both_legs(A, B, day * 24 + 1, 90)
    cdr.append(call(X, A, 80, 3600, "in", ingress="voip"))  # the long call, day 3
    cdr += both_legs(A, B, 80 + 60, 90)  # first call again 2.5 days later
    subs = [line(A), line(B)] + [line(f"+86139000000{i:02d}") for i in range(30)]
    f, _ = features_of(write(tmp_path / "victim", subscribers=subs, cdr=cdr, sms=[]))
    a = f.loc[A]
    assert a["unknown_in_max_dur"] == 3600
    assert a["unknown_in_intl"] == 1
    assert a["unknown_caller_fanout"] == 31
    assert a["out_after_unknown"] == 0
    assert a["quiet_drop"] > 0.4
    # B never calls A, so A is a stranger to B too; but B's calls do not stop.
    assert f.loc[B, "unknown_in_max_dur"] == 90
    assert f.loc[B, "unknown_caller_fanout"] == 1
    assert f.loc[B, "quiet_drop"] <= 0


def test_batch_and_activation(tmp_path: Path) -> None:
    subs = [
        line(f"+86138123450{i:02d}", activation_date=pd.Timestamp("2026-01-03").date())
        for i in range(12)
    ]
    subs.append(line("+8613999999999"))
    cdr = [call("+8613812345001", X, 0, 10, "out"), call("+8613999999999", X, 48, 10, "out")]
    f, _ = features_of(write(tmp_path / "batch", subscribers=subs, cdr=cdr, sms=[]))
    assert f.loc["+8613812345001", "batch_size"] == 12
    assert f.loc["+8613812345001", "activation_age_days"] == pytest.approx(2 + 2 / 24)
    assert f.loc["+8613999999999", "batch_size"] == 1
    assert f.loc["+8613999999999", "idle_before_days"] == pytest.approx(2.0)
    assert f.loc["+8613812345001", "idle_after_days"] == pytest.approx(2.0)


def test_pandas_reference_agrees_with_ibis(small_dir: Path, small_features: pd.DataFrame) -> None:
    reference = pandas_features(
        pd.read_parquet(small_dir / "subscribers.parquet"),
        pd.read_parquet(small_dir / "cdr.parquet"),
        pd.read_parquet(small_dir / "sms.parquet"),
    )
    assert list(reference["msisdn"]) == list(small_features["msisdn"])
    for name in FEATURES:
        np.testing.assert_allclose(
            small_features[name].to_numpy(),
            reference[name].to_numpy(),
            rtol=1e-9,
            atol=1e-9,
            err_msg=name,
        )


def test_features_are_deterministic(small_dir: Path, small_features: pd.DataFrame) -> None:
    again, _ = features_of(small_dir)
    pd.testing.assert_frame_equal(small_features.set_index("msisdn"), again)
