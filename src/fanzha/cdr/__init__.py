"""CDR analytics: telecom simulator, features in Ibis (DuckDB / Spark), rules and a model.

Importing this package is cheap; the engines, the model and pandas load when a
function that needs them is first used::

    from fanzha.cdr import simulate, detect, evaluate_dir

    simulate(seed=1, subscribers=20_000, days=14).write("data/sim")
    result = detect("data/sim", engine="duckdb")
    print(result.frame.head(), evaluate_dir("data/sim").to_dict())
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fanzha.cdr.vocab import FRAUD_ROLES, ROLES, Direction, Ingress, LineType, RealName, Role

if TYPE_CHECKING:
    from fanzha.cdr.evaluate import Evaluation
    from fanzha.cdr.pipeline import Detection
    from fanzha.cdr.simulate import ScenarioConfig, SimResult


def simulate(config: ScenarioConfig | None = None, **overrides: Any) -> SimResult:
    """Simulate one scenario (see ``fanzha.cdr.simulate``)."""
    from fanzha.cdr.simulate import simulate as _simulate

    return _simulate(config, **overrides)


def detect(input_dir: str | Path, **kwargs: Any) -> Detection:
    """Score every line of the data set in ``input_dir`` (see ``fanzha.cdr.pipeline``)."""
    from fanzha.cdr.pipeline import detect as _detect

    return _detect(input_dir, **kwargs)


def evaluate_dir(input_dir: str | Path, **kwargs: Any) -> Evaluation:
    """Detect on ``input_dir`` and compare with its ``truth`` table."""
    from fanzha.cdr.runner import evaluate_dir as _evaluate_dir

    return _evaluate_dir(input_dir, **kwargs)


__all__ = [
    "FRAUD_ROLES",
    "ROLES",
    "Direction",
    "Ingress",
    "LineType",
    "RealName",
    "Role",
    "detect",
    "evaluate_dir",
    "simulate",
]
