"""The verification result: a verstat for SIP plus the findings that explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fanzha.core import Finding


class Verstat(StrEnum):
    """The SIP ``verstat`` tel-URI parameter values (3GPP TS 24.229, ATIS-1000074)."""

    PASSED = "TN-Validation-Passed"
    FAILED = "TN-Validation-Failed"
    NONE = "No-TN-Validation"


@dataclass(frozen=True, slots=True)
class VerificationResult:
    verstat: Verstat
    findings: list[Finding] = field(default_factory=list)
    attest: str | None = None  # A, B or C of the SHAKEN PASSporT that was checked
    origid: str | None = None
    orig: str | None = None  # caller TN from SIP, normalised (digits, country code first)
    dest: str | None = None  # called TN from SIP, normalised
    iat: int | None = None
    x5u: str | None = None
    spc: str | None = None  # set when the certificate authorises by SPC rather than numbers
    diverted_from: tuple[str, ...] = ()  # called numbers the div PASSporTs retargeted from

    @property
    def passed(self) -> bool:
        return self.verstat is Verstat.PASSED

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "verstat": self.verstat.value,
            "attest": self.attest,
            "origid": self.origid,
            "orig": self.orig,
            "dest": self.dest,
            "iat": self.iat,
            "x5u": self.x5u,
            "spc": self.spc,
            "diverted_from": list(self.diverted_from),
            "findings": [f.to_dict() for f in self.findings],
        }
