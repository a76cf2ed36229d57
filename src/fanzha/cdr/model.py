"""The LightGBM role model: training on simulated scenarios, loading, explaining.

The shipped model (``data/model.json``: LightGBM's text model inside a JSON file
with its metadata) is trained by ``fanzha cdr train`` on ``TRAINING_SCENARIOS``
with a fixed seed; ``HELD_OUT_SCENARIOS`` use other seeds, a stealthier mix of
dens and a different population and are never seen in training. docs/cdr.md is
the model card.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.features import FEATURES
from fanzha.cdr.schema import ROLES, Role
from fanzha.cdr.simulate import DEFAULT_MIX, ScenarioConfig
from fanzha.core import ConfigError

MODEL_FORMAT = "fanzha-cdr-model/1"

# A population with more of the users that look like fraud: couriers, sales teams,
# telemarketers, call centres, cloud voice, campus batches of new cards.
BUSY_MIX: dict[str, float] = {
    **DEFAULT_MIX,
    "courier": 0.08,
    "sales": 0.06,
    "telemarketer": 0.02,
    "call_centre": 0.02,
    "cloud_voice": 0.02,
    "new_user": 0.06,
    "traveller": 0.03,
    "gateway": 0.008,
}

TRAINING_SCENARIOS: tuple[ScenarioConfig, ...] = tuple(
    ScenarioConfig(seed=1000 + i, subscribers=20_000, days=14, fraud_share=0.01, stealth=s)
    for i, s in enumerate((0.0, 0.25, 0.5, 0.75, 1.0))
)

# Seeds, stealth values, population mixes, lengths and sizes never used in training.
HELD_OUT_SCENARIOS: dict[str, ScenarioConfig] = {
    "default": ScenarioConfig(seed=9001, subscribers=20_000, days=14),
    "stealth_0.6_busy": ScenarioConfig(
        seed=9002, subscribers=20_000, days=14, stealth=0.6, mix=BUSY_MIX
    ),
    "stealth_0.9_busy": ScenarioConfig(
        seed=9003, subscribers=20_000, days=14, stealth=0.9, mix=BUSY_MIX
    ),
    "stealth_0.95_21d": ScenarioConfig(
        seed=9004, subscribers=30_000, days=21, stealth=0.95, fraud_share=0.004, onnet_share=0.3
    ),
}

TRAIN_PARAMS: dict[str, Any] = {
    "objective": "multiclass",
    "num_class": len(ROLES),
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 10,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbosity": -1,
}
NUM_ROUNDS = 150


@dataclass(slots=True)
class CdrModel:
    booster: Any  # lightgbm.Booster
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(Role(r) for r in self.meta.get("roles", [r.value for r in ROLES]))

    def _matrix(self, frame: pd.DataFrame) -> npt.NDArray[np.float64]:
        missing = [name for name in FEATURES if name not in frame.columns]
        if missing:
            raise ConfigError(f"feature table lacks {missing}", code="CDR.MODEL_MISMATCH")
        return np.ascontiguousarray(frame[list(FEATURES)].to_numpy(dtype=np.float64))

    def predict(self, frame: pd.DataFrame) -> npt.NDArray[np.float64]:
        """Probabilities, one column per role in ``self.roles``."""
        if len(frame) == 0:
            return np.zeros((0, len(self.roles)))
        out = self.booster.predict(self._matrix(frame), num_threads=2)
        return np.asarray(out, dtype=np.float64).reshape(len(frame), len(self.roles))

    def explain(
        self, frame: pd.DataFrame, classes: npt.NDArray[np.int64], top: int = 5
    ) -> list[list[dict[str, Any]]]:
        """For each row, the ``top`` features that pushed it most towards its class (SHAP)."""
        if len(frame) == 0:
            return []
        matrix = self._matrix(frame)
        contrib = np.asarray(
            self.booster.predict(matrix, pred_contrib=True, num_threads=2), dtype=np.float64
        )
        width = len(FEATURES) + 1
        out: list[list[dict[str, Any]]] = []
        for i, k in enumerate(classes.tolist()):
            values = contrib[i, k * width : (k + 1) * width - 1]
            order = np.argsort(-values)[:top]
            out.append(
                [
                    {
                        "feature": FEATURES[j],
                        "value": round(float(matrix[i, j]), 3),
                        "contribution": round(float(values[j]), 3),
                    }
                    for j in order
                    if values[j] > 0
                ]
            )
        return out

    def to_json(self) -> str:
        return json.dumps(
            {"format": MODEL_FORMAT, "meta": self.meta, "model": self.booster.model_to_string()},
            ensure_ascii=False,
        )

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.to_json(), encoding="utf-8")
        return target


def _from_json(text: str, source: str) -> CdrModel:
    import lightgbm as lgb

    try:
        data = json.loads(text)
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, expected {MODEL_FORMAT}")
        booster = lgb.Booster(model_str=data["model"])
        meta = dict(data["meta"])
    except (ValueError, KeyError, TypeError, lgb.basic.LightGBMError) as exc:
        raise ConfigError(
            f"CDR model {source} is invalid: {exc}", code="CDR.MODEL_INVALID"
        ) from None
    if list(meta.get("features", [])) != list(FEATURES):
        raise ConfigError(
            f"CDR model {source} was trained on other features than this fanzha computes; "
            "retrain it with `fanzha cdr train`",
            code="CDR.MODEL_MISMATCH",
        )
    return CdrModel(booster, meta)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> CdrModel:
    """Load a model file; ``None`` or empty loads the bundled model."""
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"cannot read CDR model {path}: {exc.strerror}", code="CDR.MODEL_INVALID"
            ) from None
        return _from_json(text, str(path))
    resource = resources.files("fanzha.cdr").joinpath("data/model.json")
    if not resource.is_file():
        raise ConfigError(
            "the bundled CDR model is missing; run `fanzha cdr train`", code="CDR.MODEL_INVALID"
        )
    return _from_json(resource.read_text("utf-8"), "bundled model.json")


def scenario_features(
    config: ScenarioConfig, workdir: str | Path, engine: str = "duckdb"
) -> pd.DataFrame:
    """Simulate ``config`` into ``workdir`` and return its features joined with the truth."""
    from fanzha.cdr.dataset import load_dataset
    from fanzha.cdr.pipeline import compute_features
    from fanzha.cdr.simulate import simulate

    out = Path(workdir)
    simulate(config).write(out)
    data = load_dataset(out, tables=("subscribers", "cdr", "sms", "truth"))
    try:
        frame, _ = compute_features(data, engine=engine)
        truth = pd.read_parquet(data.files("truth")[0])
    finally:
        data.close()
    return frame.merge(
        truth[["entity", "role", "segment"]], left_on="msisdn", right_on="entity", how="left"
    ).drop(columns=["entity"])


def train_model(
    scenarios: tuple[ScenarioConfig, ...] = TRAINING_SCENARIOS,
    *,
    rounds: int = NUM_ROUNDS,
    progress: Callable[[str], None] | None = None,
) -> CdrModel:
    """Train the role model on simulated ``scenarios`` (deterministic for given inputs)."""
    import lightgbm as lgb

    say = progress or (lambda _message: None)
    frames = []
    with tempfile.TemporaryDirectory(prefix="fanzha-train-") as tmp:
        for i, config in enumerate(scenarios):
            started = time.perf_counter()
            frames.append(scenario_features(config, Path(tmp) / f"s{i}"))
            say(
                f"scenario {i + 1}/{len(scenarios)} (seed {config.seed}, stealth "
                f"{config.stealth}): {time.perf_counter() - started:.1f}s"
            )
    data = pd.concat(frames, ignore_index=True)
    labels = data["role"].map({r.value: i for i, r in enumerate(ROLES)}).to_numpy()
    matrix = np.ascontiguousarray(data[list(FEATURES)].to_numpy(dtype=np.float64))
    started = time.perf_counter()
    dataset = lgb.Dataset(matrix, label=labels, feature_name=list(FEATURES), free_raw_data=True)
    booster = lgb.train(dict(TRAIN_PARAMS), dataset, num_boost_round=rounds)
    say(f"trained {rounds} rounds on {len(data)} lines in {time.perf_counter() - started:.1f}s")
    counts = data["role"].value_counts().to_dict()
    meta = {
        "version": datetime.now(UTC).strftime("%Y.%m.%d"),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "features": list(FEATURES),
        "roles": [r.value for r in ROLES],
        "params": {**TRAIN_PARAMS, "num_boost_round": rounds},
        "training_scenarios": [c.to_dict() for c in scenarios],
        "training_rows": {str(k): int(v) for k, v in counts.items()},
    }
    return CdrModel(booster, meta)
