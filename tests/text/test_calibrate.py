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
from fanzha.core.errors import ConfigError, InvalidInputError
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


def test_calibrated_policy_writes_thresholds_per_language(tmp_path: Path) -> None:
    base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")
    text = calibrated_policy(base, 0.6, "calibrated-test", {"zh": 0.93, "en": 0.41})
    assert tomllib.loads(text)["fraud_threshold_by_lang"] == {"zh": 0.93, "en": 0.41}
    # Calibrating a calibrated policy replaces the table instead of adding a second one.
    again = calibrated_policy(text, 0.6, "again", {"zh": 0.9})
    assert tomllib.loads(again)["fraud_threshold_by_lang"] == {"zh": 0.9}
    path = tmp_path / "policy.toml"
    path.write_text(again, encoding="utf-8")
    policy = load_text_policy(str(path))
    assert (policy.threshold_for("zh"), policy.threshold_for("en")) == (0.9, 0.6)
    assert policy.threshold_for(None) == 0.6
    with pytest.raises(InvalidInputError):
        calibrated_policy(base, 0.5, "x", {'zh"]\nevil = 1': 0.5})


def test_out_of_range_language_thresholds_are_config_errors(tmp_path: Path) -> None:
    base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")
    path = tmp_path / "policy.toml"
    path.write_text(calibrated_policy(base, 0.5, "x", {"zh": 1.5}), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_text_policy(str(path))


def test_each_language_gets_its_threshold_and_the_analyzer_uses_it(tmp_path: Path) -> None:
    sample = tmp_path / "normal.csv"
    with sample.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text"])
        for i in range(150):
            writer.writerow([f"明天{i}点开会,记得带电脑和第{i % 7}季度的报表"])
        for i in range(120):
            writer.writerow([f"see you at {i % 12} tomorrow, bring the slides for part {i}"])
        for i in range(20):
            writer.writerow([f"ok {i}"])
    out = tmp_path / "policy.toml"
    result = CliRunner().invoke(
        main, ["text", "threshold", str(sample), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["by_lang"]) == {"zh", "en"}
    assert report["by_lang"]["zh"]["normal_messages"] == 150
    assert report["by_lang"]["en"]["normal_messages"] == 140
    policy = load_text_policy(str(out))
    assert policy.fraud_threshold_by_lang == {
        "zh": pytest.approx(report["by_lang"]["zh"]["threshold"]),
        "en": pytest.approx(report["by_lang"]["en"]["threshold"]),
    }
    for lang in ("zh", "en"):
        assert report["by_lang"][lang]["flagged_share"] <= 0.02
    single = CliRunner().invoke(
        main, ["text", "threshold", str(sample), "--one-threshold", "--out", str(out)]
    )
    assert single.exit_code == 0, single.output
    assert load_text_policy(str(out)).fraud_threshold_by_lang == {}
    assert "  zh: 150 messages\n" in single.output


def test_the_analyzer_applies_the_threshold_of_the_message_language() -> None:
    from dataclasses import replace

    from fanzha.text import TextAnalyzer
    from fanzha.text.policy import default_text_policy

    scam = "【公安局】您的银行卡涉嫌洗钱,请立即将资金转入安全账户配合调查"
    base = default_text_policy()
    assert TextAnalyzer(policy=base).analyze(scam).is_fraud
    strict_zh = replace(base, fraud_threshold_by_lang={"zh": 1.0})
    analyzer = TextAnalyzer(policy=strict_zh)
    assert not analyzer.analyze(scam).is_fraud
    english = "URGENT! Your account is locked, verify your card at http://secure-bank-login.xyz now"
    assert analyzer.analyze(english).is_fraud == TextAnalyzer(policy=base).analyze(english).is_fraud


def test_sms_text_score_puts_the_language_threshold_on_the_warn_band() -> None:
    from dataclasses import replace

    from fanzha.text.policy import default_text_policy

    shipped = default_text_policy()
    for score in (0.0, 0.2, 0.5, 0.77, 1.0):  # threshold == warn band: unchanged
        assert shipped.sms_text_score(score, "zh") == pytest.approx(score)
    fitted = replace(shipped, fraud_threshold_by_lang={"zh": 0.9})
    assert fitted.sms_text_score(0.9, "zh") == pytest.approx(shipped.sms_warn)
    assert fitted.sms_text_score(0.8, "zh") < shipped.sms_warn
    assert fitted.sms_text_score(1.0, "zh") == pytest.approx(1.0)
    assert fitted.sms_text_score(0.8, "en") == pytest.approx(0.8)
    strict = replace(shipped, fraud_threshold_by_lang={"zh": 1.0})
    assert strict.sms_text_score(0.99, "zh") < shipped.sms_warn


@given(
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0.01, max_value=1),
)
def test_sms_text_score_is_monotone_and_bounded(a: float, b: float, threshold: float) -> None:
    from dataclasses import replace

    from fanzha.text.policy import default_text_policy

    policy = replace(default_text_policy(), fraud_threshold_by_lang={"zh": threshold})
    low, high = sorted((a, b))
    assert 0.0 <= policy.sms_text_score(low, "zh") <= policy.sms_text_score(high, "zh") <= 1.0
