"""Trust anchors and certificate-chain checks for STI certificates.

Chains are built and checked by cryptography's X.509 verifier (RFC 5280 path
building: signatures, validity at the given time, CA flags and key usage on
CAs, path length, name chaining). Its web-PKI rules for end-entity certificates
assume TLS (a subjectAltName, an EKU); STI certificates (ATIS-1000080) carry
neither, so the end-entity policy here asks instead for what SHAKEN needs: key
usage digitalSignature and not a CA. TNAuthList is checked by the verifier.

Path building costs a few hundred microseconds, so results are cached per
chain (by fingerprint): a success for the time window in which every
certificate of the built chain is valid, a failure for a few minutes.
Revocation (CRLs, ``fanzha.callerid.shaken.revocation``) is checked after the
chain, on every call, because a CRL can change while a chain stays valid.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from fanzha.callerid.shaken import codes
from fanzha.callerid.shaken.certs import CertBundle
from fanzha.callerid.shaken.codes import Problem
from fanzha.callerid.shaken.revocation import RevocationLists
from fanzha.core import ConfigError


def _key_usage_signs(_policy: Any, _cert: x509.Certificate, usage: x509.KeyUsage) -> None:
    if not usage.digital_signature:
        raise ValueError("key usage lacks digitalSignature")


def _not_a_ca(_policy: Any, _cert: x509.Certificate, bc: x509.BasicConstraints | None) -> None:
    if bc is not None and bc.ca:
        raise ValueError("the signing certificate is a CA certificate")


def _sti_end_entity_policy() -> ExtensionPolicy:
    return (
        ExtensionPolicy.permit_all()
        .require_present(x509.KeyUsage, Criticality.AGNOSTIC, _key_usage_signs)
        .may_be_present(x509.BasicConstraints, Criticality.AGNOSTIC, _not_a_ca)
    )


@dataclass(frozen=True, slots=True)
class _Checked:
    valid_from: float  # success: the window in which the result holds
    valid_until: float
    problem: Problem | None
    checked_at: float


class TrustStore:
    """The configured STI trust anchors (a PEM bundle), with a chain-check cache."""

    def __init__(
        self,
        anchors: Sequence[x509.Certificate] = (),
        *,
        max_chain_depth: int = 4,
        cache_entries: int = 4096,
        recheck_failures_s: float = 300.0,
        revocation: RevocationLists | None = None,
    ) -> None:
        self.anchors = tuple(anchors)
        self.revocation = revocation
        self._store = Store(list(self.anchors)) if self.anchors else None
        self._max_depth = max_chain_depth
        self._cache: OrderedDict[bytes, _Checked] = OrderedDict()
        self._cache_entries = cache_entries
        self._recheck_failures_s = recheck_failures_s
        self._lock = threading.Lock()

    @classmethod
    def from_pem(cls, data: bytes, **options: Any) -> TrustStore:
        try:
            anchors = x509.load_pem_x509_certificates(data)
        except ValueError as exc:
            raise ConfigError(
                "STIR/SHAKEN trust anchors: not a PEM certificate bundle",
                code="SHAKEN.TRUST_ANCHORS_INVALID",
            ) from exc
        return cls(anchors, **options)

    @classmethod
    def from_pem_file(cls, path: str | Path, **options: Any) -> TrustStore:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ConfigError(
                f"STIR/SHAKEN trust anchors: cannot read {path} ({exc.strerror})",
                code="SHAKEN.TRUST_ANCHORS_INVALID",
                details={"path": str(path)},
            ) from None
        return cls.from_pem(data, **options)

    def check(self, bundle: CertBundle, now: float) -> Problem | None:
        """None if the bundle's leaf chains to an anchor and every certificate is valid at ``now``."""
        with self._lock:
            hit = self._cache.get(bundle.fingerprint)
        if hit is not None and hit.problem is None and hit.valid_from <= now <= hit.valid_until:
            return self._revoked(bundle, now)
        expired = _dates(bundle, now)  # cheap, and never cached: time moves on
        if expired is not None:
            return expired
        recent = hit is not None and abs(now - hit.checked_at) <= self._recheck_failures_s
        if hit is not None and hit.problem is not None and recent:
            return hit.problem
        checked = self._check(bundle, now)
        with self._lock:
            self._cache[bundle.fingerprint] = checked
            self._cache.move_to_end(bundle.fingerprint)
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return checked.problem or self._revoked(bundle, now)

    def _revoked(self, bundle: CertBundle, now: float) -> Problem | None:
        if self.revocation is None:
            return None
        return self.revocation.check(bundle, self.anchors, now)

    def _check(self, bundle: CertBundle, now: float) -> _Checked:
        def failed(problem: Problem) -> _Checked:
            return _Checked(0.0, 0.0, problem, now)

        if self._store is None:
            return failed(Problem(codes.CERT_UNTRUSTED, "no trust anchors configured"))
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(dt.datetime.fromtimestamp(now, dt.UTC))
            .max_chain_depth(self._max_depth)
            .extension_policies(
                ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                ee_policy=_sti_end_entity_policy(),
            )
            .build_client_verifier()
        )
        try:
            chain = verifier.verify(bundle.leaf, list(bundle.intermediates)).chain
        except VerificationError as exc:
            message = str(exc)
            if "not valid at validation time" in message:
                return failed(Problem(codes.CERT_EXPIRED, "a CA certificate of the chain expired"))
            return failed(Problem(codes.CERT_UNTRUSTED, _short(message)))
        valid_from = max(cert.not_valid_before_utc.timestamp() for cert in chain)
        valid_until = min(cert.not_valid_after_utc.timestamp() for cert in chain)
        return _Checked(valid_from, valid_until, None, now)


def _dates(bundle: CertBundle, now: float) -> Problem | None:
    for position, cert in enumerate((bundle.leaf, *bundle.intermediates)):
        which = "signing certificate" if position == 0 else "intermediate certificate"
        if now < cert.not_valid_before_utc.timestamp():
            return Problem(codes.CERT_NOT_YET_VALID, f"{which} not valid yet")
        if now > cert.not_valid_after_utc.timestamp():
            return Problem(codes.CERT_EXPIRED, f"{which} expired")
    return None


def _short(message: str) -> str:
    # cryptography appends "(encountered processing <Certificate(...)>)": keep the reason.
    return message.split(" (encountered processing", 1)[0][:160]
