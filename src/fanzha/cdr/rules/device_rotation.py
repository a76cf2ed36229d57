"""CDR.SIM.DEVICE_ROTATION: a card moved between handsets that other cards also use."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class DeviceRotation(CdrRule):
    name = "device_rotation"
    code = "CDR.SIM.DEVICE_ROTATION"
    role = Role.FRAUD_SIM
    default_score = 0.4
    evidence = ("imei_count", "imei_max_sims", "out_per_day")
    en = (
        "Used in {imei_count} handsets, one of which served {imei_max_sims} different SIM "
        "cards, while calling {out_per_day:.0f} times a day."
    )
    zh = "该卡在 {imei_count} 部手机间轮换,其中一部手机用过 {imei_max_sims} 张卡,日均外呼 {out_per_day:.0f} 次。"

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "imei_count") >= num(p, "min_imei_count", 2))
            & (col(f, "imei_max_sims") >= num(p, "min_imei_max_sims", 3))
            & (col(f, "out_per_day") >= num(p, "min_out_per_day", 15))
        )
