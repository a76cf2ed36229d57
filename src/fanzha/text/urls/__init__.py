"""Link risk from the link text alone: no fetch, no DNS.

    from fanzha.text.urls import score_url, score_urls
    score_url("www.icbc-cn.top/login")   # UrlRisk(score=0.97, codes=("URL.LOOKALIKE_BANK", ...))

Parts: ``parse`` (a safe parser for untrusted link text), ``rules`` (one rule per
module, each with a ``URL.*`` code and a reason in English and Chinese), ``model``
(a lexical logistic regression stored as JSON, scored without scikit-learn) and
``score`` (how they combine, see data/policy.toml). ``train`` trains the model
(``train_url_model``, ``save_url_model``); docs/model-card-urls.md is its card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fanzha.text.urls.model import UrlModel, load_model
from fanzha.text.urls.parse import ParsedUrl, UrlParseError, parse_url, try_parse_url
from fanzha.text.urls.rules import RULE_CODES
from fanzha.text.urls.score import (
    LEXICAL_MODEL,
    UNPARSEABLE,
    UrlAnalysis,
    UrlScorer,
    analyze_url,
    score_url,
    score_urls,
)

if TYPE_CHECKING:
    from fanzha.text.urls.train import save_url_model, train_url_model

#: Every code a link risk can carry.
URL_CODES: tuple[str, ...] = (*RULE_CODES, LEXICAL_MODEL, UNPARSEABLE)


def __getattr__(name: str) -> Any:
    # Training pulls in scikit-learn and SciPy: import it only when asked for.
    if name in ("train_url_model", "save_url_model"):
        from fanzha.text.urls import train

        return getattr(train, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "URL_CODES",
    "ParsedUrl",
    "UrlAnalysis",
    "UrlModel",
    "UrlParseError",
    "UrlScorer",
    "analyze_url",
    "load_model",
    "parse_url",
    "save_url_model",
    "score_url",
    "score_urls",
    "train_url_model",
    "try_parse_url",
]
