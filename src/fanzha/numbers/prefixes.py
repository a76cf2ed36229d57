"""Mainland mobile, virtual-operator and IoT ranges, read from a versioned TOML table.

The table lives in ``data/mobile_prefixes.toml`` rather than in code so that an
operator can review and update ranges without touching logic, and so that every
classification can name the table version it used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fanzha.core.errors import ConfigError
from fanzha.numbers.types import Carrier, NumberClass

BUNDLED_PREFIXES = Path(__file__).parent / "data" / "mobile_prefixes.toml"

_RANGE_CLASSES = {
    "mobile": NumberClass.MOBILE,
    "virtual_mobile": NumberClass.VIRTUAL_MOBILE,
    "iot": NumberClass.IOT,
}
_RANGE_KEYS = frozenset({"class", "carrier", "host", "lengths", "prefixes"})


@dataclass(frozen=True, slots=True)
class NumberRange:
    """What a prefix says about a number: its class, operator and accepted lengths."""

    prefix: str
    number_class: NumberClass
    carrier: Carrier | None
    virtual_host: Carrier | None
    lengths: frozenset[int]


@dataclass(frozen=True, slots=True)
class PrefixTable:
    version: str
    ranges: dict[str, NumberRange]  # prefix (3 or 4 digits) -> range

    def lookup(self, national: str) -> NumberRange | None:
        """Longest-prefix match on a national number (4 digits first, then 3)."""
        found = self.ranges.get(national[:4])
        return found if found is not None else self.ranges.get(national[:3])


def _fail(path: Path, message: str, **details: Any) -> ConfigError:
    return ConfigError(f"{path}: {message}", details={"file": str(path), **details})


def _carrier(path: Path, index: int, value: object, field: str) -> Carrier | None:
    if value is None:
        return None
    try:
        return Carrier(str(value))
    except ValueError:
        raise _fail(path, f"range #{index}: unknown {field} {value!r}", entry=index) from None


def _parse_range(path: Path, index: int, raw: object) -> list[NumberRange]:
    if not isinstance(raw, dict):
        raise _fail(path, f"range #{index} is not a table", entry=index)
    unknown = set(raw) - _RANGE_KEYS
    if unknown:
        raise _fail(path, f"range #{index}: unknown keys {sorted(unknown)}", entry=index)
    number_class = _RANGE_CLASSES.get(str(raw.get("class")))
    if number_class is None:
        raise _fail(
            path, f"range #{index}: class must be one of {sorted(_RANGE_CLASSES)}", entry=index
        )
    carrier = _carrier(path, index, raw.get("carrier"), "carrier")
    host = _carrier(path, index, raw.get("host"), "host")
    if host is not None and number_class is not NumberClass.VIRTUAL_MOBILE:
        raise _fail(path, f"range #{index}: only virtual_mobile ranges have a host", entry=index)
    lengths = raw.get("lengths", [11])
    if (
        not isinstance(lengths, list)
        or not lengths
        or not all(isinstance(n, int) and n in (11, 13) for n in lengths)
    ):
        raise _fail(path, f"range #{index}: lengths must be a list of 11 and/or 13", entry=index)
    prefixes = raw.get("prefixes")
    if not isinstance(prefixes, list) or not prefixes:
        raise _fail(path, f"range #{index}: prefixes must be a non-empty list", entry=index)
    out = []
    for prefix in prefixes:
        if not (
            isinstance(prefix, str)
            and prefix.isascii()
            and prefix.isdigit()
            and len(prefix) in (3, 4)
            and prefix[0] == "1"
        ):
            raise _fail(
                path, f"range #{index}: bad prefix {prefix!r} (3-4 digits, starting 1)", entry=index
            )
        # A virtual number's traffic is carried by its host, so expose it as the carrier too.
        out.append(NumberRange(prefix, number_class, carrier or host, host, frozenset(lengths)))
    return out


def parse_prefix_table(path: Path) -> PrefixTable:
    """Read and validate a prefix table; any problem raises ConfigError naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, f"cannot read prefix table: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise _fail(path, "missing string key 'version'")
    raw_ranges = data.get("range")
    if not isinstance(raw_ranges, list) or not raw_ranges:
        raise _fail(path, "missing [[range]] tables")
    ranges: dict[str, NumberRange] = {}
    for index, raw in enumerate(raw_ranges):
        for number_range in _parse_range(path, index, raw):
            if number_range.prefix in ranges:
                raise _fail(
                    path, f"range #{index}: prefix {number_range.prefix} listed twice", entry=index
                )
            ranges[number_range.prefix] = number_range
    return PrefixTable(version=version, ranges=ranges)


@lru_cache(maxsize=8)
def load_prefix_table(path: Path | None = None) -> PrefixTable:
    """The bundled table (``path=None``) or another file; cached per path."""
    return parse_prefix_table(BUNDLED_PREFIXES if path is None else Path(path))
