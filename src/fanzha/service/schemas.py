"""Request bodies. Unknown fields, wrong types and oversized strings are refused."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from fanzha.core import FraudCategory, ReportKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScreenCallRequest(_Strict):
    caller: StrictStr = Field(max_length=256, description="Caller ID as presented (any format).")
    callee: StrictStr = Field(max_length=256, description="Called subscriber.")
    ingress: Literal["domestic", "international", "voip"] = "domestic"
    identity: StrictStr | None = Field(None, max_length=8192, description="SIP Identity header.")
    trunk: StrictStr | None = Field(None, max_length=128)
    official_trunk: StrictBool = False
    caller_roaming_verified: StrictBool = False
    claimed_identity: StrictStr | None = Field(
        None, max_length=200, description="Who the caller claims to be, e.g. 公安, ICBC."
    )


class ReportRequest(_Strict):
    number: StrictStr = Field(max_length=256)
    kind: ReportKind
    category: FraudCategory = FraudCategory.OTHER_FRAUD
    text: StrictStr = Field("", max_length=4000)
    reporter: StrictStr | None = Field(
        None,
        max_length=128,
        description="Reporter id; honoured only with an API key, else the client address is used.",
    )


class SubscriberPolicyRequest(_Strict):
    allow_international_calls: StrictBool | None = None
    allow_international_sms: StrictBool | None = None


class AnalyzeTextRequest(_Strict):
    text: StrictStr | None = Field(
        None, max_length=20_000, description="One message, chat excerpt or link."
    )
    texts: list[StrictStr] | None = Field(
        None, max_length=500, description="Several messages at once (instead of text)."
    )
    lang: Literal["zh", "en"] | None = Field(None, description="Default: detected per message.")


class ScreenSmsRequest(_Strict):
    sender: StrictStr = Field(max_length=64, description="Sender number or sender id.")
    recipient: StrictStr = Field(max_length=256, description="Receiving subscriber.")
    text: StrictStr = Field("", max_length=4_000, description="Message text (long SMS joined).")
    ingress: Literal["domestic", "international", "voip"] = "domestic"
