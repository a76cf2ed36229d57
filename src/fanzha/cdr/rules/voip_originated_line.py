"""CDR.LINE.VOIP_ORIGINATED: an enterprise fixed line originating calls over VoIP at volume."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class VoipOriginatedLine(CdrRule):
    name = "voip_originated_line"
    code = "CDR.LINE.VOIP_ORIGINATED"
    role = Role.ABUSED_ENTERPRISE_LINE
    default_score = 0.6
    evidence = ("out_intl_share", "out_per_day", "night_share")
    en = (
        "{out_intl_share:.0%} of this fixed line's {out_per_day:.0f} calls a day entered over "
        "VoIP or international trunks ({night_share:.0%} at night): the line is used from elsewhere."
    )
    zh = (
        "该固话日均外呼 {out_per_day:.0f} 次,其中 {out_intl_share:.0%} 经 VoIP 或国际中继发起"
        "(夜间占 {night_share:.0%}):号码被异地/境外使用。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "is_fixed") > 0)
            & (col(f, "out_intl_share") >= num(p, "min_out_intl_share", 0.5))
            & (col(f, "out_per_day") >= num(p, "min_out_per_day", 30))
        )
