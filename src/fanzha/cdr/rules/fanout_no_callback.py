"""CDR.CALLS.FANOUT_NO_CALLBACK: many short calls to strangers, almost nobody calls back."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class FanoutNoCallback(CdrRule):
    name = "fanout_no_callback"
    code = "CDR.CALLS.FANOUT_NO_CALLBACK"
    role = Role.FRAUD_SIM
    default_score = 0.5
    evidence = ("out_distinct", "callback_rate", "out_short_share")
    en = (
        "Called {out_distinct} different numbers, {out_short_share:.0%} of the calls short, "
        "and only {callback_rate:.0%} of them ever called back."
    )
    zh = "外呼 {out_distinct} 个不同号码,短通话占 {out_short_share:.0%},回拨率仅 {callback_rate:.0%}。"

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "out_distinct") >= num(p, "min_out_distinct", 100))
            & (col(f, "callback_rate") <= num(p, "max_callback_rate", 0.05))
            & (col(f, "out_short_share") >= num(p, "min_out_short_share", 0.6))
        )
