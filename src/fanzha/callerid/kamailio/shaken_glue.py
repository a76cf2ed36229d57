"""The handler's use of ``fanzha.callerid.shaken``: optional, per process, never raising per call.

``load`` returns None when the library is not installed, so the proxy still
screens (without verstat). Verification is on when trust anchors are
configured (or forced with ``[verification] enabled``); signing when a key
and an x5u URL are. The handler verifies with every Identity header and the
SIP Date, then hands the result to ``CallScreener.screen(verification=...)``:
the screening rules use it under the same policy bands, floors and
protections as everything else (a spoofed 96110 still only gets a warning; a
call to 110 still goes through).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fanzha.core import ConfigError

if TYPE_CHECKING:
    from fanzha.callerid.shaken import Signer, VerificationResult, Verifier


@dataclass(slots=True)
class Shaken:
    verifier: Verifier | None
    signer: Signer | None
    max_age_s: int = 60

    def verify(
        self, identities: list[str], orig: str, dest: str, date: int | None
    ) -> VerificationResult:
        assert self.verifier is not None
        return self.verifier.verify(identities, orig, dest, date=date)

    def describe(self) -> str:
        parts = [
            f"verification on (iat within {self.max_age_s} s)"
            if self.verifier
            else "verification off (no trust anchors)",
            "signing on" if self.signer else "signing off",
        ]
        return ", ".join(parts)


def available() -> bool:
    try:
        import fanzha.callerid.shaken  # noqa: F401
    except ImportError:
        return False
    return True


def load(
    environ: Mapping[str, str],
    *,
    enabled: bool | None = None,
    preload: Mapping[str, str] | None = None,
) -> Shaken | None:
    """Verifier and signer from the FANZHA_SHAKEN_* settings in ``environ``; None without the library."""
    try:
        from fanzha.callerid.shaken import CertBundle, ShakenConfig
    except ImportError:
        return None
    config = ShakenConfig.from_env(environ)
    verify = bool(config.trust_anchors) if enabled is None else enabled
    verifier = config.verifier() if verify else None
    if verifier is not None:
        for url, path in (preload or {}).items():
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise ConfigError(
                    f"verification.preload: cannot read {path} ({exc.strerror})"
                ) from None
            got = verifier.fetcher.put(url, data)
            if not isinstance(got, CertBundle):
                raise ConfigError(
                    f"verification.preload: {path} is not a usable certificate chain "
                    f"({got.code}: {got.detail})"
                )
    signer = config.signer() if config.signing_key and config.x5u else None
    return Shaken(verifier, signer, config.max_age_s)
