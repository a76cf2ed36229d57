"""The versioned CDR policy: score combination, disposal threshold, rule thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fanzha.cdr.features import FeatureParams
from fanzha.cdr.schema import FRAUD_ROLES, Role
from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml


@dataclass(frozen=True, slots=True)
class CdrPolicy:
    version: str
    rule_weight: float = 0.35
    role_min: float = 0.5
    findings_min: float = 0.2
    explain_top: int = 5
    disposal_threshold: float = 0.9
    disposal_roles: tuple[Role, ...] = FRAUD_ROLES
    features: FeatureParams = field(default_factory=FeatureParams)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rule(self, name: str) -> dict[str, Any]:
        return self.rules.get(name, {})


def _parse(data: dict[str, Any], source: str) -> CdrPolicy:
    try:
        score = dict(data.get("score", {}))
        disposal = dict(data.get("disposal", {}))
        feature_values = {k: int(v) for k, v in dict(data.get("features", {})).items()}
        policy = CdrPolicy(
            version=str(data["version"]),
            rule_weight=float(score.get("rule_weight", 0.35)),
            role_min=float(score.get("role_min", 0.5)),
            findings_min=float(score.get("findings_min", 0.2)),
            explain_top=int(score.get("explain_top", 5)),
            disposal_threshold=float(disposal.get("threshold", 0.9)),
            disposal_roles=tuple(Role(r) for r in disposal.get("roles", list(FRAUD_ROLES))),
            features=FeatureParams(**feature_values),
            rules={str(k): dict(v) for k, v in dict(data.get("rules", {})).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"CDR policy {source} is invalid: {exc!r}", details={"policy": source}
        ) from None
    for name, value in (
        ("score.rule_weight", policy.rule_weight),
        ("score.role_min", policy.role_min),
        ("score.findings_min", policy.findings_min),
        ("disposal.threshold", policy.disposal_threshold),
    ):
        if not 0.0 <= value <= 1.0:
            raise ConfigError(
                f"CDR policy {source}: {name} must be between 0 and 1",
                details={"policy": source, "key": name},
            )
    return policy


@lru_cache(maxsize=8)
def load_policy(path: str | None = None) -> CdrPolicy:
    """Load a CDR policy file; ``None`` or empty loads the bundled default."""
    data, source = read_toml(path, "fanzha.cdr", "data/policy.toml", "CDR policy")
    return _parse(data, source)
