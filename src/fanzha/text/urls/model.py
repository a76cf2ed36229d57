"""The lexical link model: a logistic regression over ``features.tokens`` and
``features.numeric``, with Platt calibration, stored as JSON (never pickle).

The file (``data/url_model.json``, format ``fanzha-url-model/1``) holds the weight
of every vocabulary token, the mean, scale and weight of every numeric feature, the
intercept and the calibration ``a``, ``b``:

    z = intercept + sum(weight[t] for t in tokens if t in vocabulary)
                  + sum(w_i * (x_i - mean_i) / scale_i)
    p = 1 / (1 + exp(-(a * z + b)))

Scoring needs only this module and the standard library; training
(``fanzha.text.urls.train``) uses scikit-learn. docs/model-card-urls.md is the
model card.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

from fanzha.core import ConfigError
from fanzha.text.urls.features import NUMERIC_FEATURES

MODEL_FORMAT = "fanzha-url-model/1"
MODEL_RESOURCE = "data/url_model.json"


@dataclass(slots=True)
class UrlModel:
    token_weights: dict[str, float]
    numeric_mean: tuple[float, ...]
    numeric_scale: tuple[float, ...]
    numeric_weights: tuple[float, ...]
    intercept: float
    calibration: tuple[float, float] = (1.0, 0.0)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    def decision(self, tokens: Collection[str], numeric: Sequence[float]) -> float:
        """The uncalibrated log-odds. ``math.fsum`` makes it independent of the order
        of ``tokens`` (a set's order changes with the process's hash seed)."""
        terms = list(map(self.token_weights.get, tokens, repeat(0.0)))
        terms += [
            w * (x - m) / s
            for x, m, s, w in zip(
                numeric, self.numeric_mean, self.numeric_scale, self.numeric_weights, strict=True
            )
        ]
        return self.intercept + math.fsum(terms)

    def probability(self, tokens: Collection[str], numeric: Sequence[float]) -> float:
        """The calibrated probability that the link is phishing / scam."""
        a, b = self.calibration
        t = a * self.decision(tokens, numeric) + b
        if t >= 0:
            return 1.0 / (1.0 + math.exp(-t))
        e = math.exp(t)
        return e / (1.0 + e)

    def top_tokens(self, tokens: Collection[str], n: int = 5) -> list[tuple[str, float]]:
        """The ``n`` tokens that pushed the score up most (for explanations)."""
        found = [(t, self.token_weights[t]) for t in tokens if t in self.token_weights]
        return sorted((x for x in found if x[1] > 0), key=lambda x: (-x[1], x[0]))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "meta": self.meta,
            "intercept": self.intercept,
            "calibration": {"a": self.calibration[0], "b": self.calibration[1]},
            "numeric": {
                "names": list(NUMERIC_FEATURES),
                "mean": list(self.numeric_mean),
                "scale": list(self.numeric_scale),
                "weights": list(self.numeric_weights),
            },
            "tokens": dict(sorted(self.token_weights.items())),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.to_json(), encoding="utf-8")
        return target


def model_from_json(text: str, source: str = "model") -> UrlModel:
    """Read a model written by ``UrlModel.to_json``; ConfigError if it is not one."""
    try:
        data = json.loads(text)
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, expected {MODEL_FORMAT}")
        numeric = data["numeric"]
        names = list(numeric["names"])
        model = UrlModel(
            token_weights={str(k): float(v) for k, v in dict(data["tokens"]).items()},
            numeric_mean=tuple(float(x) for x in numeric["mean"]),
            numeric_scale=tuple(float(x) or 1.0 for x in numeric["scale"]),
            numeric_weights=tuple(float(x) for x in numeric["weights"]),
            intercept=float(data["intercept"]),
            calibration=(float(data["calibration"]["a"]), float(data["calibration"]["b"])),
            meta=dict(data.get("meta", {})),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"link model {source} is invalid: {exc}", code="URL.MODEL_INVALID"
        ) from None
    if names != list(NUMERIC_FEATURES) or not (
        len(model.numeric_mean) == len(model.numeric_scale) == len(model.numeric_weights)
    ):
        raise ConfigError(
            f"link model {source} was trained on other features than this fanzha computes; "
            "retrain it with `python -m fanzha.text.urls.train`",
            code="URL.MODEL_MISMATCH",
        )
    return model


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> UrlModel:
    """Load a model file; ``None`` or empty loads the bundled model (once)."""
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"cannot read link model {path}: {exc.strerror}", code="URL.MODEL_INVALID"
            ) from None
        return model_from_json(text, str(path))
    resource = resources.files("fanzha.text.urls").joinpath(MODEL_RESOURCE)
    if not resource.is_file():
        raise ConfigError(
            "the bundled link model is missing; run `python -m fanzha.text.urls.train`",
            code="URL.MODEL_INVALID",
        )
    return model_from_json(resource.read_text("utf-8"), f"bundled {MODEL_RESOURCE}")
