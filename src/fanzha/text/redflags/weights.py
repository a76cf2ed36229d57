"""The versioned red-flag weights: how much each warning sign counts.

Weights live outside the rules so that tuning them is a reviewed change of one
data file, and every analysis can record which version it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml


@dataclass(frozen=True, slots=True)
class RedFlagWeights:
    version: str
    by_code: dict[str, float]

    def weight(self, code: str) -> float:
        try:
            return self.by_code[code]
        except KeyError:
            raise ConfigError(
                f"red-flag weights {self.version} have no weight for {code}",
                details={"code": code, "version": self.version},
            ) from None


def _parse(data: dict[str, Any], source: str) -> RedFlagWeights:
    try:
        version = str(data["version"])
        by_code = {str(code): float(value) for code, value in data["weights"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(
            f"red-flag weights {source} are invalid: {exc!r}", details={"weights": source}
        ) from None
    for code, value in by_code.items():
        if not 0.0 < value <= 1.0:
            raise ConfigError(
                f"red-flag weights {source}: {code} must be in (0, 1], not {value}",
                details={"weights": source, "code": code},
            )
    return RedFlagWeights(version, by_code)


def load_weights(path: str | None = None) -> RedFlagWeights:
    data, source = read_toml(path, "fanzha.text.redflags", "data/weights.toml", "red-flag weights")
    return _parse(data, source)


@lru_cache(maxsize=1)
def default_weights() -> RedFlagWeights:
    return load_weights()
