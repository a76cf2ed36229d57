"""The finding-code catalogue is complete, bilingual and used consistently."""

from __future__ import annotations

import re
from pathlib import Path

import fanzha.callerid.shaken as shaken
from fanzha.callerid.shaken import CATALOGUE, Outcome
from fanzha.callerid.shaken.codes import finding

SOURCE = Path(shaken.__file__).parent


def test_every_code_is_complete() -> None:
    for code, info in CATALOGUE.items():
        assert re.fullmatch(r"SHAKEN\.[A-Z0-9_]+", code) and info.code == code
        assert info.reason.endswith(".") and re.search(r"[\u4e00-\u9fff]", info.reason_zh)
        assert 0.0 <= info.score <= 1.0 and isinstance(info.outcome, Outcome)
        made = finding(code, detail="x")
        assert made.detector == "callerid.shaken" and made.reason_zh == info.reason_zh


def test_every_code_named_in_the_source_is_catalogued() -> None:
    used = set()
    for path in SOURCE.glob("*.py"):
        used |= set(re.findall(r"codes\.([A-Z][A-Z0-9_]+)", path.read_text()))
    assert used and all(f"SHAKEN.{name}" in CATALOGUE for name in used), used


def test_evidence_is_made_safe_to_serialise() -> None:
    made = finding("SHAKEN.ALG_UNSUPPORTED", detail="\ud800\x00" + "x" * 500, items=["\ud800"] * 40)
    assert made.evidence["detail"].startswith("??") and len(made.evidence["detail"]) <= 201
    assert made.evidence["items"] == ["?"] * 16
    made.to_dict()
