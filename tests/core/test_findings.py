from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanzha.core import FanzhaError, Finding, InvalidNumberError, combine_scores


def finding(score: float) -> Finding:
    return Finding("test", "1", score, "TEST.CODE", "reason", {}, "原因")


def test_combine_scores_is_noisy_or() -> None:
    assert combine_scores([]) == 0.0
    assert combine_scores([finding(0.5), finding(0.5)]) == 0.75
    assert combine_scores([finding(1.0), finding(0.1)]) == 1.0


@given(st.lists(st.floats(-1, 2), max_size=10))
def test_combined_score_is_a_probability_and_monotone(scores: list[float]) -> None:
    combined = combine_scores([finding(s) for s in scores])
    assert 0.0 <= combined <= 1.0
    assert combined >= max([min(max(s, 0.0), 1.0) for s in scores], default=0.0) - 1e-12


def test_error_shape() -> None:
    error = InvalidNumberError("bad number", details={"input": "x"})
    assert error.to_dict() == {
        "error": {"code": "NUMBER.INVALID", "message": "bad number", "details": {"input": "x"}}
    }
    assert error.status == 422 and isinstance(error, FanzhaError)
