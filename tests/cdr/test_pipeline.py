from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fanzha.cdr.evaluate import average_precision, evaluate, format_report, precision_at_k
from fanzha.cdr.pipeline import OUTPUT_COLUMNS, Detection, detect, score_features
from fanzha.cdr.runner import evaluate_dir
from fanzha.core import InvalidInputError


@pytest.fixture(scope="module")
def detection(small_features: pd.DataFrame) -> Detection:
    return score_features(small_features)


def test_every_line_gets_a_score_a_role_and_findings(detection: Detection, small_dir: Path) -> None:
    frame = detection.frame
    assert list(frame.columns) == list(OUTPUT_COLUMNS)
    truth = pd.read_parquet(small_dir / "truth.parquet")
    assert len(frame) == len(truth) and frame["msisdn"].is_unique
    assert frame["score"].between(0, 1).all()
    flagged = frame[frame["role"] != "normal"]
    assert len(flagged) > 10
    for row in flagged.itertuples():
        findings = json.loads(row.findings)
        assert findings, row.msisdn  # nothing is a bare number
        assert {"detector", "version", "score", "code", "reason", "reason_zh", "evidence"} <= set(
            findings[0]
        )


def test_model_finding_explains_with_features(detection: Detection) -> None:
    top = detection.frame.sort_values("score", ascending=False).iloc[0]
    model = [f for f in detection.findings[top.msisdn] if f.detector == "cdr.model"]
    assert model and model[0].code == f"CDR.MODEL.{top.role.upper()}"
    features = model[0].evidence["top_features"]
    assert features and all(item["contribution"] > 0 for item in features)


def test_disposal_candidates_are_fraud_roles_above_threshold(detection: Detection) -> None:
    candidates = detection.disposal_candidates()
    assert candidates
    assert all(c["score"] >= 0.9 and c["role"] != "victim" and c["findings"] for c in candidates)
    assert [c["score"] for c in candidates] == sorted(
        (c["score"] for c in candidates), reverse=True
    )
    masked = detection.disposal_candidates(mask=True)
    assert "***" in masked[0]["msisdn"]


def test_small_scenario_quality(detection: Detection, small_dir: Path) -> None:
    truth = pd.read_parquet(small_dir / "truth.parquet")
    report = evaluate(
        detection.frame,
        truth,
        model_scores=detection.model_scores,
        rule_scores=detection.rule_scores,
    )
    for role in ("fraud_sim", "simbox", "abused_enterprise_line"):
        assert report.per_role[role]["pr_auc"] >= 0.9, (role, report.per_role[role])
    assert report.disposal["precision"] >= 0.9
    text = format_report(report)
    assert "fraud_sim" in text and "disposal candidates" in text


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_write_and_evaluate_predictions(
    detection: Detection, small_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = detection.write(tmp_path / f"out{suffix}")
    direct = evaluate(detection.frame, pd.read_parquet(small_dir / "truth.parquet"))
    again = evaluate_dir(small_dir, predictions=path)
    assert again.per_role == direct.per_role


def test_masked_output(detection: Detection, tmp_path: Path) -> None:
    path = detection.write(tmp_path / "masked.csv", mask=True)
    assert pd.read_csv(path)["msisdn"].str.contains(r"\*\*\*").all()


def test_unknown_output_format(detection: Detection, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as err:
        detection.write(tmp_path / "out.xlsx")
    assert err.value.code == "CDR.OUTPUT_FORMAT"


def test_detect_end_to_end(tiny_dir: Path) -> None:
    result = detect(tiny_dir)
    stats = result.stats
    assert stats["engine"] == "duckdb" and stats["subscribers"] == len(result.frame)
    assert stats["policy_version"] and stats["model_version"]
    assert stats["duplicates_dropped"] == {"cdr": 0, "sms": 0}


def test_average_precision_matches_the_textbook() -> None:
    y = np.array([1, 0, 1, 0, 0, 1])
    s = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    # precision at each positive: 1/1, 2/3, 3/6
    assert average_precision(y, s) == pytest.approx((1 + 2 / 3 + 0.5) / 3)
    assert np.isnan(average_precision(np.zeros(3), np.ones(3)))
    assert precision_at_k(y, s, 2) == 0.5
    sklearn = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    for _ in range(20):
        y = rng.random(200) < 0.1
        s = np.round(rng.random(200), 2)  # ties included
        if y.any():
            assert average_precision(y, s) == pytest.approx(sklearn.average_precision_score(y, s))
