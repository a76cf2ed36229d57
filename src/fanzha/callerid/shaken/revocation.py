"""Certificate revocation for STI certificates: CRLs from the STI-PA or a test CA.

SHAKEN revokes a service provider's certificate by listing its serial number
in a certificate revocation list (CRL, RFC 5280) signed by the CA that issued
it (ATIS-1000080). The operator downloads those CRLs (the STI-PA publishes
one; ``fanzha shaken ca revoke`` writes one for the test PKI) and names the
files in ``FANZHA_SHAKEN_CRLS``. They are read at start-up (an unreadable or
invalid file is a configuration error) and read again when they change, so a
cron job that replaces the file takes effect within ``reload_s`` seconds in
every process, Kamailio's workers included.

A CRL counts for a certificate only when it names the certificate's issuer and
its signature verifies with the key of that issuer (an anchor or an
intermediate of the chain that has already been checked): nobody else can
revoke a certificate. An expired CRL still revokes what it lists (a serial
never comes back), and is reported once in the log so that someone fetches a
fresh one.

Cost per call: one dictionary lookup per chain (results are cached per
certificate bundle until the lists change).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from fanzha.callerid.shaken import codes
from fanzha.callerid.shaken.certs import CertBundle
from fanzha.callerid.shaken.codes import Problem
from fanzha.core import ConfigError

log = logging.getLogger("fanzha.callerid.shaken")

MAX_CRL_BYTES = 64 * 1024 * 1024  # a national CRL is a few MB; more is a mistake
_CACHE_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class _Crl:
    source: str
    crl: x509.CertificateRevocationList
    serials: frozenset[int]
    next_update: float | None


@dataclass(frozen=True, slots=True)
class _FileState:
    mtime_ns: int
    size: int
    crls: tuple[_Crl, ...]


def parse_crls(data: bytes, source: str) -> list[x509.CertificateRevocationList]:
    """Every CRL in ``data`` (PEM, one or more, or a single DER CRL)."""
    if b"-----BEGIN X509 CRL-----" in data:
        found = []
        for block in data.split(b"-----BEGIN X509 CRL-----")[1:]:
            end = block.find(b"-----END X509 CRL-----")
            if end < 0:
                raise ValueError(f"{source}: a PEM CRL block is not closed")
            pem = b"-----BEGIN X509 CRL-----" + block[: end + len(b"-----END X509 CRL-----")]
            found.append(x509.load_pem_x509_crl(pem))
        return found
    return [x509.load_der_x509_crl(data)]


class RevocationLists:
    """The configured CRL files, re-read when they change. Thread-safe."""

    def __init__(
        self,
        paths: Sequence[str | Path] = (),
        *,
        reload_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.paths = tuple(str(p) for p in paths)
        self.reload_s = reload_s
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[str, _FileState] = {}
        self._by_issuer: dict[bytes, tuple[_Crl, ...]] = {}
        self._results: dict[bytes, Problem | None] = {}
        self._signature_ok: dict[tuple[int, bytes], bool] = {}
        self._stale_reported: set[int] = set()
        for path in self.paths:
            try:
                self._files[path] = _read(path)
            except (OSError, ValueError) as exc:
                raise ConfigError(
                    f"STIR/SHAKEN revocation: cannot read a CRL from {path} ({_why(exc)})",
                    code="SHAKEN.CRL_INVALID",
                    details={"path": path},
                ) from None
        self._index()
        self._checked_at = clock()

    @classmethod
    def from_setting(
        cls, text: str, more: Sequence[str] = (), *, reload_s: float = 60.0
    ) -> RevocationLists | None:
        """``a.pem, b.crl`` (the FANZHA_SHAKEN_CRLS value) and ``more`` paths; None when
        there are none."""
        paths = [part.strip() for part in text.split(",") if part.strip()] + list(more)
        return cls(paths, reload_s=reload_s) if paths else None

    def __len__(self) -> int:
        return sum(len(state.crls) for state in self._files.values())

    def check(
        self, bundle: CertBundle, anchors: Sequence[x509.Certificate], now: float
    ) -> Problem | None:
        """A ``CERT_REVOKED`` problem when a certificate of the chain is listed, else None."""
        self._maybe_reload()
        results = self._results
        if bundle.fingerprint in results:
            return results[bundle.fingerprint]
        problem = self._check(bundle, anchors, now)
        with self._lock:
            if len(results) >= _CACHE_ENTRIES:
                results.clear()
            results[bundle.fingerprint] = problem
        return problem

    # --- the check --------------------------------------------------------------

    def _check(
        self, bundle: CertBundle, anchors: Sequence[x509.Certificate], now: float
    ) -> Problem | None:
        chain = (bundle.leaf, *bundle.intermediates)
        issuers = (*bundle.intermediates, *anchors)
        for position, cert in enumerate(chain):
            lists = self._by_issuer.get(cert.issuer.public_bytes())
            if not lists:
                continue
            serial = cert.serial_number
            for entry in lists:
                if serial not in entry.serials:
                    continue
                signers = [c for c in issuers if c.subject == cert.issuer]
                if not any(self._signed_by(entry, signer) for signer in signers):
                    continue
                self._report_stale(entry, now)
                which = "signing certificate" if position == 0 else "intermediate certificate"
                revoked = entry.crl.get_revoked_certificate_by_serial_number(serial)
                return Problem(codes.CERT_REVOKED, f"{which} revoked{_reason(revoked)}")
        return None

    def _signed_by(self, entry: _Crl, signer: x509.Certificate) -> bool:
        key = (id(entry), signer.signature)
        known = self._signature_ok.get(key)
        if known is None:
            try:
                known = entry.crl.is_signature_valid(signer.public_key())  # type: ignore[arg-type]
            except (TypeError, ValueError):
                known = False
            if not known:
                log.warning(
                    "CRL %s names %s as its issuer but is not signed by its key: ignored",
                    entry.source,
                    entry.crl.issuer.rfc4514_string()[:120],
                )
            self._signature_ok[key] = known
        return known

    def _report_stale(self, entry: _Crl, now: float) -> None:
        if entry.next_update is None or now <= entry.next_update:
            return
        if id(entry) in self._stale_reported:
            return
        self._stale_reported.add(id(entry))
        log.warning(
            "CRL %s expired (next update was due %s); it still revokes what it lists, "
            "but fetch a fresh one",
            entry.source,
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(entry.next_update)),
        )

    # --- reading and re-reading ---------------------------------------------------

    def _maybe_reload(self) -> None:
        now = self._clock()
        if now - self._checked_at < self.reload_s:
            return
        with self._lock:
            if now - self._checked_at < self.reload_s:
                return
            self._checked_at = now
        changed = False
        for path in self.paths:
            known = self._files[path]
            try:
                state = _read(path, known)
            except (OSError, ValueError) as exc:
                # e.g. half a file while a cron job writes it: keep what was read before
                log.warning("CRL %s could not be read again (%s): the previous lists stay",
                            path, _why(exc))  # fmt: skip
                continue
            if state is not known:
                self._files[path] = state
                changed = True
        if changed:
            self._index()

    def _index(self) -> None:
        by_issuer: dict[bytes, list[_Crl]] = {}
        for state in self._files.values():
            for entry in state.crls:
                by_issuer.setdefault(entry.crl.issuer.public_bytes(), []).append(entry)
        with self._lock:
            self._by_issuer = {issuer: tuple(lists) for issuer, lists in by_issuer.items()}
            self._results = {}
            self._signature_ok = {}
            self._stale_reported = set()


def _read(path: str, known: _FileState | None = None) -> _FileState:
    """The file's CRLs (``known`` itself when the file has not changed since)."""
    info = os.stat(path)
    if known is not None and (info.st_mtime_ns, info.st_size) == (known.mtime_ns, known.size):
        return known
    if info.st_size > MAX_CRL_BYTES:
        raise ValueError(f"larger than {MAX_CRL_BYTES // (1024 * 1024)} MB")
    crls = parse_crls(Path(path).read_bytes(), path)
    return _FileState(info.st_mtime_ns, info.st_size, tuple(_entry(path, c) for c in crls))


def _why(exc: OSError | ValueError) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return reason[:160]


def _entry(source: str, crl: x509.CertificateRevocationList) -> _Crl:
    serials = frozenset(revoked.serial_number for revoked in crl)
    next_update = crl.next_update_utc
    return _Crl(source, crl, serials, next_update.timestamp() if next_update else None)


def _reason(revoked: x509.RevokedCertificate | None) -> str:
    if revoked is None:
        return ""
    try:
        reason = revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except x509.ExtensionNotFound:
        return ""
    return f" ({reason.name})"
