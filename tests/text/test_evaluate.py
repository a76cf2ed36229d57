from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core.errors import InvalidInputError
from fanzha.text.evaluate import (
    BinaryMetrics,
    LabeledRow,
    evaluate_predictions,
    macro_f1,
    parse_label,
    read_labeled_csv,
)


def test_binary_metrics_on_a_known_confusion() -> None:
    metrics = BinaryMetrics(tp=8, fp=2, tn=88, fn=2)
    assert metrics.precision == pytest.approx(0.8)
    assert metrics.recall == pytest.approx(0.8)
    assert metrics.f1 == pytest.approx(0.8)
    assert metrics.false_positive_rate == pytest.approx(2 / 90)
    negative_f1 = 2 * 88 / (2 * 88 + 2 + 2)
    assert metrics.macro_f1 == pytest.approx((0.8 + negative_f1) / 2)


def test_empty_metrics_are_zero_not_errors() -> None:
    metrics = BinaryMetrics()
    assert (metrics.precision, metrics.recall, metrics.f1, metrics.false_positive_rate) == (
        0.0,
        0.0,
        0.0,
        0.0,
    )


def test_macro_f1_averages_classes_equally() -> None:
    truth = ["a", "a", "a", "b"]
    guess = ["a", "a", "a", "a"]
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    assert macro_f1(truth, guess) == pytest.approx((2 * 3 / (2 * 3 + 1)) / 2)


def test_type_metrics_only_over_fraud_rows() -> None:
    rows = [
        LabeledRow("x", True, "investment"),
        LabeledRow("y", True, "romance"),
        LabeledRow("z", False, "not_fraud"),
    ]
    report = evaluate_predictions(
        rows, [True, True, False], ["investment", "investment", "not_fraud"]
    )
    assert report.binary.f1 == 1.0
    assert report.category_rows == 2
    assert report.confusion == {"investment": {"investment": 1}, "romance": {"investment": 1}}
    assert report.category_macro_f1 == pytest.approx((2 / 3 + 0) / 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("spam", (True, None)),
        ("HAM", (False, None)),
        ("1", (True, None)),
        ("0", (False, None)),
        ("investment", (True, "investment")),
        ("not_fraud", (False, "not_fraud")),
    ],
)
def test_label_values(value: str, expected: tuple[bool, str | None]) -> None:
    assert parse_label(value) == expected


def test_custom_positive_values_make_every_other_value_normal() -> None:
    assert parse_label("bad", ["bad"]) == (True, None)
    assert parse_label("whatever", ["bad"]) == (False, None)
    with pytest.raises(ValueError):
        parse_label("whatever")


def test_csv_reading_skips_empty_rows_and_names_bad_labels(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("text,label\nhello,ham\n,spam\nwin a prize,spam\n", encoding="utf-8")
    rows, skipped = read_labeled_csv(path, text_col="text", label_col="label")
    assert [r.is_fraud for r in rows] == [False, True]
    assert skipped == 1
    path.write_text("text,label\nhello,maybe\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as error:
        read_labeled_csv(path, text_col="text", label_col="label")
    assert error.value.code == "TEXT.EVAL_LABEL"
    assert error.value.details["line"] == 2


def test_csv_missing_column_or_file_or_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("body,label\nhello,ham\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as error:
        read_labeled_csv(path, text_col="text", label_col="label")
    assert error.value.code == "TEXT.EVAL_COLUMN"
    with pytest.raises(InvalidInputError):
        read_labeled_csv(tmp_path / "missing.csv", text_col="text", label_col="label")
    path.write_bytes(b"text,label\n\xff\xfe\xfa,ham\n")
    with pytest.raises(InvalidInputError) as error:
        read_labeled_csv(path, text_col="text", label_col="label")
    assert error.value.code == "TEXT.EVAL_FILE"
