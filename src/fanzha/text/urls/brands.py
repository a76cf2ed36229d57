"""Brands scam links imitate (data/brands.toml), and how a host is matched to them:
official (the brand's own domain), look-alike (brand word, typo, look-alike letters
or another suffix in the registered domain) or brand-in-subdomain."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

from fanzha.core import ConfigError
from fanzha.core.config_files import read_toml
from fanzha.text.urls.knowledge import PACKAGE, UrlLists, host_matches
from fanzha.text.urls.parse import ParsedUrl, UrlParseError, parse_url

BrandKind = Literal["bank", "gov", "brand"]
KINDS: tuple[BrandKind, ...] = ("bank", "gov", "brand")
_TOKENS = re.compile(r"[a-z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class Brand:
    id: str
    kind: BrandKind
    name: str
    name_zh: str
    domains: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    keywords_zh: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    country_sites: bool = False


@dataclass(frozen=True, slots=True)
class BrandMatch:
    """Why a host resembles ``brand``: ``how`` is one of keyword, token, name_zh,
    typo, confusable, other_suffix, official_domain; ``evidence`` is the brand word or
    official domain it resembles."""

    brand: Brand
    how: str
    evidence: str

    def describe(self) -> tuple[str, str]:
        """The match in English and Chinese, for a reason sentence."""
        b, e = self.brand, self.evidence
        return {
            "keyword": (f"contains the brand word '{e}'", f"含有品牌词“{e}”"),
            "token": (f"contains the brand word '{e}'", f"含有品牌词“{e}”"),
            "name_zh": (f"contains the name '{e}'", f"含有名称“{e}”"),
            "typo": (f"is one typo away from {e}", f"与 {e} 仅差一两个字符"),
            "confusable": (
                f"reads as {e} with look-alike characters",
                f"用形近字符冒充 {e}",
            ),
            "other_suffix": (
                f"uses the name of {e} under another suffix",
                f"用 {e} 的名称配了别的后缀",
            ),
            "official_domain": (f"contains the official domain {e}", f"含有官方域名 {e}"),
        }.get(self.how, (f"resembles {b.name}", f"类似{b.name_zh}"))


def typo_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment (Damerau-Levenshtein) distance, or ``limit + 1`` once
    it is sure to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def ascii_skeleton(label: str) -> str:
    """A label with the ASCII characters people confuse folded together
    (0/o, 1/l/i, rn/m, vv/w)."""
    return label.replace("rn", "m").replace("vv", "w").translate(_ASCII_FOLD)


_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class BrandBook:
    """All brands, indexed for fast matching."""

    def __init__(self, version: str, brands: Iterable[Brand]) -> None:
        self.version = version
        self.brands = tuple(brands)
        self._official: dict[str, Brand] = {}
        self._label_owners: dict[str, list[tuple[Brand, str]]] = {}
        for brand in self.brands:
            for domain in brand.domains:
                self._official.setdefault(domain, brand)
                label = _official_label(domain)
                if label:
                    self._label_owners.setdefault(label, []).append((brand, domain))
        self._official_domains = frozenset(self._official)
        self._skeletons: dict[str, list[str]] = {}
        for label in self._label_owners:
            self._skeletons.setdefault(ascii_skeleton(label), []).append(label)
        keywords: dict[str, list[Brand]] = {}
        tokens: dict[str, list[Brand]] = {}
        zh: dict[str, list[Brand]] = {}
        for brand in self.brands:
            for word in brand.keywords:
                keywords.setdefault(word, []).append(brand)
            for word in brand.tokens:
                tokens.setdefault(word, []).append(brand)
            for word in brand.keywords_zh:
                zh.setdefault(word, []).append(brand)
        self._keywords = keywords
        self._tokens = tokens
        self._zh = zh
        ordered = sorted(keywords, key=lambda w: (-len(w), w))
        self._keyword_re = re.compile("|".join(re.escape(w) for w in ordered) or "(?!)")
        ordered_zh = sorted(zh, key=lambda w: (-len(w), w))
        self._zh_re = re.compile("|".join(re.escape(w) for w in ordered_zh) or "(?!)")

    @cached_property
    def _typo_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for label in self._label_owners:
            if label.isdigit():
                continue
            for variant in _deletes(label, 2):
                index.setdefault(variant, set()).add(label)
        return index

    def official(self, host: str) -> Brand | None:
        """The brand whose official domain ``host`` is or is under."""
        match = host_matches(host, self._official_domains)
        return self._official[match] if match else None

    def country_official(self, parsed: ParsedUrl, lists: UrlLists) -> Brand | None:
        """A brand with ``country_sites`` whose own name is the registered label under a
        country-code suffix (google.de, amazon.co.jp)."""
        if parsed.is_ip or not _country_suffix(parsed.suffix, lists):
            return None
        for brand, _domain in self._label_owners.get(parsed.registered_label, ()):
            if brand.country_sites:
                return brand
        return None

    def brand_for_label(self, label: str) -> Brand | None:
        """The brand an ASCII label names: an official label (``paypal``) or a brand
        keyword inside it (``appleid-verify``); short tokens do not count."""
        owners = self._label_owners.get(label)
        if owners:
            return owners[0][0]
        words = [m for m in self.words_in(label) if m.how != "token"]
        return words[0].brand if words else None

    def words_in(self, label: str, unicode_label: str = "") -> list[BrandMatch]:
        """Brand words in one ASCII label (and its Unicode form, for Chinese names)."""
        out: list[BrandMatch] = []
        seen: set[str] = set()
        for match in self._keyword_re.finditer(label):
            word = match.group(0)
            for brand in self._keywords[word]:
                if brand.id in seen or _excluded(brand, label):
                    continue
                seen.add(brand.id)
                out.append(BrandMatch(brand, "keyword", word))
        for token in _TOKENS.findall(label):
            for brand in self._tokens.get(token, ()):
                if brand.id not in seen:
                    seen.add(brand.id)
                    out.append(BrandMatch(brand, "token", token))
        if unicode_label and not unicode_label.isascii():
            for match in self._zh_re.finditer(unicode_label):
                for brand in self._zh[match.group(0)]:
                    if brand.id not in seen:
                        seen.add(brand.id)
                        out.append(BrandMatch(brand, "name_zh", match.group(0)))
        return out

    def lookalikes(
        self, parsed: ParsedUrl, lists: UrlLists, params: dict[str, Any]
    ) -> list[BrandMatch]:
        """Brands the registered domain imitates. Empty for official hosts and IPs."""
        if parsed.is_ip or self.official(parsed.host) is not None:
            return []
        label = parsed.registered_label
        if not label:
            return []
        unicode_label = parsed.host_unicode.split(".")[-(parsed.registered_domain.count(".") + 1)]
        skeleton_label = lists.skeleton(unicode_label) if not unicode_label.isascii() else label
        out = self.words_in(label, unicode_label)
        if skeleton_label != label:
            out += [m for m in self.words_in(skeleton_label) if m.how != "token"]
        seen = {m.brand.id for m in out}
        for brand, how, domain in self._near_official(parsed, skeleton_label, lists, params):
            if skeleton_label != label:
                how = "confusable"
            if brand.id not in seen:
                seen.add(brand.id)
                out.append(BrandMatch(brand, how, domain))
        return out

    def _near_official(
        self, parsed: ParsedUrl, label: str, lists: UrlLists, params: dict[str, Any]
    ) -> list[tuple[Brand, str, str]]:
        min_length = int(params.get("min_length", 5))
        long_length = int(params.get("long_length", 9))
        out: list[tuple[Brand, str, str]] = []
        candidates = [label] + ([label.replace("-", "")] if "-" in label else [])
        for candidate in candidates:
            if not candidate.isascii():
                continue
            owners = self._label_owners.get(candidate)
            if owners:
                for brand, domain in owners:
                    if not (brand.country_sites and _country_suffix(parsed.suffix, lists)):
                        out.append((brand, "other_suffix", domain))
                continue
            for official in self._skeletons.get(ascii_skeleton(candidate), ()):
                out += [(b, "confusable", d) for b, d in self._label_owners[official]]
            if len(candidate) < min_length or candidate.isdigit():
                continue
            # The index holds official labels with up to 2 letters deleted (long labels)
            # or 1; the link's label with up to 1 deleted meets them: one or two edits,
            # except two substitutions in one label.
            near: set[str] = set()
            index = self._typo_index
            for variant in _deletes(candidate, 1):
                found = index.get(variant)
                if found:
                    near |= found
            for official in sorted(near):
                if len(official) < min_length or candidate in official or official in candidate:
                    continue  # cloud / icloud: a word, not a typo
                limit = 2 if len(official) >= long_length else 1
                if typo_distance(candidate, official, limit) <= limit:
                    owners = self._label_owners[official]
                    out += [(b, "typo", d) for b, d in owners if not _excluded(b, candidate)]
        return out

    def in_subdomain(self, parsed: ParsedUrl) -> list[BrandMatch]:
        """Brands named left of the registered domain (icbc.com.cn.login-verify.top):
        an official domain, or a brand keyword (short tokens alone do not count)."""
        if parsed.is_ip or not parsed.subdomain or self.official(parsed.host) is not None:
            return []
        sub = "." + parsed.subdomain + "."
        out: list[BrandMatch] = []
        seen: set[str] = set()
        labels = parsed.subdomain_labels
        for i in range(len(labels)):
            for j in range(i + 2, len(labels) + 1):
                candidate = ".".join(labels[i:j])
                brand = self._official.get(candidate)
                if brand is not None and brand.id not in seen and f".{candidate}." in sub:
                    seen.add(brand.id)
                    out.append(BrandMatch(brand, "official_domain", candidate))
        unicode_sub = parsed.host_unicode.split(".")[: len(labels)]
        for label, unicode_label in zip(labels, unicode_sub, strict=False):
            for match in self.words_in(label, unicode_label):
                if match.how != "token" and match.brand.id not in seen:
                    seen.add(match.brand.id)
                    out.append(match)
        return out


def _excluded(brand: Brand, label: str) -> bool:
    return any(x in label for x in brand.exclude)


def _official_label(domain: str) -> str:
    try:
        parsed = parse_url("http://" + domain)
    except UrlParseError:
        return ""
    if parsed.registered_domain != domain or parsed.registered_domain == parsed.suffix:
        return ""
    return parsed.registered_label


def _country_suffix(suffix: str, lists: UrlLists) -> bool:
    """A country-code suffix (de, co.jp, com.cn) that is not on the suspicious list."""
    last = suffix.rsplit(".", 1)[-1]
    return (
        len(last) == 2 and last not in lists.suspicious_tlds and suffix not in lists.suspicious_tlds
    )


def _strings(entry: dict[str, Any], key: str, lower: bool = True) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{key} must be a list of strings")
    return tuple((v.strip().lower() if lower else v.strip()) for v in values if v.strip())


def parse_brands(data: dict[str, Any], source: str) -> BrandBook:
    try:
        brands = []
        for entry in data.get("brand", []):
            kind = str(entry.get("kind", "brand"))
            if kind not in KINDS:
                raise ValueError(f"brand {entry.get('id')!r}: kind must be one of {KINDS}")
            domains = _strings(entry, "domains")
            if not domains:
                raise ValueError(f"brand {entry.get('id')!r} has no domains")
            brands.append(
                Brand(
                    id=str(entry["id"]),
                    kind=kind,
                    name=str(entry["name"]),
                    name_zh=str(entry.get("name_zh", entry["name"])),
                    domains=domains,
                    keywords=_strings(entry, "keywords"),
                    tokens=_strings(entry, "tokens"),
                    keywords_zh=_strings(entry, "keywords_zh", lower=False),
                    exclude=_strings(entry, "exclude"),
                    country_sites=bool(entry.get("country_sites", False)),
                )
            )
        return BrandBook(str(data["version"]), brands)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"brand list {source} is invalid: {exc!r}", details={"brands": source}
        ) from None


@lru_cache(maxsize=8)
def load_brands(path: str | None = None) -> BrandBook:
    """Load a brands file; ``None`` or empty loads the bundled one."""
    data, source = read_toml(path, PACKAGE, "data/brands.toml", "brand list")
    return parse_brands(data, source)
