"""STIR/SHAKEN settings and the objects built from them.

The settings live in fanzha's one table (``fanzha.core.settings``): each is an
environment variable ``FANZHA_SHAKEN_*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fanzha.callerid.shaken.addresses import IPNetwork, parse_networks
from fanzha.callerid.shaken.fetch import CertFetcher, FetchPolicy
from fanzha.callerid.shaken.revocation import RevocationLists
from fanzha.callerid.shaken.signer import Signer
from fanzha.callerid.shaken.trust import TrustStore
from fanzha.callerid.shaken.verifier import Verifier
from fanzha.core import ConfigError, Settings
from fanzha.core.settings import SETTINGS


@dataclass(frozen=True, slots=True)
class ShakenConfig:
    trust_anchors: str = ""
    crls: str = ""
    max_age_s: int = 60
    x5u_allow_http: bool = False
    x5u_allow_networks: tuple[IPNetwork, ...] = ()
    x5u_max_bytes: int = 65536
    x5u_connect_timeout_s: float = 2.0
    x5u_timeout_s: float = 4.0
    cert_cache_s: float = 3600.0
    cert_cache_max_s: float = 86400.0
    signing_key: str = ""
    x5u: str = ""
    region: str = "CN"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ShakenConfig:
        return cls.from_settings(Settings.from_env(environ))

    @classmethod
    def from_settings(cls, settings: Settings) -> ShakenConfig:
        names = [s.name for s in SETTINGS if s.name.startswith("shaken_")]
        return cls._from_values({name: getattr(settings, name) for name in names})

    @classmethod
    def _from_values(cls, values: Mapping[str, Any]) -> ShakenConfig:
        networks = values["shaken_x5u_allow_networks"]
        if isinstance(networks, str):
            try:
                networks = parse_networks(networks)
            except ValueError as exc:
                raise ConfigError(
                    f"FANZHA_SHAKEN_X5U_ALLOW_NETWORKS: {exc}",
                    details={"setting": "FANZHA_SHAKEN_X5U_ALLOW_NETWORKS"},
                ) from None
        return cls(
            trust_anchors=values["shaken_trust_anchors"],
            crls=values["shaken_crls"],
            max_age_s=values["shaken_max_age_seconds"],
            x5u_allow_http=values["shaken_x5u_allow_http"],
            x5u_allow_networks=tuple(networks),
            x5u_max_bytes=values["shaken_x5u_max_bytes"],
            x5u_connect_timeout_s=values["shaken_x5u_connect_timeout"],
            x5u_timeout_s=values["shaken_x5u_timeout"],
            cert_cache_s=values["shaken_cert_cache_seconds"],
            cert_cache_max_s=values["shaken_cert_cache_max_seconds"],
            signing_key=values["shaken_signing_key"],
            x5u=values["shaken_x5u"],
        )

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            allow_http=self.x5u_allow_http,
            allow_networks=self.x5u_allow_networks,
            max_bytes=self.x5u_max_bytes,
            connect_timeout_s=self.x5u_connect_timeout_s,
            total_timeout_s=self.x5u_timeout_s,
            default_cache_s=self.cert_cache_s,
            max_cache_s=self.cert_cache_max_s,
        )

    def trust_store(
        self, trust_anchors: str | None = None, more_crls: Sequence[str] = ()
    ) -> TrustStore:
        """The configured anchors (or those of ``trust_anchors``) with the configured CRLs
        and ``more_crls``."""
        revocation = RevocationLists.from_setting(self.crls, more_crls)
        path = trust_anchors or self.trust_anchors
        if not path:
            return TrustStore(revocation=revocation)
        return TrustStore.from_pem_file(path, revocation=revocation)

    def verifier(self) -> Verifier:
        return Verifier(
            self.trust_store(), CertFetcher(self.fetch_policy()), self.max_age_s, self.region
        )

    def signer(self) -> Signer:
        if not self.signing_key or not self.x5u:
            raise ConfigError(
                "STIR/SHAKEN signing is not configured: set FANZHA_SHAKEN_SIGNING_KEY and "
                "FANZHA_SHAKEN_X5U",
                code="SHAKEN.SIGNER_NOT_CONFIGURED",
                status=503,
            )
        try:
            return Signer.from_files(self.signing_key, self.x5u, self.region)
        except OSError as exc:
            raise ConfigError(
                f"STIR/SHAKEN signing key: cannot read {self.signing_key} ({exc.strerror})",
                code="SHAKEN.KEY_INVALID",
            ) from None
