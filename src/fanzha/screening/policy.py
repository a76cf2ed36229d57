"""The versioned screening policy: bands, floors and every rule's thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fanzha.core import ConfigError, Finding
from fanzha.core.config_files import read_toml
from fanzha.numbers.reputation import ReputationParams
from fanzha.screening.decision import Action


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    warn: float
    block: float
    floors: dict[str, Action] = field(default_factory=dict)
    reputation: ReputationParams = field(default_factory=ReputationParams)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rule(self, name: str) -> dict[str, Any]:
        return self.rules.get(name, {})

    def action_for(
        self,
        score: float,
        findings: tuple[Finding, ...],
        bands: tuple[float, float] | None = None,
    ) -> Action:
        """The band of ``score`` (this policy's warn/block, or ``bands``), raised to
        the floor of any finding that has one."""
        warn, block = bands or (self.warn, self.block)
        action = Action.BLOCK if score >= block else Action.WARN if score >= warn else Action.ALLOW
        for finding in findings:
            floor = self.floors.get(finding.code)
            if floor is not None and floor.rank > action.rank:
                action = floor
        return action


def _parse(data: dict[str, Any], source: str) -> Policy:
    try:
        version = str(data["version"])
        bands = data["bands"]
        warn, block = float(bands["warn"]), float(bands["block"])
        floors = {str(code): Action(value) for code, value in data.get("floors", {}).items()}
        reputation = ReputationParams.from_mapping(dict(data.get("reputation", {})))
        rules = {str(name): dict(values) for name, values in data.get("rules", {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"policy {source} is invalid: {exc!r}", details={"policy": source}
        ) from None
    if not 0.0 < warn <= block <= 1.0:
        raise ConfigError(
            f"policy {source}: bands need 0 < warn <= block <= 1", details={"policy": source}
        )
    return Policy(version, warn, block, floors, reputation, rules)


@lru_cache(maxsize=8)
def load_policy(path: str | None = None) -> Policy:
    """Load a policy file; ``None`` or empty loads the bundled default."""
    data, source = read_toml(path, "fanzha.screening", "data/policy.toml", "policy")
    return _parse(data, source)
