"""Fixtures for the CDR tests: small simulated data sets and one shared Spark session."""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fanzha.cdr.simulate import ScenarioConfig, simulate

# A small but complete network: every segment and every fraud role appears.
SMALL = ScenarioConfig(seed=11, subscribers=2_500, days=7, fraud_share=0.03, hook_rate=0.02)
# Smaller still, for the Spark comparison (Spark's fixed cost dominates).
TINY = ScenarioConfig(seed=12, subscribers=800, days=5, fraud_share=0.04, hook_rate=0.03)


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return simulate(SMALL).write(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return simulate(TINY).write(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def small_features(small_dir: Path) -> Any:
    from fanzha.cdr.dataset import load_dataset
    from fanzha.cdr.pipeline import compute_features

    data = load_dataset(small_dir)
    try:
        frame, _ = compute_features(data)
    finally:
        data.close()
    return frame


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test run (Java 17 must be installed)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed: the Spark engine cannot run")
    from fanzha.cdr.engines import SparkOptions, spark_session

    with warnings.catch_warnings():
        # pyspark's own start-up code may warn about its dependencies; not ours to fix.
        warnings.simplefilter("ignore")
        session = spark_session(SparkOptions(master="local[2]", shuffle_partitions=2))
    yield session
    session.stop()
