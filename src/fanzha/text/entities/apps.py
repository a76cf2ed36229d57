"""App names from the versioned catalogue data/apps.toml, and any "xxx.apk" file.

All names are compiled into one regex shaped like a trie, so the text is scanned
once whatever the size of the catalogue. Latin names match as whole words; names
that are also ordinary words (Line, Signal, 电报) need the case as listed and an
app word nearby.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fanzha.core.config_files import read_toml
from fanzha.core.errors import ConfigError
from fanzha.text.entities.base import Candidate, with_case
from fanzha.text.normalize import Normalized, normalize

APP_KINDS = frozenset(
    {
        "chat",
        "remote_control",
        "screen_share",  # video meetings: screen sharing shows codes and balances
        "payment",
        "loan",
        "marketplace",
        "courier",
        "game",
        "social",
        "crypto",
        "anti_fraud",
    }
)
_FIELDS = frozenset({"id", "name", "name_en", "kind", "aliases", "guarded", "not_in"})
_WORD_CHAR = re.compile(r"[a-z0-9]")
_WHITESPACE = re.compile(r"\s+")
# Words that make an ambiguous name ("Line", "电报") likely to mean the app.
_APP_CONTEXT = re.compile(
    r"app|apk|软件|应用|下载|安装|聊天|视频|会议|加我|联系|私聊|账号|帐号|群|好友|客服|平台|"
    r"钱包|借|贷|额度|快递|download|install|chat|contact|account|meeting|message|add me|"
    r"(?<![a-z])id(?![a-z])"
)
_CONTEXT_WINDOW = 20
_APK = re.compile(
    r"(?P<stem>(?<![a-z0-9_.\-])[a-z0-9_\-.]{1,40}|[\u4e00-\u9fff]{1,12}[a-z0-9_\-.]{0,20})"
    r"\.apk(?![a-z0-9])"
)
# Words a Chinese file name picks up from the sentence: "请下载安全中心.apk".
_APK_LEAD_WORDS = re.compile(r"请|点击|下载|安装|打开|立即|马上|尽快|及时|这个|官方的|的")


@dataclass(frozen=True, slots=True)
class App:
    id: str
    name: str
    name_en: str
    kind: str


@dataclass(frozen=True, slots=True)
class AppCatalog:
    """A loaded catalogue: ``pattern`` finds every name; ``by_key`` maps a match
    (normalised, whitespace removed) to its app."""

    version: str
    apps: tuple[App, ...]
    pattern: re.Pattern[str]
    by_key: dict[str, App]
    guarded: dict[str, frozenset[str]]  # key -> the forms it must be written in
    not_in: dict[str, tuple[str, ...]]  # key -> phrases where it means something else


def find_apps(norm: Normalized, catalog: AppCatalog | None = None) -> Iterator[Candidate]:
    catalog = catalog or load_app_catalog()
    text = norm.text
    for match in catalog.pattern.finditer(text):
        start, end = match.span()
        key = _WHITESPACE.sub("", match.group())
        app = catalog.by_key[key]
        phrases = catalog.not_in.get(key)
        if phrases and _inside_phrase(text, start, key, phrases):
            continue
        forms = catalog.guarded.get(key)
        if forms is not None and not _guard_holds(norm, start, end, forms):
            continue
        details: dict[str, Any] = {"kind": app.kind, "app_id": app.id, "name_en": app.name_en}
        yield Candidate("app", start, end, app.name, details)
    if ".apk" in text:
        yield from _find_apks(norm, catalog)


def _inside_phrase(text: str, start: int, key: str, phrases: tuple[str, ...]) -> bool:
    for phrase in phrases:
        offset = phrase.find(key)
        begin = start - offset
        if offset >= 0 and begin >= 0 and text.startswith(phrase, begin):
            return True
    return False


def _guard_holds(norm: Normalized, start: int, end: int, forms: frozenset[str]) -> bool:
    if _WHITESPACE.sub("", with_case(norm, start, end)) not in forms:
        return False
    window_start = max(0, start - _CONTEXT_WINDOW)
    return _APP_CONTEXT.search(norm.text, window_start, end + _CONTEXT_WINDOW) is not None


def _find_apks(norm: Normalized, catalog: AppCatalog) -> Iterator[Candidate]:
    for match in _APK.finditer(norm.text):
        stem_start = _stem_start(norm, match.start(), match.end("stem"))
        if stem_start >= match.end("stem"):
            continue  # "下载.apk": no name left
        stem = norm.text[stem_start : match.end("stem")]
        details: dict[str, Any] = {"kind": "apk"}
        named_after = catalog.by_key.get(_WHITESPACE.sub("", stem))
        if named_after is not None:
            # "支付宝.apk", "国家反诈中心.apk": a file passing itself off as a known app.
            details["named_after"] = named_after.name
        value = with_case(norm, stem_start, match.end())
        yield Candidate("app", stem_start, match.end(), value, details)


def _stem_start(norm: Normalized, start: int, end: int) -> int:
    """Where a file name really starts: after the last sentence word before it, and
    after any punctuation normalisation removed between Chinese characters
    ("日结200元，下载安全中心.apk" is about 安全中心.apk)."""
    for lead in _APK_LEAD_WORDS.finditer(norm.text, start, end):
        start = lead.end()
    source = norm.source
    if source is not None:
        for index in range(end - 1, start, -1):
            if source[index] - source[index - 1] > 1:  # characters were dropped here
                gap = norm.original[source[index - 1] + 1 : source[index]]
                if any(
                    char.isspace() or not char.isprintable() or _is_punctuation(char)
                    for char in gap
                ):
                    return index
    return start


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZ"


def alias_key(alias: str) -> str:
    """How a name appears in normalised text, whitespace removed."""
    return _WHITESPACE.sub("", normalize(alias).text)


@lru_cache(maxsize=8)
def load_app_catalog(path: str | None = None) -> AppCatalog:
    """The bundled catalogue (``None``) or the file at ``path``; cached per path.
    A bad file raises ConfigError naming the file and the entry."""
    data, source = read_toml(path, "fanzha.text", "data/apps.toml", "app catalogue")
    return build_catalog(data, source)


def build_catalog(data: dict[str, Any], source: str) -> AppCatalog:
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ConfigError(f"app catalogue {source}: missing string key 'version'")
    entries = data.get("app", [])
    if not isinstance(entries, list):
        raise ConfigError(f"app catalogue {source}: 'app' must be an array of tables ([[app]])")
    apps: list[App] = []
    by_key: dict[str, App] = {}
    guarded: dict[str, set[str]] = {}
    not_in: dict[str, tuple[str, ...]] = {}
    seen_ids: set[str] = set()
    for index, raw in enumerate(entries):
        app, plain, guarded_forms, phrases = _parse_entry(raw, index, source)
        if app.id in seen_ids:
            raise ConfigError(f"app catalogue {source}: app id {app.id!r} listed twice")
        seen_ids.add(app.id)
        apps.append(app)
        guarded_keys = {alias_key(form) for form in guarded_forms}
        for form in guarded_forms:
            guarded.setdefault(alias_key(form), set()).add(_WHITESPACE.sub("", form))
        # A name listed under guarded is matched only with the guard.
        for key in [*(k for k in map(alias_key, plain) if k not in guarded_keys), *guarded_keys]:
            if not key:
                raise ConfigError(f"app catalogue {source}: app {app.id!r} has an empty name")
            owner = by_key.setdefault(key, app)
            if owner is not app:
                raise ConfigError(
                    f"app catalogue {source}: {key!r} names both {owner.id!r} and {app.id!r}"
                )
            if phrases:
                not_in[key] = tuple(alias_key(phrase) for phrase in phrases)
    return AppCatalog(
        version=version.strip(),
        apps=tuple(apps),
        pattern=_trie_pattern(by_key),
        by_key=by_key,
        guarded={key: frozenset(forms) for key, forms in guarded.items()},
        not_in=not_in,
    )


def _parse_entry(
    raw: object, index: int, source: str
) -> tuple[App, list[str], list[str], list[str]]:
    where = f"app catalogue {source}: entry #{index}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} is not a table")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ConfigError(f"{where}: {unknown[0]!r} is not a known field")
    for field in ("id", "name", "name_en", "kind"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise ConfigError(f"{where}: {field} must be a non-empty string")
    if raw["kind"] not in APP_KINDS:
        raise ConfigError(f"{where}: kind must be one of {sorted(APP_KINDS)}")
    lists: dict[str, list[str]] = {}
    for field in ("aliases", "guarded", "not_in"):
        value = raw.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where}: {field} must be a list of non-empty strings")
        lists[field] = [v.strip() for v in value]
    app = App(raw["id"].strip(), raw["name"].strip(), raw["name_en"].strip(), raw["kind"])
    plain = [app.name, app.name_en, *lists["aliases"]]
    return app, plain, lists["guarded"], lists["not_in"]


def _trie_pattern(keys: dict[str, App]) -> re.Pattern[str]:
    """One regex for all names, factored by common prefix so that matching costs
    the length of a name, not the number of names. Longer names win ("微信支付"
    over "微信"); a name starting or ending in a Latin letter or digit must not
    continue a word there ("qq" is not found in "qqq")."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = True
    alternatives = []
    for char in sorted(trie):
        # The boundary test follows the first character, so that every branch
        # starts with a literal and the regex engine skips non-matching positions fast.
        boundary = "(?<![a-z0-9].)" if _WORD_CHAR.match(char) else ""
        alternatives.append(re.escape(char) + boundary + _node_pattern(trie[char], char))
    return re.compile("|".join(alternatives))


def _node_pattern(node: dict[str, Any], last: str) -> str:
    branches = [
        _gap(last, char) + re.escape(char) + _node_pattern(node[char], char)
        for char in sorted(c for c in node if c)
    ]
    if "" in node:
        branches.append("(?![a-z0-9])" if _WORD_CHAR.match(last) else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _gap(last: str, char: str) -> str:
    # Two-word Latin names ("Google Meet", "Cash App") are stored without the
    # space; in the text there may be any amount of whitespace or none.
    return r"\s{0,3}" if _WORD_CHAR.match(last) and _WORD_CHAR.match(char) else ""
