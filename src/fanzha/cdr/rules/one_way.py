"""CDR.CALLS.ONE_WAY: a line that calls out at volume and almost never receives a call."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class OneWay(CdrRule):
    name = "one_way"
    code = "CDR.CALLS.ONE_WAY"
    role = Role.FRAUD_SIM
    default_score = 0.4
    evidence = ("out_calls", "in_calls", "in_out_ratio")
    en = "{out_calls} outgoing calls and only {in_calls} incoming: the line is used one way."
    zh = "外呼 {out_calls} 次,呼入仅 {in_calls} 次:只打不接。"

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (col(f, "out_calls") >= num(p, "min_out_calls", 100)) & (
            col(f, "in_out_ratio") <= num(p, "max_in_out_ratio", 0.03)
        )
