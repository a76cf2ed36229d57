"""CDR.SIMBOX.SHARED_PORTS: many SIMs behind the same IMEIs, in one cell, dialling all day."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class SimboxSharedPorts(CdrRule):
    name = "simbox_shared_ports"
    code = "CDR.SIMBOX.SHARED_PORTS"
    role = Role.SIMBOX
    default_score = 0.8
    evidence = ("imei_peers", "imei_count", "top_cell_share", "out_per_day")
    en = (
        "{imei_peers} SIM cards took turns in the handsets (IMEIs) this line used, from one "
        "cell ({top_cell_share:.0%} of its calls), at {out_per_day:.0f} outgoing calls a day: "
        "the pattern of a SIM box (GoIP) port."
    )
    zh = (
        "该号码使用的设备(IMEI)先后插过 {imei_peers} 张卡,{top_cell_share:.0%} 的通话在同一小区,"
        "日均外呼 {out_per_day:.0f} 次:符合猫池(GoIP)端口特征。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (
            (col(f, "imei_peers") >= num(p, "min_imei_peers", 6))
            & (col(f, "top_cell_share") >= num(p, "min_top_cell_share", 0.9))
            & (col(f, "out_per_day") >= num(p, "min_out_per_day", 20))
        )
