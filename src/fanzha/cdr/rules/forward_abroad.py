"""CDR.LINE.FORWARD_ABROAD: an enterprise or cloud-voice line forwarding its calls abroad."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class ForwardAbroad(CdrRule):
    name = "forward_abroad"
    code = "CDR.LINE.FORWARD_ABROAD"
    role = Role.ABUSED_ENTERPRISE_LINE
    default_score = 0.8
    evidence = ("fwd_intl_share", "fwd_targets", "in_calls")
    en = (
        "{fwd_intl_share:.0%} of the {in_calls} calls to this enterprise line were forwarded "
        "abroad, to {fwd_targets} different numbers: callers who ring back reach an overseas den."
    )
    zh = (
        "该企业/云号码的 {in_calls} 次来电中 {fwd_intl_share:.0%} 被呼叫转移至境外({fwd_targets} 个号码):"
        "回拨者会被接到境外窝点。"
    )

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        enterprise = (col(f, "is_fixed") > 0) | (col(f, "is_cloud_voice") > 0)
        return (
            enterprise
            & (col(f, "fwd_intl_share") >= num(p, "min_fwd_intl_share", 0.3))
            & (col(f, "in_calls") >= num(p, "min_in_calls", 5))
        )
