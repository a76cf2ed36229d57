"""Settings: one table drives the environment, the CLI and docs/settings.md.

Every setting is read from an environment variable ``FANZHA_<NAME>``; the
table below is the single source of truth for names, defaults and help text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fanzha.core.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return f"FANZHA_{self.name.upper()}"


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {value!r}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(f"expected a positive integer, got {value!r}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return number


def _api_keys(value: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, sep, key = item.partition("=")
        if not sep or not name.strip() or len(key.strip()) < 16:
            raise ValueError("expected name=key pairs with keys of at least 16 characters")
        keys[key.strip()] = name.strip()
    return keys


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "var", "Directory for the SQLite database and other local state."),
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the store. Empty means SQLite at <data_dir>/fanzha.db; "
        "use postgresql+psycopg://user@host/db for PostgreSQL.",
    ),
    Setting("host", "127.0.0.1", "Address `fanzha serve` listens on."),
    Setting("port", "8000", "Port `fanzha serve` listens on.", _positive_int),
    Setting("workers", "1", "Number of HTTP worker processes for `fanzha serve`.", _positive_int),
    Setting(
        "policy_file",
        "",
        "Screening policy (TOML). Empty means the bundled, versioned default policy.",
    ),
    Setting(
        "registry_file",
        "",
        "Official-number registry (TOML). Empty means the bundled registry.",
    ),
    Setting(
        "text_policy_file",
        "",
        "Text-analysis and SMS policy (TOML). Empty means the bundled, versioned default.",
    ),
    Setting(
        "text_model_file",
        "",
        "Scam-text model (.npz from `fanzha text train --out`). Empty means the bundled model.",
    ),
    Setting("max_body_bytes", "65536", "Largest HTTP request body accepted.", _positive_int),
    Setting(
        "reputation_cache_seconds",
        "5",
        "How often each process asks the store which numbers got new reports or detections and "
        "which subscribers changed their choices; those are read again, the rest stay cached.",
        _positive_float,
    ),
    Setting(
        "reporter_salt",
        "fanzha-default-salt",
        "Secret mixed into reporter ids before hashing; set your own in production.",
    ),
    Setting(
        "show_full_numbers",
        "false",
        "Log phone numbers unmasked. Only for closed test networks.",
        _bool,
    ),
    Setting(
        "api_keys",
        "",
        "Comma-separated name=key pairs for partners (operators, 12321 feeds). A request "
        "with header X-API-Key may name its own reporter ids; others count as their address.",
        lambda raw: _api_keys(raw),
    ),
    Setting("log_level", "INFO", "Python logging level."),
    # STIR/SHAKEN (fanzha.callerid.shaken)
    Setting(
        "shaken_trust_anchors",
        "",
        "PEM bundle of the STI certification authorities whose certificates STIR/SHAKEN "
        "verification trusts. Empty: no certificate is trusted (every signed call fails).",
    ),
    Setting(
        "shaken_crls",
        "",
        "Comma-separated CRL files (PEM or DER) from the STI-PA or the test CA "
        "(`fanzha shaken ca revoke`): a certificate they list fails verification as "
        "SHAKEN.CERT_REVOKED. Read again within a minute of a change. Empty: no revocation check.",
    ),
    Setting(
        "shaken_max_age_seconds",
        "60",
        "How old (or how far in the future) a PASSporT's iat may be before it is refused.",
        _positive_int,
    ),
    Setting(
        "shaken_x5u_allow_http",
        "false",
        "Allow http:// certificate URLs (x5u). Only for closed test networks.",
        _bool,
    ),
    Setting(
        "shaken_x5u_allow_networks",
        "",
        "Comma-separated CIDRs that certificate fetches may reach although they are loopback "
        "or private (e.g. 127.0.0.0/8 for a test network). Empty: public addresses only.",
    ),
    Setting(
        "shaken_x5u_max_bytes",
        "65536",
        "Largest certificate response read from an x5u URL.",
        _positive_int,
    ),
    Setting(
        "shaken_x5u_connect_timeout",
        "2",
        "Seconds to connect to an x5u server.",
        _positive_float,
    ),
    Setting(
        "shaken_x5u_timeout",
        "4",
        "Seconds an x5u fetch may take in all (DNS, connect, TLS, reading).",
        _positive_float,
    ),
    Setting(
        "shaken_cert_cache_seconds",
        "3600",
        "How long a fetched certificate is reused when its response has no Cache-Control.",
        _positive_float,
    ),
    Setting(
        "shaken_cert_cache_max_seconds",
        "86400",
        "Longest a fetched certificate is reused, whatever Cache-Control says.",
        _positive_float,
    ),
    Setting(
        "shaken_signing_key",
        "",
        "PEM private key (P-256) the signing service signs with. Empty: signing is off.",
    ),
    Setting(
        "shaken_x5u",
        "",
        "URL of the signing certificate chain, put in the PASSporTs fanzha signs.",
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str
    port: int
    workers: int
    policy_file: str
    registry_file: str
    text_policy_file: str
    text_model_file: str
    max_body_bytes: int
    reputation_cache_seconds: float
    reporter_salt: str
    show_full_numbers: bool
    api_keys: dict[str, str]  # key -> partner name
    log_level: str
    shaken_trust_anchors: str
    shaken_crls: str
    shaken_max_age_seconds: int
    shaken_x5u_allow_http: bool
    shaken_x5u_allow_networks: str
    shaken_x5u_max_bytes: int
    shaken_x5u_connect_timeout: float
    shaken_x5u_timeout: float
    shaken_cert_cache_seconds: float
    shaken_cert_cache_max_seconds: float
    shaken_signing_key: str
    shaken_x5u: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every setting from ``environ`` (default ``os.environ``); overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.name in overrides and overrides[setting.name] is not None:
                values[setting.name] = overrides[setting.name]
                continue
            raw = env.get(setting.env, setting.default)
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"{setting.env}: {exc}", details={"setting": setting.env, "value": raw}
                ) from None
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        values["data_dir"] = Path(values["data_dir"])
        if not values["database_url"]:
            values["database_url"] = f"sqlite:///{values['data_dir'] / 'fanzha.db'}"
        return cls(**values)


def settings_markdown() -> str:
    """The settings table as Markdown, for docs/settings.md (a test keeps it current)."""
    lines = [
        "# Settings",
        "",
        "Every setting is an environment variable. `fanzha settings` prints this table.",
        "",
        "| variable | default | meaning |",
        "| --- | --- | --- |",
    ]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        lines.append(f"| `{setting.env}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"
