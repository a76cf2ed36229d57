"""CDR.SMS.NO_REPLIES: text messages to many numbers, none of which answers."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.rules.base import CdrRule, Mask, col, num
from fanzha.cdr.schema import Role


class SmsNoReplies(CdrRule):
    name = "sms_no_replies"
    code = "CDR.SMS.NO_REPLIES"
    role = Role.FRAUD_SIM
    default_score = 0.3
    evidence = ("sms_out_distinct", "sms_reply_rate")
    en = "Sent text messages to {sms_out_distinct} numbers; {sms_reply_rate:.0%} of them replied."
    zh = "向 {sms_out_distinct} 个号码发送短信,回复率 {sms_reply_rate:.0%}。"

    def mask(self, f: pd.DataFrame, p: dict[str, Any]) -> Mask:
        return (col(f, "sms_out_distinct") >= num(p, "min_sms_out_distinct", 30)) & (
            col(f, "sms_reply_rate") <= num(p, "max_sms_reply_rate", 0.02)
        )
