"""CDR analytics at scale: features + scores on DuckDB, on local Spark, and in plain pandas.

    .venv/bin/python benchmarks/cdr_bench.py [--sizes 1e6,3e6,10e6] [--engines duckdb,spark,pandas]
                                             [--quick] [--json PATH]

For each size, a scenario with about that many call records is simulated (14
days, default population; not timed), then each engine runs the whole job in a
fresh process: import and check the Parquet files, compute every feature, run
the rules and the model, and build the findings (``fanzha cdr detect`` without
writing the output). Each process reports its wall time, CPU time and peak
resident memory (for Spark, the Python driver plus the JVM it starts).

The reference is ``fanzha.cdr.reference.pandas_features``: the same feature
definitions written plainly in pandas, scored by the same rules and model, run
on the same files in the same benchmark run. The ratio reported is
pandas seconds / engine seconds (above 1: the engine is faster).

Targets (issue 5): 10 million records on DuckDB within 2 minutes and under
4 GB on this 2-core machine; the same job completes on local Spark; cost grows
linearly (compare seconds per million records across sizes).

The machine may be shared: the load average before and after is recorded, and
CPU seconds are reported beside wall seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as py_platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchlib import cpu_model

RESULTS = Path(__file__).resolve().parent / "results"
LEGS_PER_LINE_DAY = 6.9  # call records per subscriber per day in the default population
DAYS = 14
TARGET_SECONDS = 120.0
TARGET_RSS_MB = 4096.0


def machine() -> dict[str, Any]:
    model = cpu_model()
    versions = {}
    for name in ("duckdb", "ibis", "pyspark", "pandas", "pyarrow", "lightgbm"):
        try:
            module = __import__(name)
            versions[name] = str(getattr(module, "__version__", "?"))
        except ImportError:
            versions[name] = "missing"
    return {
        "nproc": os.cpu_count(),
        "cpu": model or py_platform.processor(),
        "python": py_platform.python_version(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        **versions,
    }


# --------------------------------------------------------------------------- children


def _self_usage() -> tuple[float, float]:
    """(CPU seconds, peak RSS in MB) of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _jvm_usage() -> tuple[float, float]:
    """(CPU seconds, peak RSS MB) summed over this process's direct children (the JVM)."""
    me, cpu, rss = os.getpid(), 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[1]) != me:
                continue
            cpu += (int(stat[11]) + int(stat[12])) / tick
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    rss += int(line.split()[1]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return cpu, rss


def child_simulate(subscribers: int, out: str) -> dict[str, Any]:
    from fanzha.cdr.simulate import simulate

    started = time.perf_counter()
    result = simulate(seed=2026, subscribers=subscribers, days=DAYS)
    result.write(out)
    return {
        "subscribers": subscribers,
        "cdr_rows": result.cdr.num_rows,
        "sms_rows": result.sms.num_rows,
        "seconds": round(time.perf_counter() - started, 2),
    }


def child_engine(engine: str, folder: str) -> dict[str, Any]:
    started = time.perf_counter()
    if engine == "pandas":
        import pandas as pd

        from fanzha.cdr.dataset import load_dataset
        from fanzha.cdr.pipeline import score_features
        from fanzha.cdr.reference import pandas_features

        data = load_dataset(folder)
        loaded = time.perf_counter()
        try:
            frame = pandas_features(
                pd.read_parquet(data.files("subscribers")),
                pd.read_parquet(data.files("cdr")),
                pd.read_parquet(data.files("sms")),
            )
        finally:
            data.close()
        featured = time.perf_counter()
        detection = score_features(frame)
        phases = {
            "load_seconds": loaded - started,
            "features_seconds": featured - loaded,
            "scoring_seconds": time.perf_counter() - featured,
        }
        cpu, rss = _self_usage()
        jvm_cpu = jvm_rss = 0.0
    else:
        from fanzha.cdr.pipeline import detect

        session = None
        if engine == "spark":
            from fanzha.cdr.engines import spark_session

            session = spark_session()
        detection = detect(folder, engine=engine, session=session)
        stats = detection.stats
        phases = {k: stats[k] for k in ("load_seconds", "features_seconds", "scoring_seconds")}
        cpu, rss = _self_usage()
        jvm_cpu, jvm_rss = _jvm_usage() if engine == "spark" else (0.0, 0.0)
        if session is not None:
            session.stop()
    total = time.perf_counter() - started
    flagged = int((detection.frame["role"] != "normal").sum())
    return {
        "engine": engine,
        "seconds": round(total, 2),
        **{k: round(float(v), 2) for k, v in phases.items()},
        "cpu_seconds": round(cpu + jvm_cpu, 1),
        "peak_rss_mb": round(rss + jvm_rss, 0),
        "python_rss_mb": round(rss, 0),
        "jvm_rss_mb": round(jvm_rss, 0) if engine == "spark" else None,
        "lines": len(detection.frame),
        "flagged": flagged,
        "score_checksum": round(float(detection.frame["score"].sum()), 4),
    }


def run_child(*args: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", *args]
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# --------------------------------------------------------------------------- parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e6,3e6,10e6", help="call records, comma-separated")
    parser.add_argument("--engines", default="duckdb,spark,pandas")
    parser.add_argument("--quick", action="store_true", help="one small size (200k records)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep simulated data here")
    parser.add_argument("--json", type=Path, default=RESULTS / "cdr_bench.json")
    parser.add_argument("--no-json", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        if kind == "simulate":
            out = child_simulate(int(rest[0]), rest[1])
        else:
            out = child_engine(rest[0], rest[1])
        print(json.dumps(out))
        return 0

    sizes = [200_000] if args.quick else [int(float(s)) for s in args.sizes.split(",")]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    info = machine()
    load_start = os.getloadavg()
    print(
        f"{info['cpu']} ({info['nproc']} CPUs, {info['memory_gb']} GB), Python {info['python']}, "
        f"duckdb {info['duckdb']}, pyspark {info['pyspark']}, pandas {info['pandas']}"
    )
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="fanzha-cdr-bench-") as tmp:
        root = args.workdir or Path(tmp)
        for size in sizes:
            subscribers = max(200, round(size / (LEGS_PER_LINE_DAY * DAYS)))
            folder = root / f"cdr_{size}"
            sim = run_child("simulate", str(subscribers), str(folder), timeout=1800)
            print(
                f"\n{sim['cdr_rows']:,} call records, {sim['sms_rows']:,} SMS, "
                f"{subscribers:,} lines (simulated in {sim['seconds']}s)"
            )
            row: dict[str, Any] = {"target_records": size, **sim, "engines": {}}
            for engine in engines:
                out = run_child("engine", engine, str(folder), timeout=3600)
                out["seconds_per_million"] = round(out["seconds"] / (sim["cdr_rows"] / 1e6), 2)
                row["engines"][engine] = out
                print(
                    f"  {engine:7} {out['seconds']:7.1f}s wall {out['cpu_seconds']:7.1f}s CPU "
                    f"{out['peak_rss_mb']:7.0f} MB peak  (load {out['load_seconds']}s, features "
                    f"{out['features_seconds']}s, scores {out['scoring_seconds']}s)  "
                    f"{out['seconds_per_million']} s/M"
                )
            base = row["engines"].get("pandas")
            for name, out in row["engines"].items():
                if base and name != "pandas":
                    out["pandas_over_engine"] = round(base["seconds"] / out["seconds"], 2)
                    print(f"  pandas / {name}: {out['pandas_over_engine']}x")
            duck = row["engines"].get("duckdb")
            if duck:
                scaled = duck["seconds"] * 10e6 / sim["cdr_rows"]
                duck["meets_target_at_10m"] = bool(
                    scaled <= TARGET_SECONDS and duck["peak_rss_mb"] <= TARGET_RSS_MB
                )
            checks = {o["score_checksum"] for o in row["engines"].values()}
            row["same_scores_on_every_engine"] = len(checks) == 1
            results.append(row)
            if args.workdir is None:
                subprocess.run(["rm", "-rf", str(folder)], check=False)
    report = {
        "benchmark": "cdr_bench",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "load_average_start_end": [load_start[0], os.getloadavg()[0]],
        "days": DAYS,
        "targets": {"seconds_at_10m": TARGET_SECONDS, "peak_rss_mb": TARGET_RSS_MB},
        "results": results,
    }
    if not args.no_json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
