"""Where the Ibis expressions run: DuckDB in-process (default) or PySpark.

DuckDB is embedded and needs nothing; ``memory_limit`` and ``threads`` keep it
inside the machine it shares. PySpark runs in local mode unless a session is
given: ``local[*]`` with few shuffle partitions, a modest driver, no UI, UTC as
the session time zone, and ``SPARK_LOCAL_IP=127.0.0.1`` unless the environment
already says otherwise. Java 17 must be installed for Spark.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import ibis  # type: ignore[import-untyped,unused-ignore]

from fanzha.core import ConfigError


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


@dataclass(slots=True)
class SparkOptions:
    master: str = "local[2]"
    shuffle_partitions: int = 4
    driver_memory: str = "1g"
    extra: dict[str, str] = field(default_factory=dict)


def spark_session(options: SparkOptions | None = None) -> Any:
    """A local SparkSession tuned for one machine (created once per process)."""
    opts = options or SparkOptions()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ConfigError(
            "the spark engine needs pyspark (pip install pyspark) and Java 17",
            code="CDR.ENGINE_UNAVAILABLE",
        ) from exc
    builder = (
        SparkSession.builder.master(opts.master)
        .appName("fanzha-cdr")
        .config("spark.sql.shuffle.partitions", str(opts.shuffle_partitions))
        .config("spark.default.parallelism", str(opts.shuffle_partitions))
        .config("spark.driver.memory", opts.driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.bindAddress", os.environ["SPARK_LOCAL_IP"])
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    for key, value in opts.extra.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing, port blocked, ...
        raise ConfigError(f"cannot start Spark: {exc}", code="CDR.ENGINE_UNAVAILABLE") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect(
    engine: str | EngineName = EngineName.DUCKDB,
    *,
    session: Any = None,
    memory_limit: str | None = "2GB",
    threads: int | None = None,
    temp_directory: str | None = None,
) -> Any:
    """An Ibis backend for ``engine``; ``session`` reuses an existing SparkSession."""
    try:
        name = EngineName(engine)
    except ValueError:
        raise ConfigError(
            f"unknown engine {engine!r}; use one of: {', '.join(e.value for e in EngineName)}",
            code="CDR.ENGINE_UNKNOWN",
        ) from None
    if name is EngineName.DUCKDB:
        con = ibis.duckdb.connect()
        con.raw_sql("SET TimeZone = 'UTC'")
        if memory_limit:
            con.raw_sql(f"SET memory_limit = '{memory_limit}'")
        if threads:
            con.raw_sql(f"SET threads = {int(threads)}")
        if temp_directory:
            con.raw_sql(f"SET temp_directory = '{temp_directory}'")
        con.raw_sql("SET preserve_insertion_order = false")
        return con
    return ibis.pyspark.connect(session if session is not None else spark_session())


def engine_name(con: Any) -> str:
    return str(con.name)


def collect(con: Any, expr: Any) -> Any:
    """Run ``expr`` and return a pyarrow Table, without going through pandas.

    Ibis's PySpark backend converts results with ``toPandas``; Spark 4 can hand
    Arrow batches over directly, which is faster and independent of pandas
    (Spark 3.5 falls back to ``toPandas``).
    """
    if con.name == "pyspark":
        with warnings.catch_warnings():
            # PySpark leaves the socket that carried the result for the garbage
            # collector to close ("unclosed socket" ResourceWarning): close it here.
            warnings.simplefilter("ignore", ResourceWarning)
            frame = con._session.sql(con.compile(expr.as_table()))
            if hasattr(frame, "toArrow"):  # Spark 4
                table = frame.toArrow()
            else:  # Spark 3.5: through pandas
                import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

                table = pa.Table.from_pandas(frame.toPandas(), preserve_index=False)
            gc.collect()
        return table
    return expr.to_pyarrow()
