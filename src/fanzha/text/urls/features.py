"""Lexical features of a link, shared by training and scoring.

Two kinds: ``tokens`` (a set of strings: character 3- to 5-grams of the host, words
of the host and of the path, the suffix, the file extension, query keys, path
character 3-grams), which the model turns into weights through its vocabulary; and
``numeric`` (one float per name in ``NUMERIC_FEATURES``: lengths, shares, entropy,
counts, the suffix class and one 0/1 per rule code). Pure Python: scoring never
imports scikit-learn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from urllib.parse import unquote

from fanzha.text.urls.knowledge import UrlLists
from fanzha.text.urls.parse import ParsedUrl
from fanzha.text.urls.rules import RULE_CODES
from fanzha.text.urls.rules.long_random_host import consonant_run, entropy

TLD_CLASSES: tuple[str, ...] = ("generic", "cn", "country", "suspicious", "other", "none")

# Host-only on purpose: the benign training links' paths are partly synthetic or
# grafted (see docs/model-card-urls.md), so numeric path statistics (length, depth,
# escapes, scheme) would measure the generator, not the web. The path reaches the
# model through its tokens (down-weighted in training) and through the rule codes.
NUMERIC_FEATURES: tuple[str, ...] = (
    "host_length",
    "labels",
    "subdomain_labels",
    "host_digit_share",
    "host_hyphens",
    "registered_label_length",
    "registered_label_entropy",
    "host_entropy",
    "vowel_share",
    "consonant_run",
    "max_digit_run",
    "has_port",
    "has_userinfo",
    "is_ip",
    "is_idn",
    "private_suffix",
    *(f"tld_{name}" for name in TLD_CLASSES),
    *(f"rule_{code}" for code in RULE_CODES),
)

_WORDS = re.compile(r"[a-z]+|[0-9]+|[\u4e00-\u9fff]+")
_DIGIT_RUNS = re.compile(r"[0-9]+")
_VOWELS = frozenset("aeiou")
_MAX_PATH = 200


def tld_class(parsed: ParsedUrl, lists: UrlLists) -> str:
    if parsed.is_ip or not parsed.suffix:
        return "none"
    last = parsed.tld
    if parsed.suffix in lists.suspicious_tlds or last in lists.suspicious_tlds:
        return "suspicious"
    if last == "cn":
        return "cn"
    if parsed.suffix in lists.generic_tlds:
        return "generic"
    if len(last) == 2:
        return "country"
    return "other"


def _word_token(prefix: str, word: str) -> str | None:
    if word.isdigit():
        return f"{prefix}#{min(len(word), 9)}d"
    if len(word) < 2:
        return None
    if len(word) > 20:
        return f"{prefix}#long"
    return prefix + word


def tokens(parsed: ParsedUrl, lists: UrlLists) -> set[str]:
    """The sparse features of a link (see the module docstring)."""
    out: set[str] = set()
    add = out.add
    if parsed.is_ip:
        add(f"host:ip{parsed.ip_version}")
    else:
        host = f"^{parsed.host}$"
        size = len(host)
        out.update(["h:" + host[i : i + n] for n in (3, 4, 5) for i in range(size - n + 1)])
        for word in _WORDS.findall(parsed.host):
            token = _word_token("hw:", word)
            if token:
                add(token)
        add("sfx:" + (parsed.suffix or "?"))
        add("tld:" + tld_class(parsed, lists))
        labels = parsed.subdomain_labels
        if labels:
            first = labels[0]
            add("sub:" + (first if len(first) <= 12 else "#long"))
    path = unquote(parsed.path[:_MAX_PATH], errors="replace").lower()
    query = unquote(parsed.query[:_MAX_PATH], errors="replace").lower()
    for word in _WORDS.findall(path):
        token = _word_token("pw:", word)
        if token:
            add(token)
    padded = f"{path}?" if query else path
    out.update(["p:" + padded[i : i + 3] for i in range(min(len(padded), 64) - 2)])
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        extension = last.rsplit(".", 1)[-1]
        add("ext:" + (extension if len(extension) <= 8 and extension.isalnum() else "#other"))
    elif path.endswith("/"):
        add("ext:/")
    if query:
        for pair in query.split("&")[:20]:
            key = pair.split("=", 1)[0]
            token = _word_token("qk:", key) if key.isalnum() else "qk:#other"
            if token:
                add(token)
    if not parsed.path or parsed.path == "/":
        add("path:empty")
    return out


def numeric(parsed: ParsedUrl, lists: UrlLists, codes: Collection[str]) -> list[float]:
    """The dense features of a link, in ``NUMERIC_FEATURES`` order (counts as log1p)."""
    host = parsed.host
    label = parsed.registered_label.replace("-", "")
    letters = [c for c in label if c.isalpha()]
    digit_runs = _DIGIT_RUNS.findall(host) if not parsed.is_ip else []
    klass = tld_class(parsed, lists)
    log = math.log1p
    values = [
        log(len(host)),
        log(len(parsed.labels)),
        log(len(parsed.subdomain_labels)),
        sum(c.isdigit() for c in host) / max(len(host), 1),
        log(host.count("-")),
        log(len(label)),
        entropy(label),
        entropy(host),
        sum(c in _VOWELS for c in letters) / max(len(letters), 1),
        log(consonant_run(label)),
        log(max((len(r) for r in digit_runs), default=0)),
        1.0 if parsed.port is not None else 0.0,
        1.0 if parsed.userinfo else 0.0,
        1.0 if parsed.is_ip else 0.0,
        1.0 if any(lab.startswith("xn--") for lab in parsed.labels) else 0.0,
        1.0 if parsed.private_suffix else 0.0,
    ]
    values += [1.0 if klass == name else 0.0 for name in TLD_CLASSES]
    values += [1.0 if code in codes else 0.0 for code in RULE_CODES]
    return values
