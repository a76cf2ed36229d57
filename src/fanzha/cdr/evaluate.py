"""Compare detections with the simulator's truth: PR-AUC, precision at k, per role.

PR-AUC is average precision (the step-wise area under the precision-recall
curve, as in scikit-learn's ``average_precision_score``): for role R, lines are
ranked by their score for R and the positives are the lines whose true role is R.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.schema import FRAUD_ROLES, Role
from fanzha.core import InvalidInputError

F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


def average_precision(y_true: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """Average precision; NaN when there is no positive."""
    y = np.asarray(y_true, dtype=bool)
    s = np.asarray(score, dtype=np.float64)
    positives = int(y.sum())
    if positives == 0:
        return float("nan")
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    # Last index of each run of equal scores: ties count as one threshold.
    ends = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]
    tp = np.cumsum(y)[ends]
    precision = tp / (ends + 1)
    recall = tp / positives
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def precision_at_k(y_true: npt.ArrayLike, score: npt.ArrayLike, k: int) -> float:
    """Share of true positives among the ``k`` highest scores (ties broken by order)."""
    y = np.asarray(y_true, dtype=bool)
    if k <= 0 or len(y) == 0:
        return float("nan")
    top = np.argsort(-np.asarray(score, dtype=np.float64), kind="mergesort")[:k]
    return float(y[top].mean())


@dataclass(slots=True)
class Evaluation:
    per_role: dict[str, dict[str, Any]] = field(default_factory=dict)
    fraud: dict[str, Any] = field(default_factory=dict)
    disposal: dict[str, Any] = field(default_factory=dict)
    lines: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "per_role": self.per_role,
            "fraud": self.fraud,
            "disposal": self.disposal,
        }


def _metrics(y: Bool, score: F64, ks: tuple[int, ...]) -> dict[str, Any]:
    positives = int(y.sum())
    out: dict[str, Any] = {"positives": positives, "pr_auc": _round(average_precision(y, score))}
    for k in ks:
        out[f"precision_at_{k}"] = _round(precision_at_k(y, score, k))
    out["precision_at_positives"] = _round(precision_at_k(y, score, positives))
    return out


def _round(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def evaluate(
    detected: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    ks: tuple[int, ...] = (10, 50, 100),
    model_scores: pd.DataFrame | None = None,
    rule_scores: pd.DataFrame | None = None,
) -> Evaluation:
    """``detected`` has msisdn, score, role, score_<role>, disposal; ``truth`` entity, role."""
    needed = {"entity", "role"}
    if not needed <= set(truth.columns):
        raise InvalidInputError(
            f"truth needs columns {sorted(needed)}",
            code="CDR.MISSING_COLUMN",
            details={"table": "truth"},
        )
    true_role = (
        truth.drop_duplicates("entity")
        .set_index("entity")["role"]
        .reindex(detected["msisdn"])
        .fillna(Role.NORMAL.value)
    )
    y_role = true_role.to_numpy().astype(str)
    report = Evaluation(lines=len(detected))
    for role in (*FRAUD_ROLES, Role.VICTIM):
        column = f"score_{role.value}"
        y = y_role == role.value
        metrics = _metrics(y, detected[column].to_numpy(dtype=np.float64), ks)
        predicted = detected["role"].to_numpy().astype(str) == role.value
        metrics["assigned"] = int(predicted.sum())
        metrics["assigned_correct"] = int((predicted & y).sum())
        if model_scores is not None:
            metrics["pr_auc_model_only"] = _round(
                average_precision(y, model_scores[role.value].to_numpy(dtype=np.float64))
            )
        if rule_scores is not None:
            metrics["pr_auc_rules_only"] = _round(
                average_precision(y, rule_scores[role.value].to_numpy(dtype=np.float64))
            )
        report.per_role[role.value] = metrics
    is_fraud = np.isin(y_role, [r.value for r in FRAUD_ROLES])
    report.fraud = _metrics(is_fraud, detected["score"].to_numpy(dtype=np.float64), ks)
    chosen = detected["disposal"].to_numpy(dtype=bool)
    hits = int((chosen & is_fraud).sum())
    report.disposal = {
        "candidates": int(chosen.sum()),
        "correct": hits,
        "precision": _round(hits / chosen.sum()) if chosen.any() else None,
        "recall": _round(hits / is_fraud.sum()) if is_fraud.any() else None,
    }
    return report


def format_report(report: Evaluation) -> str:
    """A short table for people."""
    lines = [f"lines: {report.lines}", ""]
    header = f"{'role':24} {'n':>5} {'PR-AUC':>7} {'model':>7} {'rules':>7} {'P@50':>6} {'P@n':>6}"
    lines.append(header)
    for role, m in report.per_role.items():
        lines.append(
            f"{role:24} {m['positives']:>5} {_fmt(m['pr_auc']):>7} "
            f"{_fmt(m.get('pr_auc_model_only')):>7} {_fmt(m.get('pr_auc_rules_only')):>7} "
            f"{_fmt(m.get('precision_at_50')):>6} {_fmt(m['precision_at_positives']):>6}"
        )
    f = report.fraud
    lines.append(
        f"{'any fraud role':24} {f['positives']:>5} {_fmt(f['pr_auc']):>7} {'':>7} {'':>7} "
        f"{_fmt(f.get('precision_at_50')):>6} {_fmt(f['precision_at_positives']):>6}"
    )
    d = report.disposal
    lines.append("")
    lines.append(
        f"disposal candidates: {d['candidates']} ({d['correct']} fraud), precision "
        f"{_fmt(d['precision'])}, recall {_fmt(d['recall'])}"
    )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
