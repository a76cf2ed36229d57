"""Events and records that cross capability boundaries.

These are plain dataclasses: the store persists them, the numbers capability
scores them, the service and CLI build them from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from fanzha.core.taxonomy import FraudCategory


class Ingress(StrEnum):
    """Where a call or message entered the operator's network."""

    DOMESTIC = "domestic"
    INTERNATIONAL = "international"
    VOIP = "voip"  # unlicensed or untrusted VoIP interconnect


class ReportKind(StrEnum):
    CALL = "call"
    SMS = "sms"
    URL = "url"
    APP = "app"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


@dataclass(frozen=True, slots=True)
class CallEvent:
    """A call to screen. ``caller`` and ``callee`` are raw, as the switch saw them."""

    caller: str
    callee: str
    ingress: Ingress = Ingress.DOMESTIC
    identity: str | None = None  # SIP Identity header (STIR/SHAKEN), if any
    trunk: str | None = None  # name of the interconnect trunk, if known
    official_trunk: bool = False  # trunk registered to the owner of an official number
    caller_roaming_verified: bool = False  # HLR/HSS confirms the caller roams abroad
    claimed_identity: str | None = None  # who the caller claims to be ("公安", "ICBC", "relative")
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SmsEvent:
    """An SMS to screen: ``sender`` as the SMSC saw it (a number, a 106 gateway
    number or an alphanumeric sender id), the recipient and the message text."""

    sender: str
    recipient: str
    text: str
    ingress: Ingress = Ingress.DOMESTIC
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NewReport:
    """A citizen's or analyst's report (举报) about a number, before it is stored."""

    number: str  # normalised: E.164, or +86 followed by a short service number
    kind: ReportKind
    category: FraudCategory
    text: str = ""
    reporter: str = ""  # pseudonymous reporter id (hashed by the store)
    source: str = "api"
    created_at: datetime | None = None  # defaults to now (UTC) when stored


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: int
    number: str
    kind: ReportKind
    category: FraudCategory
    text: str
    reporter_hash: str
    source: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewDetection:
    """A detector's verdict against a number (e.g. a blocked spoofed call)."""

    number: str
    detector: str
    code: str
    score: float
    evidence: dict[str, object] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredDetection:
    id: int
    number: str
    detector: str
    code: str
    score: float
    evidence: dict[str, object]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SubscriberPolicy:
    """A subscriber's own screening choices. Defaults follow operators' practice:
    international calls and SMS are blocked until the subscriber opts in."""

    msisdn: str
    allow_international_calls: bool = False
    allow_international_sms: bool = False
    updated_at: datetime | None = None
