"""Detections: round trip of evidence JSON, ordering, filters, validation."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from fanzha.core import InvalidInputError, InvalidNumberError, NewDetection, StoredDetection
from fanzha.store import Store

NUMBER = "+8613812345678"
T0 = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def detection(**changes: object) -> NewDetection:
    values: dict[str, object] = {
        "number": NUMBER,
        "detector": "callerid.spoofing",
        "code": "CALLERID.INTL_GATEWAY_DOMESTIC_CLI",
        "score": 0.9,
        "evidence": {"trunk": "intl-3", "hops": [1, 2.5, None, True], "理由": "境外网关"},
    }
    values.update(changes)
    return NewDetection(**values)  # type: ignore[arg-type]


def test_add_detection_round_trip(store: Store) -> None:
    before = datetime.now(UTC)
    stored = store.add_detection(detection())

    assert isinstance(stored, StoredDetection)
    assert stored.id > 0
    assert stored.evidence == {"trunk": "intl-3", "hops": [1, 2.5, None, True], "理由": "境外网关"}
    assert stored.created_at.tzinfo is UTC and stored.created_at >= before
    assert store.detections_for(NUMBER) == [stored]


def test_nested_evidence_and_bounds_of_score(store: Store) -> None:
    evidence: dict[str, object] = {"a": {"b": {"c": ["d", {"e": 1}]}}, "empty": {}}
    low = store.add_detection(detection(score=0, evidence=evidence, created_at=T0))
    high = store.add_detection(detection(score=1, evidence={}, created_at=T0 + timedelta(1)))

    assert store.detections_for(NUMBER) == [high, low]
    assert low.score == 0.0 and high.score == 1.0
    assert store.detections_for(NUMBER)[1].evidence == evidence


def test_detections_for_is_newest_first_filtered_and_limited(store: Store) -> None:
    for hours in (0, 5, 2):
        store.add_detection(detection(code=f"C{hours}", created_at=T0 + timedelta(hours=hours)))
    store.add_detection(detection(number="+8613900000000", created_at=T0))

    assert [d.code for d in store.detections_for(NUMBER)] == ["C5", "C2", "C0"]
    assert [d.code for d in store.detections_for(NUMBER, since=T0 + timedelta(hours=1))] == [
        "C5",
        "C2",
    ]
    assert [d.code for d in store.detections_for(NUMBER, limit=1)] == ["C5"]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"score": -0.01}, InvalidInputError),
        ({"score": 1.01}, InvalidInputError),
        ({"score": math.nan}, InvalidInputError),
        ({"score": True}, InvalidInputError),
        ({"score": "0.5"}, InvalidInputError),
        ({"evidence": {"x": math.inf}}, InvalidInputError),
        ({"evidence": {"x": object()}}, InvalidInputError),
        ({"evidence": {"x": datetime.now(UTC)}}, InvalidInputError),
        ({"evidence": {1: "int key"}}, InvalidInputError),
        ({"evidence": {"x": "nul\x00"}}, InvalidInputError),
        ({"evidence": {"x": "y" * 70_000}}, InvalidInputError),
        ({"evidence": ["not", "an", "object"]}, InvalidInputError),
        ({"detector": ""}, InvalidInputError),
        ({"code": "c" * 129}, InvalidInputError),
        ({"number": "110"}, InvalidNumberError),
        ({"created_at": datetime(2025, 1, 1)}, InvalidInputError),
    ],
)
def test_invalid_detections_are_refused(
    store: Store, changes: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        store.add_detection(detection(**changes))
    assert store.detections_for(NUMBER) == []


def test_deeply_nested_evidence_is_refused(store: Store) -> None:
    nested: dict[str, object] = {}
    for _ in range(100):
        nested = {"n": nested}
    with pytest.raises(InvalidInputError):
        store.add_detection(detection(evidence=nested))
