"""The style layer: register, typos, emoji, punctuation and keyword obfuscation.

A scenario lists the registers it is written in (``notice``: a formal SMS notice;
``chat``: casual chat; ``spam``: bulk advertising, emoji and exclamation marks,
all-caps English; ``broken``: sloppy grammar and non-native English). The register,
not the label, sets the rates of emoji, typos and punctuation changes, so fraud and
normal messages written in the same register look alike on the surface. Keyword
obfuscation (加V, 薇信, 钱→q, split keywords, full-width letters, Cyrillic look-alikes)
is applied with the scenario's own ``obfuscate`` probability: high for scams, low
for legitimate marketing, zero for everything else.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fanzha.core import ConfigError

STYLE_FILE = Path(__file__).parent / "data" / "style.toml"


@dataclass(frozen=True, slots=True)
class Register:
    emoji: float  # probability of adding emoji
    typo: float  # probability that each typo-list word is misspelt
    casual_punct: float  # probability of chat-style punctuation changes
    shout: float  # probability of !!! / all caps (English) / ！！！
    broken: float  # probability of non-native phrasing (English)
    unsign: float = 0.0  # probability of 【Sender】 becoming "Sender：" (push or pasted text)


REGISTERS: dict[str, Register] = {
    "notice": Register(
        emoji=0.06, typo=0.02, casual_punct=0.05, shout=0.03, broken=0.0, unsign=0.3
    ),
    "chat": Register(emoji=0.35, typo=0.2, casual_punct=0.6, shout=0.05, broken=0.0),
    "spam": Register(emoji=0.3, typo=0.08, casual_punct=0.2, shout=0.35, broken=0.1, unsign=0.15),
    "broken": Register(emoji=0.15, typo=0.3, casual_punct=0.4, shout=0.1, broken=0.8),
}


@dataclass(frozen=True, slots=True)
class Replacer:
    """One regex over every key of a word map; each hit is replaced with probability."""

    pattern: re.Pattern[str]
    table: Mapping[str, Sequence[str]]

    def apply(self, text: str, rng: random.Random, prob: float) -> str:
        if prob <= 0:
            return text

        def pick(match: re.Match[str]) -> str:
            word = match.group(0)
            if rng.random() >= prob:
                return word
            return rng.choice(self.table[word])

        return self.pattern.sub(pick, text)


def _replacer(table: Mapping[str, Sequence[str]], *, words: bool) -> Replacer:
    keys = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(k) for k in keys)
    pattern = rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])" if words else f"(?:{alternation})"
    return Replacer(re.compile(pattern), dict(table))


@dataclass(frozen=True, slots=True)
class LangStyle:
    obfuscate: Replacer
    split: re.Pattern[str]
    separators: tuple[str, ...]
    typos: Replacer
    broken: Replacer | None
    fillers: tuple[str, ...]
    emoji: Mapping[str, tuple[str, ...]]
    unsubscribe: tuple[str, ...]


def _str_map(raw: object, where: str) -> dict[str, list[str]]:
    if not isinstance(raw, dict) or not all(
        isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in raw.values()
    ):
        raise ConfigError(f"style.toml {where}: must map words to non-empty lists of strings")
    return raw


def _str_list(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
        raise ConfigError(f"style.toml {where}: must be a non-empty list of strings")
    return tuple(raw)


@lru_cache(maxsize=1)
def load_styles(path: Path = STYLE_FILE) -> dict[str, LangStyle]:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"style.toml: cannot read: {exc}") from None
    out: dict[str, LangStyle] = {}
    for lang in ("zh", "en"):
        sec = raw.get(lang)
        if not isinstance(sec, dict):
            raise ConfigError(f"style.toml: missing [{lang}]")
        words = lang == "en"
        split = _str_list(sec.get("split"), f"[{lang}] split")
        emoji = sec.get("emoji")
        if not isinstance(emoji, dict):
            raise ConfigError(f"style.toml: missing [{lang}.emoji]")
        unsub = sec.get("unsubscribe")
        if not isinstance(unsub, dict):
            raise ConfigError(f"style.toml: missing [{lang}.unsubscribe]")
        broken = sec.get("broken")
        out[lang] = LangStyle(
            obfuscate=_replacer(_str_map(sec.get("obfuscate"), f"[{lang}] obfuscate"), words=words),
            split=re.compile("|".join(re.escape(w) for w in sorted(split, key=len, reverse=True))),
            separators=_str_list(sec.get("separators"), f"[{lang}] separators"),
            typos=_replacer(_str_map(sec.get("typos"), f"[{lang}] typos"), words=words),
            broken=None
            if broken is None
            else _replacer(_str_map(broken, f"[{lang}] broken"), words=True),
            fillers=tuple(sec.get("fillers", ())),
            emoji={
                k: _str_list(emoji.get(k), f"[{lang}.emoji] {k}")
                for k in REGISTERS
                if k != "broken"
            },
            unsubscribe=_str_list(unsub.get("tails"), f"[{lang}.unsubscribe] tails"),
        )
    return out


_FULLWIDTH = {
    c: chr(ord(c) + 0xFEE0)
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
}
_LATIN_RUN = re.compile(r"[A-Za-z]{1,4}")
_ZH_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_EN_ARTICLE = re.compile(r"\b(?:the|a|an) (?=[a-z])")
_URLISH = re.compile(r"(?:https?://)?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:[/:?][^\s，。]*)?")


def _protect_urls(text: str) -> tuple[str, list[str]]:
    """Swap links for placeholders so that no transformation touches them."""
    found: list[str] = []

    def hold(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return f"\x00{len(found) - 1}\x00"

    return _URLISH.sub(hold, text), found


def _restore_urls(text: str, found: list[str]) -> str:
    for i, link in enumerate(found):
        text = text.replace(f"\x00{i}\x00", link)
    return text


def obfuscate(text: str, lang: str, rng: random.Random) -> str:
    """Hide keywords the way scam senders do."""
    style = load_styles()[lang]
    text = style.obfuscate.apply(text, rng, 0.55)

    def split(match: re.Match[str]) -> str:
        if rng.random() >= 0.5:
            return match.group(0)
        sep = rng.choice(style.separators)
        return sep.join(match.group(0))

    if rng.random() < 0.45:
        text = style.split.sub(split, text)
    if lang == "zh" and rng.random() < 0.2:
        # Full-width letters in a short Latin run (ＶＸ, ＱＱ).
        runs = list(_LATIN_RUN.finditer(text))
        if runs:
            m = rng.choice(runs)
            wide = "".join(_FULLWIDTH.get(c, c) for c in m.group(0))
            text = text[: m.start()] + wide + text[m.end() :]
    return text


def _add_emoji(text: str, pool: Sequence[str], rng: random.Random, many: bool) -> str:
    count = rng.choice((1, 1, 2, 3)) if many else 1
    where = rng.random()
    if where < 0.55 or "\n" in text:
        return text + "".join(rng.choice(pool) for _ in range(count))
    if where < 0.8:
        return "".join(rng.choice(pool) for _ in range(count)) + text
    parts = _ZH_SENTENCE_END.split(text)
    if len(parts) > 2:
        i = rng.randrange(1, len(parts) - 1)
        parts[i] = rng.choice(pool) + parts[i]
        return "".join(parts)
    return text + rng.choice(pool)


def _casual_zh(text: str, rng: random.Random, fillers: Sequence[str]) -> str:
    r = rng.random()
    if r < 0.35:
        text = text.rstrip("。")
    elif r < 0.5:
        text = text.replace("。", rng.choice((" ", "，", "~", "。。", "...")))
    if rng.random() < 0.25:
        text = text.replace("，", rng.choice((" ", ",", "  ")))
    if fillers and rng.random() < 0.2 and not text.endswith(tuple(fillers)):
        text += rng.choice(fillers)
    return text


def _casual_en(text: str, rng: random.Random) -> str:
    if rng.random() < 0.4 and text[:1].isupper() and not text[:2].isupper():
        text = text[0].lower() + text[1:]
    if rng.random() < 0.4:
        text = text.rstrip(".")
    if rng.random() < 0.15:
        text = text.replace(". ", "... ", 1)
    if rng.random() < 0.1:
        text = text.replace(", ", " ")
    return text


def _shout(text: str, lang: str, rng: random.Random) -> str:
    if lang == "zh":
        return text.replace("！", rng.choice(("！！", "！！！", "!!!")), 1)
    r = rng.random()
    if r < 0.4:
        return text.upper()
    if r < 0.7:
        return text.replace("!", "!!!").replace(".", "!", 1)
    words = text.split(" ")
    for _ in range(min(3, len(words))):
        i = rng.randrange(len(words))
        words[i] = words[i].upper()
    return " ".join(words)


def apply_style(
    text: str,
    *,
    lang: str,
    register: str,
    obfuscate_prob: float,
    unsubscribe_prob: float,
    rng: random.Random,
) -> str:
    """Dress a composed message in its register; links are never altered."""
    style = load_styles()[lang]
    reg = REGISTERS[register]
    text, links = _protect_urls(text)
    if reg.unsign > 0 and text.startswith("【") and rng.random() < reg.unsign:
        # An app push notification, or text pasted without its SMS signature.
        sender, sep, rest = text[1:].partition("】")
        if sep and rest:
            text = rng.choice((f"{sender}：{rest}", f"{sender}: {rest}", rest))
    if style.broken is not None and reg.broken > 0 and rng.random() < reg.broken:
        text = style.broken.apply(text, rng, 0.6)
        if rng.random() < 0.5:
            text = _EN_ARTICLE.sub(lambda m: "" if rng.random() < 0.5 else m.group(0), text)
    if reg.typo > 0 and rng.random() < reg.typo * 2:
        text = style.typos.apply(text, rng, 0.5)
    if obfuscate_prob > 0 and rng.random() < obfuscate_prob:
        text = obfuscate(text, lang, rng)
    if rng.random() < reg.casual_punct:
        text = _casual_zh(text, rng, style.fillers) if lang == "zh" else _casual_en(text, rng)
    if rng.random() < reg.shout:
        text = _shout(text, lang, rng)
    if rng.random() < reg.emoji:
        pool = style.emoji[
            "notice" if register == "notice" else register if register != "broken" else "chat"
        ]
        text = _add_emoji(text, pool, rng, many=register == "spam")
    if unsubscribe_prob > 0 and rng.random() < unsubscribe_prob:
        tail = rng.choice(style.unsubscribe)
        sep = rng.choice(("", " ")) if lang == "zh" else rng.choice((" ", ". ", " - "))
        text = text.rstrip() + sep + tail
    if lang == "zh" and links and rng.random() < 0.3:
        # Senders (and apps) often put spaces around a link so it stays tappable.
        links = [f" {link} " for link in links]
    return _restore_urls(text, links).strip()
