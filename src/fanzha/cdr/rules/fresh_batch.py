"""CDR.SIM.FRESH_BATCH: one of a batch of consecutive numbers activated together, dialling at once."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class FreshBatch(CdrRule):
    name = "fresh_batch"
    code = "CDR.SIM.FRESH_BATCH"
    role = Role.FRAUD_SIM
    default_score = 0.6
    evidence = ("batch_size", "activation_age_days", "out_per_day")
    en = (
        "Activated {activation_age_days:.0f} days before its first call, in a batch of "
        "{batch_size} consecutive numbers sold the same day, and at once making "
        "{out_per_day:.0f} calls a day."
    )
    zh = (
        "与 {batch_size} 个连号同日开卡,开卡后 {activation_age_days:.0f} 天即开始通话,"
        "日均外呼 {out_per_day:.0f} 次。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "batch_size") >= num(p, "min_batch_size", 8))
            & (col(f, "activation_age_days") <= num(p, "max_activation_age_days", 10))
            & (col(f, "out_per_day") >= num(p, "min_out_per_day", 15))
        )
