"""CDR.VICTIM.LONG_CALL_THEN_QUIET: a long call from a stranger, then silence."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class LongCallThenQuiet(CdrRule):
    name = "long_call_then_quiet"
    code = "CDR.VICTIM.LONG_CALL_THEN_QUIET"
    role = Role.VICTIM
    default_score = 0.6
    evidence = ("unknown_in_max_dur", "unknown_caller_fanout", "unknown_in_intl", "quiet_drop")
    en = (
        "Took a {unknown_in_max_dur:.0f}-second call from a stranger (a number that called "
        "{unknown_caller_fanout} people; via an international or VoIP gateway: "
        "{unknown_in_intl}), then almost stopped calling anyone: a possible victim to contact."
    )
    zh = (
        "接听陌生号码来电 {unknown_in_max_dur:.0f} 秒(对方共拨打 {unknown_caller_fanout} 人;"
        "经国际或VoIP关口: {unknown_in_intl}),之后几乎不再外呼:疑似受害人,建议劝阻回访。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        stranger = (col(f, "unknown_caller_fanout") >= num(p, "min_caller_fanout", 20)) | (
            col(f, "unknown_in_intl") > 0
        )
        return (
            (col(f, "unknown_in_max_dur") >= num(p, "min_unknown_in_dur", 1200))
            & (col(f, "quiet_drop") >= num(p, "min_quiet_drop", 0.7))
            & stranger
        )
