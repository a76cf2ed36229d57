"""Fitting the fraud threshold to a deployment's own normal traffic.

A model's scores shift on traffic unlike its training data (another operator's
marketing SMS, another chat app's style). Given a sample of messages known to be
normal, pick the lowest threshold that flags at most a chosen share of them and
write it into a copy of the text policy; no fraud labels are needed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from fanzha.core.errors import InvalidInputError


def threshold_for(normal_scores: Sequence[float], max_flagged: float) -> float:
    """The smallest threshold that flags at most ``max_flagged`` of ``normal_scores``
    (a message is flagged when its score is at or above the threshold)."""
    if not normal_scores:
        raise InvalidInputError("no normal messages to calibrate on", code="TEXT.NO_DATA")
    if not 0.0 <= max_flagged < 1.0:
        raise InvalidInputError("max flagged share must be in [0, 1)", code="TEXT.BAD_SHARE")
    ranked = sorted(normal_scores, reverse=True)
    allowed = math.floor(max_flagged * len(ranked))
    # Just above the first score that must not be flagged.
    threshold = math.nextafter(ranked[allowed], math.inf)
    return min(max(threshold, 1e-9), 1.0)


_THRESHOLD_LINE = re.compile(r"(?m)^fraud_threshold\s*=\s*[0-9.eE+-]+\s*$")
_VERSION_LINE = re.compile(r'(?m)^version\s*=\s*"([^"]*)"\s*$')
# The per-language table, up to the next table header or the end of the file.
_BY_LANG_TABLE = re.compile(r"(?ms)^\[fraud_threshold_by_lang\][^\n]*\n.*?(?=^\[|\Z)")
_LANG_KEY = re.compile(r"^[a-z]{2,8}$")


def calibrated_policy(
    base: str, threshold: float, note: str, by_lang: Mapping[str, float] | None = None
) -> str:
    """``base`` (a text policy TOML) with a new fraud_threshold, per-language
    thresholds when given, and a version that says so."""
    if not _THRESHOLD_LINE.search(base) or not _VERSION_LINE.search(base):
        raise InvalidInputError(
            "the base policy has no fraud_threshold or version line", code="TEXT.POLICY_FORMAT"
        )
    text = _THRESHOLD_LINE.sub(f"fraud_threshold = {threshold!r}", base, count=1)
    text = _VERSION_LINE.sub(lambda match: f'version = "{match.group(1)}+{note}"', text, count=1)
    if by_lang:
        for lang in by_lang:
            if not _LANG_KEY.match(lang):
                raise InvalidInputError(
                    f"not a language code: {lang!r}", code="TEXT.BAD_LANG", details={"lang": lang}
                )
        table = "[fraud_threshold_by_lang]\n" + "".join(
            f"{lang} = {value!r}\n" for lang, value in sorted(by_lang.items())
        )
        if _BY_LANG_TABLE.search(text):
            text = _BY_LANG_TABLE.sub(lambda _: table + "\n", text, count=1).rstrip("\n") + "\n"
        else:
            text = text.rstrip("\n") + "\n\n" + table
    return text
