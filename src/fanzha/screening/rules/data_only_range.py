"""CALLERID.DATA_ONLY_RANGE

IoT and data-only ranges (14x) are not sold for voice. Such numbers showing up
as caller ID are either spoofed or cards abused in SIM boxes.
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.numbers.types import NumberClass
from fanzha.screening.context import CallContext, Rule


class DataOnlyRange(Rule):
    name = "data_only_range"

    def score_one(self, context: CallContext) -> list[Finding]:
        caller = context.caller
        if caller is None or caller.number_class is not NumberClass.IOT:
            return []
        return [
            self.finding(
                float(self.params(context).get("score", 0.6)),
                "CALLERID.DATA_ONLY_RANGE",
                *context.words(
                    (
                        "The caller ID belongs to an IoT or data-only range that is not used "
                        "for voice calls.",
                        "来电号码属于物联网/纯数据号段,正常不用于语音通话。",
                    ),
                    (
                        "The sender belongs to an IoT or data-only range that is not used for "
                        "messages between people.",
                        "短信发送号码属于物联网/纯数据号段,正常不用于个人短信。",
                    ),
                ),
                prefix=caller.national[:3],
            )
        ]
