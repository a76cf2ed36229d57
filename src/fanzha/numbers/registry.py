"""The official service-number registry (110, 96110, 95588 ...), loaded from TOML.

The registry is data, not code: operators and police centres keep their own
copy (``FANZHA_REGISTRY_FILE``) and fanzha ships a reviewed, versioned default.
A bad file must stop start-up with a message that names the file and the entry,
never be half-loaded.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fanzha.core.errors import ConfigError
from fanzha.numbers.types import OfficialNumber

BUNDLED_REGISTRY = Path(__file__).parent / "data" / "official_numbers.toml"

CATEGORIES = frozenset(
    {
        "emergency",
        "police",
        "government",
        "anti_fraud",
        "carrier",
        "bank",
        "insurer",
        "payment",
        "courier",
        "transport",
    }
)
_REQUIRED = ("number", "owner_zh", "owner_en", "category", "originates_calls", "never_block")
_KEYS = frozenset({*_REQUIRED, "callback", "aliases"})


class Registry:
    """A loaded registry. Hashable by identity, so parse caches can key on it."""

    __slots__ = ("_aliases", "_by_number", "entries", "path", "version")

    def __init__(
        self,
        version: str,
        entries: Iterable[OfficialNumber],
        aliases: dict[str, tuple[str, ...]] | None = None,
        path: Path | None = None,
    ) -> None:
        self.version = version
        self.entries: tuple[OfficialNumber, ...] = tuple(entries)
        self.path = path
        self._by_number = {entry.number: entry for entry in self.entries}
        self._aliases = aliases or {}

    def __repr__(self) -> str:
        return f"Registry(version={self.version!r}, entries={len(self.entries)})"

    def lookup(self, national_digits: str) -> OfficialNumber | None:
        """Entry for a number as dialled in mainland China ("95588"); ``+86`` is tolerated."""
        if national_digits.startswith("+86"):
            national_digits = national_digits[3:]
        return self._by_number.get(national_digits)

    def aliases(self, number: str) -> tuple[str, ...]:
        """Extra names of an entry (工行, ICBC ...), as listed in the file."""
        return self._aliases.get(number, ())

    def find_by_owner(self, keyword: str) -> list[OfficialNumber]:
        """Entries whose owner matches ``keyword`` ("工商银行", "ICBC", "建行客服" ...).

        Exact name or alias matches win; otherwise an entry matches when the keyword
        is part of one of its names, or when one of its aliases appears in the
        keyword (so a phrase like "建设银行信用卡中心" still finds CCB).
        """
        key = keyword.strip().casefold()
        if not key:
            return []
        exact: list[OfficialNumber] = []
        partial: list[OfficialNumber] = []
        for entry in self.entries:
            aliases = [alias.casefold() for alias in self._aliases.get(entry.number, ())]
            names = [entry.owner_zh.casefold(), entry.owner_en.casefold(), *aliases]
            if key in names:
                exact.append(entry)
            elif any(key in name for name in names) or any(
                _alias_in(alias, key) for alias in aliases
            ):
                partial.append(entry)
        return exact or partial


def _alias_in(alias: str, text: str) -> bool:
    # Latin aliases must stand as words: "ABC" must not match inside "ABCD".
    if alias.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text) is not None
    return len(alias) >= 2 and alias in text


def _fail(path: Path, message: str, **details: Any) -> ConfigError:
    return ConfigError(f"{path}: {message}", details={"file": str(path), **details})


def _digits(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit() and 3 <= len(value) <= 20


def _parse_entry(path: Path, index: int, raw: object) -> tuple[OfficialNumber, tuple[str, ...]]:
    label = f"entry #{index}"
    if not isinstance(raw, dict):
        raise _fail(path, f"{label} is not a table", entry=index)
    if "number" in raw:
        label = f"entry #{index} ({raw['number']!r})"

    def bad(field: str, why: str) -> ConfigError:
        return _fail(
            path,
            f"{label}: {field} {why}",
            entry=index,
            field=field,
            number=str(raw.get("number", "")),
        )

    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise bad(unknown[0], "is not a known field")
    for field in _REQUIRED:
        if field not in raw:
            raise bad(field, "is missing")
    if not _digits(raw["number"]):
        raise bad("number", 'must be a string of 3-20 digits (quote it: number = "110")')
    for field in ("owner_zh", "owner_en"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise bad(field, "must be a non-empty string")
    if raw["category"] not in CATEGORIES:
        raise bad("category", f"must be one of {sorted(CATEGORIES)}")
    for field in ("originates_calls", "never_block"):
        if not isinstance(raw[field], bool):
            raise bad(field, "must be true or false")
    callback = raw.get("callback", raw["number"])
    if not isinstance(callback, str) or not _digits(callback):
        raise bad("callback", "must be a string of 3-20 digits")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise bad("aliases", "must be a list of non-empty strings")
    entry = OfficialNumber(
        number=raw["number"],
        owner_zh=raw["owner_zh"].strip(),
        owner_en=raw["owner_en"].strip(),
        category=raw["category"],
        originates_calls=raw["originates_calls"],
        never_block=raw["never_block"],
        callback=callback,
    )
    return entry, tuple(a.strip() for a in aliases)


def parse_registry(path: Path) -> Registry:
    """Read and validate a registry file; any problem raises ConfigError naming file and entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, f"cannot read registry: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise _fail(path, "missing string key 'version'")
    raw_entries = data.get("number", [])
    if not isinstance(raw_entries, list):
        raise _fail(path, "'number' must be an array of tables ([[number]])")
    entries: list[OfficialNumber] = []
    aliases: dict[str, tuple[str, ...]] = {}
    for index, raw in enumerate(raw_entries):
        entry, entry_aliases = _parse_entry(path, index, raw)
        if entry.number in aliases:
            raise _fail(
                path,
                f"entry #{index} ({entry.number!r}): number listed twice",
                entry=index,
                number=entry.number,
            )
        entries.append(entry)
        aliases[entry.number] = entry_aliases
    return Registry(version.strip(), entries, aliases, path)


@lru_cache(maxsize=16)
def _load(path: Path) -> Registry:
    return parse_registry(path)


def load_registry(path: str | Path | None = None) -> Registry:
    """The bundled registry (``None`` or ``""``) or the file at ``path``; cached per path."""
    return _load(BUNDLED_REGISTRY if not path else Path(path))


def clear_registry_cache() -> None:
    """Forget loaded registry files, so the next load_registry reads them again."""
    _load.cache_clear()
