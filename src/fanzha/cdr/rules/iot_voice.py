"""CDR.LINE.IOT_VOICE: an IoT card making voice calls."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class IotVoice(CdrRule):
    name = "iot_voice"
    code = "CDR.LINE.IOT_VOICE"
    role = Role.FRAUD_SIM
    default_score = 0.6
    evidence = ("out_calls", "out_distinct")
    en = "An IoT card made {out_calls} voice calls to {out_distinct} numbers."
    zh = "物联网卡拨打语音电话 {out_calls} 次,涉及 {out_distinct} 个号码。"

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (col(f, "is_iot") > 0) & (col(f, "out_calls") >= num(p, "min_out_calls", 10))
