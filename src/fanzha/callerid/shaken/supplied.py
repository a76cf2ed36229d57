"""Certificates handed in with a verification instead of fetched from the x5u URL.

An analyst who already holds a carrier's certificate chain (from the carrier,
or saved with a call trace) verifies a recorded call offline, and an HTTP
client can send the chain it has. A supplied chain only replaces the
download: it must still chain to the trust anchors, be valid and authorise
the caller. It answers one verification and never enters the shared cache,
so one request cannot change what the x5u URL means for any other call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from fanzha.callerid.shaken import codes
from fanzha.callerid.shaken.certs import CertBundle, parse_bundle
from fanzha.callerid.shaken.codes import Problem
from fanzha.callerid.shaken.fetch import Fetched
from fanzha.core import InvalidInputError

MAX_SUPPLIED = 8
MAX_SUPPLIED_BYTES = 65536  # the same limit as a download


class CertSource(Protocol):
    """What the verifier asks for the certificate chain an x5u URL names."""

    def fetch(self, url: str) -> Fetched: ...


@dataclass(frozen=True, slots=True)
class SuppliedCerts:
    """Answers x5u URLs from supplied chains; other URLs are fetched by ``fallback``."""

    by_url: Mapping[str, CertBundle]
    for_any: CertBundle | None  # answers every URL not named in by_url
    fallback: CertSource

    def fetch(self, url: str) -> Fetched:
        bundle = self.by_url.get(url, self.for_any)
        return self.fallback.fetch(url) if bundle is None else bundle


def supplied_certs(chains: Mapping[str | None, bytes], fallback: CertSource) -> SuppliedCerts:
    """Parse supplied chains (PEM, leaf first, or one DER certificate).

    ``chains`` maps an x5u URL to its chain; the key ``None`` is a chain that
    answers every URL not named. A chain that cannot be used is the caller's
    input error (``SHAKEN.CERT_INVALID``), not a verification outcome: the
    person who supplied it should fix it.
    """
    if len(chains) > MAX_SUPPLIED:
        raise InvalidInputError(
            f"at most {MAX_SUPPLIED} certificate chains can be supplied", code=codes.CERT_INVALID
        )
    by_url: dict[str, CertBundle] = {}
    for_any: CertBundle | None = None
    for url, data in chains.items():
        named = "the certificate chain" if url is None else f"the certificate chain for {url!r}"
        if len(data) > MAX_SUPPLIED_BYTES:
            raise InvalidInputError(
                f"{named} is larger than {MAX_SUPPLIED_BYTES // 1024} KiB", code=codes.CERT_INVALID
            )
        bundle = parse_bundle(data)
        if isinstance(bundle, Problem):
            raise InvalidInputError(f"{named}: {bundle.detail}", code=codes.CERT_INVALID)
        if url is None:
            for_any = bundle
        else:
            by_url[url] = bundle
    return SuppliedCerts(by_url, for_any, fallback)
