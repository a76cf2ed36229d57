"""The same Ibis expressions give the same answers on DuckDB and on Spark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fanzha.cdr.dataset import load_dataset
from fanzha.cdr.engines import connect
from fanzha.cdr.features import FEATURES
from fanzha.cdr.pipeline import compute_features, score_features
from fanzha.core import ConfigError


@pytest.fixture(scope="module")
def both(tiny_dir: Path, spark: Any) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    data = load_dataset(tiny_dir)
    try:
        duck, _ = compute_features(data, engine="duckdb")
        sparked, stats = compute_features(data, engine="spark", session=spark)
    finally:
        data.close()
    return duck, sparked, stats


def test_same_features_on_duckdb_and_spark(both: tuple[pd.DataFrame, pd.DataFrame, Any]) -> None:
    duck, sparked, stats = both
    assert stats["engine"] == "spark"
    assert list(duck["msisdn"]) == list(sparked["msisdn"])
    assert len(duck) > 500
    for name in FEATURES:
        np.testing.assert_allclose(
            duck[name].to_numpy(), sparked[name].to_numpy(), rtol=1e-9, atol=1e-9, err_msg=name
        )


def test_same_scores_roles_and_findings(both: tuple[pd.DataFrame, pd.DataFrame, Any]) -> None:
    duck, sparked, _ = both
    a, b = score_features(duck), score_features(sparked)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert (a.frame["role"] != "normal").sum() > 5


def test_unknown_engine_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        connect("oracle")
    assert err.value.code == "CDR.ENGINE_UNKNOWN"
