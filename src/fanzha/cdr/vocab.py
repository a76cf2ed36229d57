"""Closed vocabularies of the CDR tables (no heavy imports: the CLI loads this)."""

from __future__ import annotations

from enum import StrEnum


class LineType(StrEnum):
    PERSONAL_MOBILE = "personal_mobile"
    ENTERPRISE_FIXED = "enterprise_fixed"
    CLOUD_VOICE = "cloud_voice"
    IOT = "iot"


class Role(StrEnum):
    """Ground-truth role of a subscriber (``truth.role``)."""

    NORMAL = "normal"
    FRAUD_SIM = "fraud_sim"  # fresh or nurtured cards used by a den in handsets
    SIMBOX = "simbox"  # SIMs in a GoIP / SIM box relaying overseas VoIP calls
    ABUSED_ENTERPRISE_LINE = "abused_enterprise_line"  # fixed / cloud-voice line used abroad
    VICTIM = "victim"  # got a long call from a den, then went quiet


FRAUD_ROLES: tuple[Role, ...] = (Role.FRAUD_SIM, Role.SIMBOX, Role.ABUSED_ENTERPRISE_LINE)
ROLES: tuple[Role, ...] = (Role.NORMAL, *FRAUD_ROLES, Role.VICTIM)


class Direction(StrEnum):
    """Leg of a record, seen from the served subscriber (3GPP MOC / MTC records)."""

    OUT = "out"  # mobile originated: the served subscriber is the caller
    IN = "in"  # mobile terminated: the served subscriber is the callee


class Ingress(StrEnum):
    DOMESTIC = "domestic"
    INTERNATIONAL = "international"
    VOIP = "voip"


class RealName(StrEnum):
    VERIFIED = "verified"  # personal real-name registration checked
    UNVERIFIED = "unverified"
    CORPORATE = "corporate"  # registered to a company
