from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from fanzha.cdr.cli import register


@pytest.fixture(scope="module")
def fanzha() -> click.Group:
    @click.group()
    def main() -> None:
        """A stand-in for the `fanzha` command."""

    register(main)
    return main


def run(group: click.Group, *args: str) -> Result:
    return CliRunner().invoke(group, list(args), catch_exceptions=False)


def test_simulate_detect_eval(fanzha: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "sim"
    result = run(
        fanzha,
        "simulate",
        "--seed",
        "3",
        "--subscribers",
        "600",
        "--days",
        "4",
        "--fraud-share",
        "0.05",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "call records" in result.output and "fraud_sim" in result.output
    det = tmp_path / "det.parquet"
    disposal = tmp_path / "disposal.jsonl"
    result = run(
        fanzha, "cdr", "detect", "--input", str(out), "--out", str(det), "--disposal", str(disposal)
    )
    assert result.exit_code == 0, result.output
    assert "disposal candidates" in result.output and "***" in result.output
    frame = pd.read_parquet(det)
    assert {"msisdn", "score", "role", "findings"} <= set(frame.columns)
    lines = disposal.read_text(encoding="utf-8").splitlines()
    assert lines and json.loads(lines[0])["findings"]
    result = run(fanzha, "cdr", "eval", "--input", str(out), "--json")
    report = json.loads(result.output)
    assert report["per_role"]["simbox"]["pr_auc"] is not None
    result = run(fanzha, "cdr", "eval", "--input", str(out), "--predictions", str(det))
    assert "PR-AUC" in result.output


def test_simulate_json_and_mix(fanzha: click.Group, tmp_path: Path) -> None:
    result = run(
        fanzha,
        "simulate",
        "--subscribers",
        "300",
        "--days",
        "2",
        "--mix",
        "courier=0.3",
        "--stealth",
        "0.5",
        "--out",
        str(tmp_path / "s"),
        "--json",
    )
    data = json.loads(result.output)
    assert data["rows"]["subscribers"] == 300


def test_bad_input_is_one_clear_line(fanzha: click.Group, tmp_path: Path) -> None:
    result = run(
        fanzha,
        "cdr",
        "detect",
        "--input",
        str(tmp_path / "nothing"),
        "--out",
        str(tmp_path / "x.parquet"),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    result = run(fanzha, "cdr", "eval", "--input", str(tmp_path / "nothing"), "--json")
    assert (
        result.exit_code == 2 and json.loads(result.stdout)["error"]["code"] == "CDR.INPUT_MISSING"
    )
    result = run(fanzha, "simulate", "--out", str(tmp_path / "m"), "--mix", "martians=1")
    assert result.exit_code == 2 and "martians" in result.stderr


def test_features_command(fanzha: click.Group, tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    result = run(fanzha, "cdr", "features", "--input", str(tiny_dir), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 800


def test_help_everywhere(fanzha: click.Group) -> None:
    for path in (
        ["simulate"],
        ["cdr"],
        ["cdr", "detect"],
        ["cdr", "eval"],
        ["cdr", "train"],
        ["cdr", "features"],
    ):
        result = run(fanzha, *path, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
