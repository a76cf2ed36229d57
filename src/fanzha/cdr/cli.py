"""`fanzha simulate` and `fanzha cdr ...`: attach them with ``register(main)``.

Heavy libraries (Ibis, DuckDB, Spark, LightGBM) load only when a command runs.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from fanzha.cli_support import emit, handle_errors
from fanzha.core import mask_number

ENGINES = ("duckdb", "spark")


@click.command("simulate")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--subscribers", type=click.IntRange(200), default=20_000, show_default=True)
@click.option("--days", type=click.IntRange(2, 366), default=14, show_default=True)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory."
)
@click.option(
    "--fraud-share",
    type=click.FloatRange(0, 0.2),
    default=0.006,
    show_default=True,
    help="Share of lines used for fraud.",
)
@click.option(
    "--stealth",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="0: textbook dens .. 1: dens imitating normal users.",
)
@click.option(
    "--hook-rate",
    type=click.FloatRange(0, 0.5),
    default=0.004,
    show_default=True,
    help="Share of answered den calls that hook a victim.",
)
@click.option(
    "--onnet-share",
    type=click.FloatRange(0, 1),
    default=0.45,
    show_default=True,
    help="Share of contacts on this network.",
)
@click.option(
    "--mix",
    default="",
    help="Normal population weights, e.g. family=0.6,courier=0.1 (others keep defaults).",
)
@click.option(
    "--fraud-mix",
    default="",
    help="Fraud weights, e.g. fraud_sim=0.5,simbox=0.3,abused_enterprise_line=0.2.",
)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default="2026-01-05", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def simulate_cmd(
    seed: int,
    subscribers: int,
    days: int,
    out_dir: str,
    fraud_share: float,
    stealth: float,
    hook_rate: float,
    onnet_share: float,
    mix: str,
    fraud_mix: str,
    start: Any,
    as_json: bool,
) -> None:
    """Simulate a telecom network: subscribers, cdr, sms and truth as Parquet in OUT."""
    import time

    from fanzha.cdr.simulate import (
        DEFAULT_FRAUD_MIX,
        DEFAULT_MIX,
        FRAUD_SEGMENTS,
        NORMAL_SEGMENTS,
        ScenarioConfig,
        parse_mix,
        simulate,
    )

    config = ScenarioConfig(
        seed=seed,
        subscribers=subscribers,
        days=days,
        start=date(start.year, start.month, start.day),
        fraud_share=fraud_share,
        stealth=stealth,
        hook_rate=hook_rate,
        onnet_share=onnet_share,
        mix={**DEFAULT_MIX, **parse_mix(mix, NORMAL_SEGMENTS)},
        fraud_mix={**DEFAULT_FRAUD_MIX, **parse_mix(fraud_mix, FRAUD_SEGMENTS)},
    )
    started = time.perf_counter()
    result = simulate(config)
    folder = result.write(out_dir)
    roles: dict[str, int] = {}
    for role in result.truth.column("role").to_pylist():
        roles[role] = roles.get(role, 0) + 1
    rows = {name: int(table.num_rows) for name, table in result.tables().items()}
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        emit(
            {
                "out": str(folder),
                "rows": rows,
                "roles": dict(sorted(roles.items())),
                "seconds": seconds,
            }
        )
        return
    click.echo(
        f"wrote {folder}: {rows['subscribers']} subscribers, {rows['cdr']} call records, "
        f"{rows['sms']} SMS records in {seconds}s"
    )
    click.echo("truth: " + ", ".join(f"{k} {v}" for k, v in sorted(roles.items())))


@click.group("cdr")
def cdr_group() -> None:
    """CDR analytics: find fraud SIMs, SIM boxes, abused lines and victims."""


@cdr_group.command("detect")
@click.option("--input", "input_dir", type=click.Path(), required=True, help="Data set directory.")
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="Results: .parquet, .csv or .jsonl.",
)
@click.option(
    "--disposal",
    "disposal_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write disposal candidates with evidence (JSON lines).",
)
@click.option("--policy", default=None, help="CDR policy TOML (default: bundled).")
@click.option("--model", default=None, help="Model file (default: bundled).")
@click.option("--mask", is_flag=True, help="Mask phone numbers in the files written.")
@click.option(
    "--top", type=click.IntRange(0, 1000), default=10, show_default=True, help="Lines to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@handle_errors()
def detect_cmd(
    input_dir: str,
    engine: str,
    out_file: str,
    disposal_file: str | None,
    policy: str | None,
    model: str | None,
    mask: bool,
    top: int,
    as_json: bool,
) -> None:
    """Score every line in INPUT: msisdn, score, role, findings (numbers masked on screen)."""
    from fanzha.cdr.pipeline import detect

    result = detect(input_dir, engine=engine, policy=policy, model=model)
    result.write(out_file, mask=mask)
    candidates = result.disposal_candidates(mask=mask)
    if disposal_file:
        target = Path(disposal_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as handle:
            for item in candidates:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    summary = {"out": out_file, "disposal_file": disposal_file, **result.stats}
    if as_json:
        emit(summary)
        return
    stats = result.stats
    click.echo(
        f"{stats['subscribers']} lines from {stats['cdr_rows']} call records on {engine} in "
        f"{stats['total_seconds']}s (policy {stats['policy_version']}, model {stats['model_version']})"
    )
    click.echo("roles: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["roles"].items())))
    click.echo(
        f"disposal candidates: {stats['disposal_candidates']} -> {disposal_file or out_file}"
    )
    for note in stats.get("cleaning", []):
        click.echo(f"cleaning: {note}")
    frame = result.frame.sort_values("score", ascending=False).head(top)
    for row in frame.itertuples(index=False):
        if row.score < 0.5:
            break
        codes = sorted({f.code for f in result.findings.get(str(row.msisdn), [])})
        click.echo(
            f"  {mask_number(str(row.msisdn)):>16} {row.score:.3f} {row.role:24} {' '.join(codes)}"
        )


@cdr_group.command("eval")
@click.option(
    "--input", "input_dir", type=click.Path(), required=True, help="Data set with a truth table."
)
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True)
@click.option(
    "--predictions",
    default=None,
    type=click.Path(dir_okay=False),
    help="Evaluate a `detect` output instead of detecting again.",
)
@click.option("--policy", default=None, help="CDR policy TOML (default: bundled).")
@click.option("--model", default=None, help="Model file (default: bundled).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def eval_cmd(
    input_dir: str,
    engine: str,
    predictions: str | None,
    policy: str | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Compare detections with the truth: PR-AUC and precision at k, per role."""
    from fanzha.cdr.evaluate import format_report
    from fanzha.cdr.runner import evaluate_dir

    report = evaluate_dir(
        input_dir, engine=engine, predictions=predictions, policy=policy, model=model
    )
    if as_json:
        emit(report.to_dict())
        return
    click.echo(format_report(report))


@cdr_group.command("train")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="Model file to write (.json).",
)
@click.option("--rounds", type=click.IntRange(10, 2000), default=150, show_default=True)
@click.option(
    "--held-out/--no-held-out",
    default=True,
    show_default=True,
    help="Report on held-out scenarios.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def train_cmd(out_file: str, rounds: int, held_out: bool, as_json: bool) -> None:
    """Train the role model on the built-in simulated scenarios (fixed seeds)."""
    from fanzha.cdr.model import train_model
    from fanzha.cdr.runner import held_out_report

    model = train_model(rounds=rounds, progress=None if as_json else click.echo)
    if held_out:
        model.meta["held_out"] = held_out_report(model=model)
    path = model.save(out_file)
    size = path.stat().st_size
    if as_json:
        emit({"out": str(path), "bytes": size, "meta": model.meta})
        return
    click.echo(f"wrote {path} ({size / 1e6:.2f} MB)")
    for name, report in model.meta.get("held_out", {}).items():
        aucs = ", ".join(f"{role} {m['pr_auc']}" for role, m in report["per_role"].items())
        click.echo(f"  held out {name}: {aucs}")


@cdr_group.command("features")
@click.option("--input", "input_dir", type=click.Path(), required=True, help="Data set directory.")
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="Feature table (.parquet or .csv).",
)
@handle_errors()
def features_cmd(input_dir: str, engine: str, out_file: str) -> None:
    """Compute the per-line feature table only."""
    from fanzha.cdr.dataset import load_dataset
    from fanzha.cdr.pipeline import compute_features
    from fanzha.core import InvalidInputError

    if not out_file.endswith((".parquet", ".csv")):
        raise InvalidInputError("--out must end in .parquet or .csv", code="CDR.OUTPUT_FORMAT")
    data = load_dataset(input_dir)
    try:
        frame, stats = compute_features(data, engine=engine)
    finally:
        data.close()
    Path(out_file).parent.mkdir(parents=True, exist_ok=True)
    if out_file.endswith(".parquet"):
        frame.to_parquet(out_file, index=False)
    else:
        frame.to_csv(out_file, index=False)
    click.echo(
        f"wrote {len(frame)} lines x {frame.shape[1] - 1} features in {stats['features_seconds']}s"
    )


def register(main_group: click.Group) -> None:
    """Add `simulate` (top level) and the `cdr` group to the `fanzha` command."""
    main_group.add_command(simulate_cmd, "simulate")
    main_group.add_command(cdr_group, "cdr")
