"""Calibrated linear models over TF-IDF of message features, stored without pickle.

Each language has its own head: a vocabulary, a fraud-vs-normal logistic
regression whose margin is calibrated with Platt scaling on out-of-fold
predictions, and a multinomial fraud-type model fitted on fraud messages only.
The file is a compressed ``.npz`` of plain arrays plus a JSON header, so loading
needs numpy only (no scikit-learn, no code execution) and takes milliseconds.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped,unused-ignore]

from fanzha.core.errors import ConfigError

MODEL_FORMAT = "fanzha-text-model/2"
DEFAULT_MODEL_RESOURCE = "model.npz"

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Prediction:
    """Calibrated P(fraud) and P(type | fraud) for each category, per message."""

    fraud: npt.NDArray[np.float64]
    categories: npt.NDArray[np.float64]


@dataclass
class TextHead:
    """One language's vocabulary, calibrated scam model and fraud-type model."""

    vocabulary: dict[str, int]
    idf: FloatArray
    fraud_weights: FloatArray
    fraud_bias: float
    platt_a: float
    platt_b: float
    categories: tuple[str, ...]
    category_weights: FloatArray  # (categories, vocabulary)
    category_bias: FloatArray

    def vectorize(self, feature_lists: Sequence[Sequence[str]]) -> Any:
        """Sublinear TF-IDF rows, L2-normalised, as a CSR matrix."""
        vocabulary = self.vocabulary
        indptr = [0]
        indices: list[int] = []
        counts: list[float] = []
        for features in feature_lists:
            row: dict[int, int] = {}
            for feature in features:
                column = vocabulary.get(feature)
                if column is not None:
                    row[column] = row.get(column, 0) + 1
            indices.extend(row.keys())
            counts.extend(row.values())
            indptr.append(len(indices))
        data = np.asarray(counts, dtype=np.float32)
        columns = np.asarray(indices, dtype=np.int32)
        if data.size:
            data = ((1.0 + np.log(data)) * self.idf[columns]).astype(np.float32)
        matrix = sparse.csr_matrix(
            (data, columns, np.asarray(indptr, dtype=np.int64)),
            shape=(len(feature_lists), len(self.idf)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ matrix

    def margins(self, matrix: Any) -> npt.NDArray[np.float64]:
        return np.asarray(matrix @ self.fraud_weights, dtype=np.float64) + self.fraud_bias

    def predict(self, feature_lists: Sequence[Sequence[str]]) -> Prediction:
        if len(feature_lists) == 1:  # one message: dense gathers beat building a matrix
            return self._predict_one(feature_lists[0])
        matrix = self.vectorize(feature_lists)
        fraud = _sigmoid(self.platt_a * self.margins(matrix) + self.platt_b)
        logits = np.asarray(matrix @ self.category_weights.T, dtype=np.float64)
        logits += self.category_bias
        if logits.shape[1]:
            logits -= logits.max(axis=1, keepdims=True)
        expo = np.exp(logits)
        return Prediction(fraud, expo / np.maximum(expo.sum(axis=1, keepdims=True), 1e-300))

    def _predict_one(self, features: Sequence[str]) -> Prediction:
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for feature in features:
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), np.float64, len(counts)))) * self.idf[
            columns
        ]
        norm = float(np.sqrt(values @ values))
        if norm > 0:
            values = values / norm
        margin = float(values @ self.fraud_weights[columns]) + self.fraud_bias
        fraud = _sigmoid(np.array([self.platt_a * margin + self.platt_b]))
        logits = self.category_weights[:, columns] @ values + self.category_bias
        logits = logits - logits.max() if logits.size else logits
        expo = np.exp(logits)
        return Prediction(
            fraud, (expo / expo.sum())[np.newaxis, :] if expo.size else expo[np.newaxis, :]
        )

    def header(self) -> dict[str, Any]:
        return {
            "fraud_bias": self.fraud_bias,
            "platt_a": self.platt_a,
            "platt_b": self.platt_b,
            "categories": list(self.categories),
            "terms": len(self.vocabulary),
        }

    def arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        terms = [""] * len(self.vocabulary)
        for term, column in self.vocabulary.items():
            terms[column] = term
        return {
            f"{prefix}terms": np.frombuffer(
                json.dumps(terms, ensure_ascii=False).encode(), np.uint8
            ),
            f"{prefix}idf": self.idf.astype(np.float32),
            f"{prefix}fraud_weights": self.fraud_weights.astype(np.float32),
            f"{prefix}category_weights": self.category_weights.astype(np.float16),
            f"{prefix}category_bias": self.category_bias.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, header: dict[str, Any], arrays: Any, prefix: str) -> TextHead:
        terms = json.loads(arrays[f"{prefix}terms"].tobytes().decode())
        return cls(
            vocabulary={term: column for column, term in enumerate(terms)},
            idf=arrays[f"{prefix}idf"].astype(np.float32),
            fraud_weights=arrays[f"{prefix}fraud_weights"].astype(np.float32),
            fraud_bias=float(header["fraud_bias"]),
            platt_a=float(header["platt_a"]),
            platt_b=float(header["platt_b"]),
            categories=tuple(header["categories"]),
            category_weights=arrays[f"{prefix}category_weights"].astype(np.float32),
            category_bias=arrays[f"{prefix}category_bias"].astype(np.float32),
        )


@dataclass
class TextModel:
    """One head per language, chosen by the message's language.

    Chinese and English scams share little vocabulary, and one model over both
    let the English sets' habits (short texts, Latin tokens) shape the Chinese
    decision; separate heads keep each language's threshold honest. A message
    in a language without its own head goes to ``fallback``.
    """

    version: str
    heads: dict[str, TextHead]
    fallback: str
    meta: dict[str, Any] = field(default_factory=dict)
    categories: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.fallback not in self.heads:
            raise ConfigError(
                f"text model has no {self.fallback!r} head to fall back on",
                code="TEXT.MODEL_FORMAT",
            )
        self.categories = tuple(
            sorted({c for head in self.heads.values() for c in head.categories})
        )

    def head_for(self, lang: str | None) -> str:
        return lang if lang in self.heads else self.fallback

    @property
    def terms(self) -> int:
        return sum(len(head.vocabulary) for head in self.heads.values())

    def predict(
        self, feature_lists: Sequence[Sequence[str]], langs: Sequence[str | None] | None = None
    ) -> Prediction:
        """P(fraud) and P(type | fraud) over ``categories``, each message by its language's head."""
        if langs is not None and len(langs) != len(feature_lists):
            raise ValueError(f"{len(langs)} languages for {len(feature_lists)} messages")
        routes = (
            [self.head_for(lang) for lang in langs]
            if langs
            else [self.fallback] * len(feature_lists)
        )
        fraud = np.zeros(len(feature_lists), dtype=np.float64)
        types = np.zeros((len(feature_lists), len(self.categories)), dtype=np.float64)
        for name, head in self.heads.items():
            rows = [row for row, route in enumerate(routes) if route == name]
            if not rows:
                continue
            part = head.predict([feature_lists[row] for row in rows])
            fraud[rows] = part.fraud
            if head.categories:
                columns = [self.categories.index(c) for c in head.categories]
                types[np.ix_(rows, columns)] = part.categories
        return Prediction(fraud, types)

    def save(self, path: Path) -> None:
        header = {
            "format": MODEL_FORMAT,
            "version": self.version,
            "fallback": self.fallback,
            "heads": {name: head.header() for name, head in self.heads.items()},
            "meta": self.meta,
        }
        arrays: dict[str, npt.NDArray[Any]] = {
            "header": np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8)
        }
        for name, head in self.heads.items():
            arrays.update(head.arrays(f"{name}."))
        buffer = io.BytesIO()
        # Typed loosely: numpy's stubs read ``**arrays`` as its keyword options.
        savez: Any = np.savez_compressed
        savez(buffer, **arrays)
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, source: Path | bytes) -> TextModel:
        try:
            raw = source.read_bytes() if isinstance(source, Path) else source
            with np.load(io.BytesIO(raw), allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes().decode())
                if not isinstance(header, dict) or header.get("format") != MODEL_FORMAT:
                    found = header.get("format") if isinstance(header, dict) else None
                    raise ConfigError(
                        f"text model format {found!r} is not {MODEL_FORMAT}",
                        code="TEXT.MODEL_FORMAT",
                    )
                heads = {
                    str(name): TextHead.from_arrays(head, arrays, f"{name}.")
                    for name, head in header["heads"].items()
                }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ConfigError(
                f"text model file is unreadable: {error}", code="TEXT.MODEL_UNREADABLE"
            ) from error
        return cls(
            version=str(header["version"]),
            heads=heads,
            fallback=str(header["fallback"]),
            meta=dict(header.get("meta", {})),
        )


def _sigmoid(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(values, -40.0, 40.0))), dtype=np.float64)


def default_model_path() -> Path:
    return Path(str(resources.files("fanzha.text") / "data" / DEFAULT_MODEL_RESOURCE))


@lru_cache(maxsize=1)
def load_default_model() -> TextModel:
    """The model shipped with the package (trained by ``fanzha text train``)."""
    path = default_model_path()
    if not path.exists():
        raise ConfigError(
            "the text model is not installed; run `fanzha text train`",
            code="TEXT.MODEL_MISSING",
            details={"path": str(path)},
        )
    return TextModel.load(path)


def platt_fit(
    margins: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_]
) -> tuple[float, float]:
    """Platt scaling (with Platt's target smoothing) by Newton steps on two parameters."""
    positives = float(labels.sum())
    negatives = float(len(labels) - positives)
    hi = (positives + 1.0) / (positives + 2.0)
    lo = 1.0 / (negatives + 2.0)
    targets = np.where(labels, hi, lo)
    a, b = 1.0, 0.0
    for _ in range(100):
        p = _sigmoid(a * margins + b)
        weights = np.maximum(p * (1 - p), 1e-12)
        grad_a = float(np.sum((p - targets) * margins))
        grad_b = float(np.sum(p - targets))
        h_aa = float(np.sum(weights * margins * margins)) + 1e-9
        h_ab = float(np.sum(weights * margins))
        h_bb = float(np.sum(weights)) + 1e-9
        det = h_aa * h_bb - h_ab * h_ab
        if det <= 0:
            break
        step_a = (h_bb * grad_a - h_ab * grad_b) / det
        step_b = (h_aa * grad_b - h_ab * grad_a) / det
        a, b = a - step_a, b - step_b
        if math.hypot(step_a, step_b) < 1e-9:
            break
    return a, b
