"""CALLERID.WITHHELD / CALLERID.MALFORMED_CLI

A withheld caller ID is legal but removes the one thing a person can check; a
caller ID that is not a phone number at all is a sign of a misconfigured or
abused VoIP gateway.
"""

from __future__ import annotations

from fanzha.core import Finding
from fanzha.screening.context import CallContext, Rule


class WithheldCli(Rule):
    name = "withheld_cli"

    def score_one(self, context: CallContext) -> list[Finding]:
        if context.caller is not None:
            return []
        score = float(self.params(context).get("score", 0.35))
        if context.caller_malformed:
            return [
                self.finding(
                    max(score, 0.6),
                    "CALLERID.MALFORMED_CLI",
                    *context.words(
                        (
                            "The caller ID is not a valid phone number.",
                            "来电显示不是有效的电话号码。",
                        ),
                        (
                            "The sender is not a valid phone number.",
                            "短信发送方不是有效的电话号码。",
                        ),
                    ),
                    caller=context.event.caller[:64],
                )
            ]
        return [
            self.finding(
                score,
                "CALLERID.WITHHELD",
                *context.words(
                    (
                        "The caller withheld their number; do not trust claims you cannot check.",
                        "来电隐藏了号码,对方的身份说法无法核实。",
                    ),
                    (
                        "The message has no sender number; do not trust claims you cannot check.",
                        "短信没有发送号码,对方的身份说法无法核实。",
                    ),
                ),
            )
        ]
