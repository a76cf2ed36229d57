"""Scoring the analyzer against labelled messages: precision, recall, F1, confusion."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanzha.core.errors import InvalidInputError
from fanzha.core.taxonomy import FraudCategory

# Label values read as "fraud" and as "not fraud" when a file uses words or numbers.
POSITIVE_LABELS = frozenset(
    {"1", "true", "yes", "spam", "smishing", "fraud", "scam", "phishing", "诈骗", "是"}
)
NEGATIVE_LABELS = frozenset({"0", "false", "no", "ham", "normal", "legit", "正常", "否"})
_TAXONOMY = frozenset(category.value for category in FraudCategory)


@dataclass(frozen=True)
class LabeledRow:
    text: str
    is_fraud: bool
    category: str | None  # a taxonomy code when the file has them


@dataclass
class BinaryMetrics:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif truth:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def macro_f1(self) -> float:
        """Mean of the F1 of "fraud" and the F1 of "not fraud"."""
        negative = BinaryMetrics(tp=self.tn, fp=self.fn, tn=self.tp, fn=self.fp)
        return (self.f1 + negative.f1) / 2


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over the classes present in ``truth``."""
    scores = []
    for label in sorted(set(truth)):
        counts = BinaryMetrics()
        for t, p in zip(truth, predicted, strict=True):
            counts.add(t == label, p == label)
        scores.append(counts.f1)
    return sum(scores) / len(scores) if scores else 0.0


@dataclass
class EvaluationReport:
    rows: int
    binary: BinaryMetrics
    category_macro_f1: float | None = None
    category_rows: int = 0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        b = self.binary
        return {
            "rows": self.rows,
            "precision": round(b.precision, 4),
            "recall": round(b.recall, 4),
            "f1": round(b.f1, 4),
            "macro_f1": round(b.macro_f1, 4),
            "false_positive_rate": round(b.false_positive_rate, 4),
            "confusion": {"tp": b.tp, "fp": b.fp, "tn": b.tn, "fn": b.fn},
            "category_macro_f1": (
                None if self.category_macro_f1 is None else round(self.category_macro_f1, 4)
            ),
            "category_rows": self.category_rows,
            "category_confusion": self.confusion,
        }


def evaluate_predictions(
    rows: Sequence[LabeledRow], predicted_fraud: Sequence[bool], predicted_category: Sequence[str]
) -> EvaluationReport:
    """Binary metrics over all rows; fraud-type macro-F1 and confusion over rows whose
    truth is a fraud type (the type question only makes sense for fraud)."""
    binary = BinaryMetrics()
    for row, fraud in zip(rows, predicted_fraud, strict=True):
        binary.add(row.is_fraud, fraud)
    typed = [
        (row.category, predicted)
        for row, predicted in zip(rows, predicted_category, strict=True)
        if row.category and row.category != FraudCategory.NOT_FRAUD.value and row.is_fraud
    ]
    report = EvaluationReport(rows=len(rows), binary=binary)
    if typed:
        truth = [t for t, _ in typed]
        guesses = [p for _, p in typed]
        report.category_macro_f1 = macro_f1(truth, guesses)
        report.category_rows = len(typed)
        confusion: dict[str, Counter[str]] = {}
        for t, p in typed:
            confusion.setdefault(t, Counter())[p] += 1
        report.confusion = {t: dict(sorted(c.items())) for t, c in sorted(confusion.items())}
    return report


def parse_label(value: str, positives: Iterable[str] = ()) -> tuple[bool, str | None]:
    """A label cell as (is_fraud, taxonomy code or None). Raises ValueError if unknown."""
    cleaned = value.strip().lower()
    extra = {p.strip().lower() for p in positives}
    if cleaned in _TAXONOMY:
        return cleaned != FraudCategory.NOT_FRAUD.value, cleaned
    if cleaned in POSITIVE_LABELS or cleaned in extra:
        return True, None
    if cleaned in NEGATIVE_LABELS or (extra and cleaned not in extra):
        return False, None
    raise ValueError(value)


def read_labeled_csv(
    path: Path,
    *,
    text_col: str,
    label_col: str | None,
    positives: Sequence[str] = (),
    delimiter: str = ",",
) -> tuple[list[LabeledRow], int]:
    """Rows of a CSV with a text and a label column; returns (rows, rows skipped).
    Without ``label_col`` every row is taken as normal (a sample of normal traffic).

    Empty texts are skipped and counted; an unknown label value is an error that
    names the row, because guessing would make the metrics wrong."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InvalidInputError(
            f"cannot read {path}: {error.strerror}",
            code="TEXT.EVAL_FILE",
            details={"file": str(path)},
        ) from None
    rows: list[LabeledRow] = []
    skipped = 0
    with handle:
        try:
            reader = csv.DictReader(handle, delimiter=delimiter)
            columns = reader.fieldnames or []
            for column in (text_col, label_col):
                if column is not None and column not in columns:
                    raise InvalidInputError(
                        f"{path} has no column {column!r} (columns: {', '.join(columns)})",
                        code="TEXT.EVAL_COLUMN",
                        details={"file": str(path), "column": column, "columns": list(columns)},
                    )
            for line, record in enumerate(reader, start=2):
                text = (record.get(text_col) or "").strip()
                if not text:
                    skipped += 1
                    continue
                if label_col is None:
                    rows.append(LabeledRow(text, False, None))
                    continue
                try:
                    is_fraud, category = parse_label(record.get(label_col) or "", positives)
                except ValueError:
                    raise InvalidInputError(
                        f"{path} line {line}: label {record.get(label_col)!r} is neither a "
                        "taxonomy code nor a known fraud/normal value; name the fraud "
                        "values with --positive",
                        code="TEXT.EVAL_LABEL",
                        details={"file": str(path), "line": line},
                    ) from None
                rows.append(LabeledRow(text, is_fraud, category))
        except (csv.Error, UnicodeDecodeError) as error:
            raise InvalidInputError(
                f"{path} is not a readable UTF-8 CSV: {error}",
                code="TEXT.EVAL_FILE",
                details={"file": str(path)},
            ) from None
    return rows, skipped
