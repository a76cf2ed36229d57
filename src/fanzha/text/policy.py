"""The versioned text policy: the fraud threshold, risky links, SMS bands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml


@dataclass(frozen=True, slots=True)
class TextPolicy:
    version: str
    fraud_threshold: float
    risky_link: float
    sms_warn: float
    sms_block: float


def _parse(data: dict[str, Any], source: str) -> TextPolicy:
    try:
        sms = data.get("sms", {})
        policy = TextPolicy(
            version=str(data["version"]),
            fraud_threshold=float(data["fraud_threshold"]),
            risky_link=float(data["risky_link"]),
            sms_warn=float(sms["warn"]),
            sms_block=float(sms["block"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"text policy {source} is invalid: {exc!r}", details={"policy": source}
        ) from None
    for name in ("fraud_threshold", "risky_link", "sms_warn", "sms_block"):
        if not 0.0 < getattr(policy, name) <= 1.0:
            raise ConfigError(
                f"text policy {source}: {name} must be in (0, 1]", details={"policy": source}
            )
    if policy.sms_warn > policy.sms_block:
        raise ConfigError(
            f"text policy {source}: sms warn must not exceed block", details={"policy": source}
        )
    return policy


def load_text_policy(path: str | None = None) -> TextPolicy:
    data, source = read_toml(path, "fanzha.text", "data/policy.toml", "text policy")
    return _parse(data, source)


@lru_cache(maxsize=1)
def default_text_policy() -> TextPolicy:
    return load_text_policy()
