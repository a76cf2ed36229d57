"""URL.LONG_RANDOM_HOST

The registered name (or a label of the host) is long and looks machine-made: high
character entropy with digits mixed into letters or long consonant runs
(``x7kq9zp2mw4v.top``). Scam sites are registered in bulk under such names and
thrown away after a few days.
"""

from __future__ import annotations

import math
from collections import Counter

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule

_VOWELS = frozenset("aeiouy")


def entropy(text: str) -> float:
    """Shannon entropy of the characters of ``text``, in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def consonant_run(text: str) -> int:
    best = run = 0
    for char in text:
        if char.isalpha() and char not in _VOWELS:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


class LongRandomHost(UrlRule):
    name = "long_random_host"
    code = "URL.LONG_RANDOM_HOST"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.is_ip or context.official is not None:
            return []
        params = self.params(context)
        min_length = int(params.get("min_length", 12))
        min_entropy = float(params.get("min_entropy", 3.2))
        min_digits = float(params.get("min_digit_share", 0.2))
        min_run = int(params.get("min_consonant_run", 5))
        candidates = [parsed.registered_label, *parsed.subdomain_labels]
        for label in candidates:
            text = label.replace("-", "")
            if len(text) < min_length or label.startswith("xn--") or entropy(text) < min_entropy:
                continue
            digits = sum(c.isdigit() for c in text) / len(text)
            if (min_digits <= digits <= 1 - min_digits) or consonant_run(text) >= min_run:
                return [
                    self.hit(
                        context,
                        f"The host name '{label}' looks randomly generated.",
                        f"域名“{label}”看起来是随机生成的。",
                        label=label,
                        entropy=round(entropy(text), 2),
                    )
                ]
        return []
