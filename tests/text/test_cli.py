from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from click.testing import CliRunner

from fanzha.cli import main
from fanzha.text.model import TextModel

SCAM = "【公安局】您的银行卡涉嫌洗钱,请立即将资金转入安全账户配合调查,不要告诉家人。"
NORMAL = "妈,我今晚加班,晚饭不用等我了。"


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_check_exit_codes_and_output() -> None:
    scam = invoke("text", "check", SCAM)
    assert scam.exit_code == 1
    assert "SCAM" in scam.output and "TEXT.SAFE_ACCOUNT" in scam.output
    normal = invoke("text", "check", NORMAL)
    assert normal.exit_code == 0
    assert "no scam found" in normal.output


def test_check_json_and_stdin() -> None:
    result = invoke("text", "check", "--json", "-", stdin=SCAM)
    body = json.loads(result.output)
    assert body["is_fraud"] is True
    assert body["category"] == "impersonate_authority"


def test_check_bad_input_exits_2_with_the_error_shape() -> None:
    result = invoke("text", "check", "--json", "   ")
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "TEXT.EMPTY"
    result = invoke("text", "check", "x" * 200_001)
    assert result.exit_code == 2
    assert "at most 200000" in result.output


def test_eval_prints_metrics_and_confusion(tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["body", "truth"])
        writer.writerow([SCAM, "impersonate_authority"])
        writer.writerow([NORMAL, "not_fraud"])
        writer.writerow(["明天下午三点开会", "not_fraud"])
    result = invoke("text", "eval", str(path), "--text-col", "body", "--label-col", "truth")
    assert result.exit_code == 0, result.output
    for word in ("precision", "recall", "f1", "macro_f1", "confusion", "fraud-type macro-F1"):
        assert word in result.output
    report = json.loads(
        invoke(
            "text", "eval", str(path), "--text-col", "body", "--label-col", "truth", "--json"
        ).output
    )
    assert report["rows"] == 3
    assert report["confusion"] == {"tp": 1, "fp": 0, "tn": 2, "fn": 0}


def test_eval_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text("text,label\nhello,ham\n", encoding="utf-8")
    result = invoke("text", "eval", str(path), "--label-col", "truth")
    assert result.exit_code == 2
    assert "no column 'truth'" in result.output


def test_train_writes_a_loadable_model(tmp_path: Path) -> None:
    out = tmp_path / "model.npz"
    result = invoke(
        "text", "train", "--generated", "600", "--seed", "3", "--out", str(out), "--json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["trained_on"] == {"generator": 600}
    assert summary["held_out"]["generator"]["rows"] >= 200
    model = TextModel.load(out)
    assert model.meta["seed"] == 3
    assert model.meta["redistributable"] is True


def test_train_refuses_to_ship_evaluation_only_data() -> None:
    result = invoke("text", "train", "--generated", "10", "--evaluation-only-sets", "--json")
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "TEXT.LICENCE"


def test_commands_honour_the_text_settings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from importlib import resources

    base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(
        re.sub(r'(?m)^version = "[^"]*"', 'version = "strict-test"', base).replace(
            "fraud_threshold = 0.5", "fraud_threshold = 1.0"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("FANZHA_TEXT_POLICY_FILE", str(policy))
    result = invoke("text", "check", "--json", SCAM)
    body = json.loads(result.output)
    assert body["policy_version"] == "strict-test"
    monkeypatch.setenv("FANZHA_TEXT_MODEL_FILE", str(tmp_path / "missing.npz"))
    missing = invoke("text", "check", "--json", SCAM)
    assert missing.exit_code == 1
    assert json.loads(missing.output)["error"]["code"] == "TEXT.MODEL_UNREADABLE"
