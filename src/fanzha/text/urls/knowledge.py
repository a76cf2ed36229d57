"""The versioned files link risk reads: policy.toml (weights, thresholds) and
lists.toml (shorteners, TLDs, words, confusable letters). Each loads once; an
operator may point at their own copy."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml

PACKAGE = "fanzha.text.urls"


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """How rules and the model combine (see data/policy.toml for the formula)."""

    version: str
    model_weight: float = 1.0
    official_cap: float = 0.05
    threshold: float = 0.5
    model_flag: float = 0.5
    unparseable: float = 0.3
    lookalike: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rule(self, name: str) -> dict[str, Any]:
        return self.rules.get(name, {})

    def weight(self, name: str, key: str = "weight", default: float = 0.5) -> float:
        return float(self.rule(name).get(key, default))


def _parse_policy(data: dict[str, Any], source: str) -> UrlPolicy:
    try:
        score = dict(data.get("score", {}))
        policy = UrlPolicy(
            version=str(data["version"]),
            model_weight=float(score.get("model_weight", 1.0)),
            official_cap=float(score.get("official_cap", 0.05)),
            threshold=float(score.get("threshold", 0.5)),
            model_flag=float(score.get("model_flag", 0.5)),
            unparseable=float(score.get("unparseable", 0.3)),
            lookalike=dict(data.get("lookalike", {})),
            rules={str(k): dict(v) for k, v in dict(data.get("rules", {})).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"link policy {source} is invalid: {exc!r}", details={"policy": source}
        ) from None
    values = [
        ("score.model_weight", policy.model_weight),
        ("score.official_cap", policy.official_cap),
        ("score.threshold", policy.threshold),
        ("score.model_flag", policy.model_flag),
        ("score.unparseable", policy.unparseable),
    ]
    for name, rule in policy.rules.items():
        values += [(f"rules.{name}.{k}", v) for k, v in rule.items() if k.endswith("weight")]
    for key, value in values:
        if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
            raise ConfigError(
                f"link policy {source}: {key} must be between 0 and 1",
                details={"policy": source, "key": key},
            )
    return policy


@lru_cache(maxsize=8)
def load_policy(path: str | None = None) -> UrlPolicy:
    """Load a link policy file; ``None`` or empty loads the bundled default."""
    data, source = read_toml(path, PACKAGE, "data/policy.toml", "link policy")
    return _parse_policy(data, source)


@dataclass(frozen=True, slots=True)
class UrlLists:
    version: str
    shorteners: frozenset[str]
    suspicious_tlds: frozenset[str]
    generic_tlds: frozenset[str]
    executable_extensions: frozenset[str]
    login_words: tuple[str, ...]
    login_words_zh: tuple[str, ...]
    user_content_hosts: frozenset[str]
    infrastructure_hosts: frozenset[str]
    confusables: dict[str, str]

    def skeleton(self, text: str) -> str:
        """``text`` with look-alike letters replaced by the ASCII letters they imitate
        and accents removed (``раypаl`` -> ``paypal``); other characters stay."""
        out = []
        for char in text:
            mapped = self.confusables.get(char)
            if mapped is None and not char.isascii():
                base = "".join(
                    c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
                )
                mapped = base if base.isascii() and base else char
            out.append(mapped or char)
        return "".join(out)


def host_matches(host: str, domains: frozenset[str]) -> str | None:
    """The entry of ``domains`` that ``host`` is or is under, or None."""
    if host in domains:
        return host
    dot = host.find(".")
    while dot >= 0:
        parent = host[dot + 1 :]
        if parent in domains:
            return parent
        dot = host.find(".", dot + 1)
    return None


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{key} must be a list of strings")
    return tuple(v.strip().lower() for v in values if v.strip())


@lru_cache(maxsize=8)
def load_lists(path: str | None = None) -> UrlLists:
    """Load a lists file; ``None`` or empty loads the bundled one."""
    data, source = read_toml(path, PACKAGE, "data/lists.toml", "link lists")
    try:
        confusables = {str(k): str(v) for k, v in dict(data.get("confusables", {})).items()}
        if any(len(k) != 1 or not v.isascii() for k, v in confusables.items()):
            raise ValueError("confusables map one character to ASCII")
        return UrlLists(
            version=str(data["version"]),
            shorteners=frozenset(_strings(data, "shorteners")),
            suspicious_tlds=frozenset(_strings(data, "suspicious_tlds")),
            generic_tlds=frozenset(_strings(data, "generic_tlds")),
            executable_extensions=frozenset(_strings(data, "executable_extensions")),
            login_words=_strings(data, "login_words"),
            login_words_zh=_strings(data, "login_words_zh"),
            user_content_hosts=frozenset(_strings(data, "user_content_hosts")),
            infrastructure_hosts=frozenset(_strings(data, "infrastructure_hosts")),
            confusables=confusables,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"link lists {source} are invalid: {exc!r}", details={"lists": source}
        ) from None
