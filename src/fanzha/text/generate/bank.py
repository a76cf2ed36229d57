"""Load the phrase banks (``data/*.toml``) into compiled scenarios.

Each file but ``common.toml`` and ``style.toml`` holds one taxonomy category::

    version = "2026.11.1"
    category = "part_time_brushing"

    [zh.slots]                 # slots shared by this file's Chinese scenarios
    pay = ["日结", "秒结"]

    [[zh.scenarios]]
    name = "like_videos"       # unique within the file
    weight = 2.0               # relative to the other scenarios of the category
    styles = ["spam", "chat"]  # registers the style layer may apply
    templates = ["{hook}，{pay}{@amount:100-500:round}"]
    [zh.scenarios.slots]       # slots of this scenario only
    hook = ["在家动动手指"]

Optional scenario keys: ``hard_negative`` (normal message that shares words with
scams), ``obfuscate`` (probability of scam-style keyword obfuscation; default 0.35
for fraud, 0 for normal), ``unsubscribe`` (probability of an opt-out tail) and
``prefix`` / ``prefix_prob`` (templates for a sender tag such as 【京东客服】, put in
front of a message that has none, with probability ``prefix_prob``, default 0.3).
Every reference is checked when the banks load, so a typo fails at import in tests,
not in the middle of a training run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fanzha.core import ConfigError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.generate.entities import ENTITIES
from fanzha.text.generate.grammar import Item, Scope, Template, compile_template

DATA_DIR = Path(__file__).parent / "data"
LANGS: tuple[str, ...] = ("zh", "en")
STYLES: frozenset[str] = frozenset({"notice", "chat", "spam", "broken"})
_SPECIAL_FILES = frozenset({"common.toml", "style.toml"})
_SCENARIO_KEYS = frozenset(
    {
        *("name", "weight", "styles", "templates", "slots", "hard_negative"),
        *("obfuscate", "unsubscribe", "prefix", "prefix_prob"),
    }
)


@dataclass(frozen=True, slots=True)
class Scenario:
    category: str
    lang: str
    name: str  # "<file stem>.<scenario name>"
    weight: float
    styles: tuple[str, ...]
    templates: tuple[Template, ...]
    scope: Scope
    hard_negative: bool
    obfuscate: float
    unsubscribe: float
    prefix: tuple[Template, ...]
    prefix_prob: float


@dataclass(frozen=True, slots=True)
class Banks:
    scenarios: Mapping[tuple[str, str], tuple[Scenario, ...]]  # (category, lang) -> scenarios
    versions: Mapping[str, str]  # file name -> its version


def _compile_slots(raw: Any, where: str) -> dict[str, tuple[Item, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: slots must be a table")
    out: dict[str, tuple[Item, ...]] = {}
    for name, items in raw.items():
        here = f"{where} slot {name!r}"
        if not isinstance(items, list) or not items:
            raise ConfigError(f"{here}: must be a non-empty list")
        compiled: list[Item] = []
        for item in items:
            if isinstance(item, str):
                compiled.append(compile_template(item, here))
            elif isinstance(item, dict) and all(isinstance(v, str) for v in item.values()):
                compiled.append({k: compile_template(v, here) for k, v in item.items()})
            else:
                raise ConfigError(f"{here}: items must be strings or tables of strings")
        out[name] = tuple(compiled)
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: cannot read phrase bank: {exc}") from None


def _scenario(
    raw: Any, *, category: str, lang: str, stem: str, base: Mapping[str, tuple[Item, ...]]
) -> Scenario:
    where = (
        f"{stem}.toml [{lang}] scenario {raw.get('name', '?') if isinstance(raw, dict) else '?'}"
    )
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(raw) - _SCENARIO_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    name = raw.get("name")
    weight = raw.get("weight", 1.0)
    styles = raw.get("styles")
    templates = raw.get("templates")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: needs a name")
    if not isinstance(weight, int | float) or weight <= 0:
        raise ConfigError(f"{where}: weight must be a positive number")
    if not isinstance(styles, list) or not styles or not set(styles) <= STYLES:
        raise ConfigError(f"{where}: styles must be a non-empty list from {sorted(STYLES)}")
    if not isinstance(templates, list) or not templates:
        raise ConfigError(f"{where}: needs a non-empty list of templates")
    if not all(isinstance(t, str) and t.strip() for t in templates):
        raise ConfigError(f"{where}: templates must be non-empty strings")
    is_fraud = category != FraudCategory.NOT_FRAUD
    obfuscate = raw.get("obfuscate", 0.35 if is_fraud else 0.0)
    unsubscribe = raw.get("unsubscribe", 0.0)
    prefix_prob = raw.get("prefix_prob", 0.3)
    prefix = raw.get("prefix", [])
    if not isinstance(prefix, list) or not all(isinstance(p, str) and p for p in prefix):
        raise ConfigError(f"{where}: prefix must be a list of templates")
    for key, value in (
        ("obfuscate", obfuscate),
        ("unsubscribe", unsubscribe),
        ("prefix_prob", prefix_prob),
    ):
        if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise ConfigError(f"{where}: {key} must be between 0 and 1")
    hard_negative = raw.get("hard_negative", False)
    if not isinstance(hard_negative, bool) or (hard_negative and is_fraud):
        raise ConfigError(f"{where}: hard_negative is a boolean for not_fraud scenarios")
    slots = {**base, **_compile_slots(raw.get("slots"), where)}
    scope = Scope(slots, ENTITIES, where)
    compiled = tuple(compile_template(t, where) for t in templates)
    prefixes = tuple(compile_template(p, where) for p in prefix)
    for template in (*compiled, *prefixes):
        scope.check(template)
    return Scenario(
        category=category,
        lang=lang,
        name=f"{stem}.{name}",
        weight=float(weight),
        styles=tuple(styles),
        templates=compiled,
        scope=scope,
        hard_negative=hard_negative,
        obfuscate=float(obfuscate),
        unsubscribe=float(unsubscribe),
        prefix=prefixes,
        prefix_prob=float(prefix_prob),
    )


def load_banks(data_dir: Path = DATA_DIR) -> Banks:
    """Read, compile and check every phrase bank; any problem raises ConfigError."""
    common = _read(data_dir / "common.toml")
    versions: dict[str, str] = {}
    common_slots: dict[str, dict[str, tuple[Item, ...]]] = {}
    for lang in LANGS:
        section = common.get(lang, {})
        common_slots[lang] = _compile_slots(section.get("slots"), f"common.toml [{lang}]")
    versions["common.toml"] = str(common.get("version", ""))
    codes = {c.value for c in FraudCategory}
    found: dict[tuple[str, str], list[Scenario]] = {}
    for path in sorted(data_dir.glob("*.toml")):
        if path.name in _SPECIAL_FILES:
            if path.name == "style.toml":
                versions[path.name] = str(_read(path).get("version", ""))
            continue
        raw = _read(path)
        version = raw.get("version")
        category = raw.get("category")
        if not isinstance(version, str) or not version:
            raise ConfigError(f"{path.name}: needs a version string")
        if category not in codes:
            raise ConfigError(f"{path.name}: category must be a taxonomy code, got {category!r}")
        assert isinstance(category, str)
        versions[path.name] = version
        names: set[tuple[str, str]] = set()
        for lang in LANGS:
            section = raw.get(lang)
            if section is None:
                continue
            file_slots = _compile_slots(section.get("slots"), f"{path.name} [{lang}]")
            base = {**common_slots[lang], **file_slots}
            for item in section.get("scenarios", []):
                scenario = _scenario(item, category=category, lang=lang, stem=path.stem, base=base)
                if (lang, scenario.name) in names:
                    raise ConfigError(f"{path.name}: scenario {scenario.name} listed twice")
                names.add((lang, scenario.name))
                found.setdefault((category, lang), []).append(scenario)
    return Banks(
        scenarios={key: tuple(value) for key, value in found.items()},
        versions=versions,
    )


@lru_cache(maxsize=1)
def default_banks() -> Banks:
    return load_banks()


def categories_in(banks: Banks, lang: str) -> Sequence[str]:
    return sorted({category for category, lg in banks.scenarios if lg == lang})
