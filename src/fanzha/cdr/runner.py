"""Jobs that combine the pieces: evaluate a directory, measure held-out scenarios."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.dataset import load_dataset
from fanzha.cdr.evaluate import Evaluation, evaluate
from fanzha.cdr.model import HELD_OUT_SCENARIOS, CdrModel
from fanzha.cdr.pipeline import OUTPUT_COLUMNS, detect
from fanzha.cdr.simulate import ScenarioConfig, simulate
from fanzha.core import InvalidInputError


def evaluate_dir(
    input_dir: str | Path,
    *,
    engine: str = "duckdb",
    predictions: str | Path | None = None,
    policy: str | None = None,
    model: CdrModel | str | None = None,
    session: Any = None,
    ks: tuple[int, ...] = (10, 50, 100),
) -> Evaluation:
    """Detect on ``input_dir`` (or read ``predictions``) and compare with its truth table."""
    if predictions is not None:
        detected = _read_predictions(Path(predictions))
        truth_data = load_dataset(input_dir, tables=("truth",))
        try:
            truth = pd.read_parquet(truth_data.files("truth"))
        finally:
            truth_data.close()
        return evaluate(detected, truth, ks=ks)
    data = load_dataset(input_dir, tables=("subscribers", "cdr", "sms", "truth"))
    try:
        truth = pd.read_parquet(data.files("truth"))
        result = detect(
            input_dir, engine=engine, policy=policy, model=model, session=session, data=data
        )
    finally:
        data.close()
    return evaluate(
        result.frame, truth, ks=ks, model_scores=result.model_scores, rule_scores=result.rule_scores
    )


def _read_predictions(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix == ".csv":
            frame = pd.read_csv(path, dtype={"msisdn": str})
        elif suffix in {".jsonl", ".json"}:
            frame = pd.read_json(path, lines=True, dtype={"msisdn": str})
        else:
            raise InvalidInputError(
                f"predictions {path.name}: use a .parquet, .csv or .jsonl file",
                code="CDR.OUTPUT_FORMAT",
            )
    except (OSError, ValueError) as exc:
        raise InvalidInputError(
            f"cannot read predictions {path}: {exc}", code="CDR.INPUT_MISSING"
        ) from None
    missing = [c for c in OUTPUT_COLUMNS if c not in frame.columns and c != "findings"]
    if missing:
        raise InvalidInputError(
            f"predictions {path.name} lack column {missing[0]}",
            code="CDR.MISSING_COLUMN",
            details={"table": "predictions", "column": missing[0]},
        )
    return frame


def held_out_report(
    scenarios: dict[str, ScenarioConfig] | None = None,
    *,
    model: CdrModel | str | None = None,
    engine: str = "duckdb",
) -> dict[str, dict[str, Any]]:
    """Evaluate ``model`` on scenarios it was not trained on (default: ``HELD_OUT_SCENARIOS``)."""
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="fanzha-heldout-") as tmp:
        for name, config in (scenarios or HELD_OUT_SCENARIOS).items():
            folder = Path(tmp) / name
            simulate(config).write(folder)
            report = evaluate_dir(folder, engine=engine, model=model)
            out[name] = {"config": config.to_dict(), **report.to_dict()}
    return out
