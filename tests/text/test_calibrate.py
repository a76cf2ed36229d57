from __future__ import annotations

import csv
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from fanzha.cli import main
from fanzha.core.errors import InvalidInputError
from fanzha.text.calibrate import calibrated_policy, threshold_for
from fanzha.text.policy import load_text_policy


def test_threshold_flags_at_most_the_share() -> None:
    scores = [i / 100 for i in range(100)]
    threshold = threshold_for(scores, 0.02)
    flagged = [s for s in scores if s >= threshold]
    assert flagged == [0.98, 0.99]  # floor(0.02 * 100) = 2 may be flagged
    assert threshold_for(scores, 0.0) > 0.99


@given(
    st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=200),
    st.floats(min_value=0, max_value=0.5),
)
def test_threshold_property(scores: list[float], share: float) -> None:
    threshold = threshold_for(scores, share)
    assert 0 < threshold <= 1
    flagged = sum(s >= threshold for s in scores)
    assert flagged <= share * len(scores) or threshold == 1.0


def test_bad_calibration_input() -> None:
    with pytest.raises(InvalidInputError):
        threshold_for([], 0.02)
    with pytest.raises(InvalidInputError):
        threshold_for([0.5], 1.5)


def test_calibrated_policy_keeps_everything_else(tmp_path: Path) -> None:
    base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")
    text = calibrated_policy(base, 0.987, "calibrated-test")
    data = tomllib.loads(text)
    assert data["fraud_threshold"] == 0.987
    assert data["version"].endswith("+calibrated-test")
    assert data["sms"] == tomllib.loads(base)["sms"]
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    assert load_text_policy(str(path)).fraud_threshold == 0.987
    with pytest.raises(InvalidInputError):
        calibrated_policy("nothing = 1", 0.5, "x")


def test_threshold_command_writes_a_working_policy(tmp_path: Path) -> None:
    sample = tmp_path / "normal.csv"
    with sample.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for i in range(40):
            writer.writerow([f"明天{i}点开会,记得带电脑", "ham"])
        writer.writerow(["请把验证码发给我,马上转账到安全账户", "spam"])
    out = tmp_path / "policy.toml"
    result = CliRunner().invoke(
        main,
        ["text", "threshold", str(sample), "--label-col", "label", "--out", str(out), "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["normal_messages"] == 40
    assert report["flagged_share"] <= 0.02
    assert load_text_policy(str(out)).fraud_threshold == pytest.approx(report["threshold"])
    unlabeled = CliRunner().invoke(
        main, ["text", "threshold", str(sample), "--json"], catch_exceptions=False
    )
    assert json.loads(unlabeled.output)["normal_messages"] == 41
