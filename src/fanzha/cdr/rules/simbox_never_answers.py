"""CDR.SIMBOX.NEVER_ANSWERS: calls come in, none is ever answered, while it dials at volume."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class SimboxNeverAnswers(CdrRule):
    name = "simbox_never_answers"
    code = "CDR.SIMBOX.NEVER_ANSWERS"
    role = Role.SIMBOX
    default_score = 0.5
    evidence = ("in_calls", "in_answered_share", "out_per_day")
    en = (
        "{in_calls} calls came in and {in_answered_share:.0%} were answered, while the line "
        "made {out_per_day:.0f} calls a day: a SIM box relays outgoing calls only."
    )
    zh = (
        "呼入 {in_calls} 次、接听率 {in_answered_share:.0%},同时日均外呼 {out_per_day:.0f} 次:"
        "猫池只转发外呼,不接来电。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "in_calls") >= num(p, "min_in_calls", 3))
            & (col(f, "in_answered_share") <= num(p, "max_in_answered_share", 0.0))
            & (col(f, "out_per_day") >= num(p, "min_out_per_day", 20))
        )
