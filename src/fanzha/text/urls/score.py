"""Scoring links: rules, the lexical model, and how they combine.

``score_url`` parses the text (never fetching anything), runs every rule in
``URL_RULES``, asks the lexical model for a calibrated probability ``p`` and
combines them as policy.toml says:

    score = 1 - (1 - model_weight * p) * prod(1 - rule_weight for each rule hit)

then caps hosts that are a brand's official domain (brands.toml) at
``official_cap``. Text that is no link gets ``URL.UNPARSEABLE`` and the policy's
``unparseable`` score. Codes are reported strongest first; ``URL.LEXICAL_MODEL`` is
added when ``p`` alone reaches ``model_flag``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fanzha.text.types import UrlRisk
from fanzha.text.urls.brands import Brand, BrandBook, load_brands
from fanzha.text.urls.features import numeric, tokens
from fanzha.text.urls.knowledge import UrlLists, UrlPolicy, load_lists, load_policy
from fanzha.text.urls.model import UrlModel, load_model
from fanzha.text.urls.parse import MAX_URL_CHARS, ParsedUrl, UrlParseError, parse_url
from fanzha.text.urls.rules import URL_RULES, RuleHit, UrlContext

UNPARSEABLE = "URL.UNPARSEABLE"
LEXICAL_MODEL = "URL.LEXICAL_MODEL"


@dataclass(frozen=True, slots=True)
class UrlAnalysis:
    """What the rules found about one link, before the model: the parsed link (None
    when the text is no link, with ``error`` saying why), the rule hits and the brand
    whose official domain the host is."""

    text: str
    parsed: ParsedUrl | None
    error: str
    hits: tuple[RuleHit, ...]
    official: Brand | None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(h.code for h in self.hits)


def analyze_url(
    url: str,
    policy: UrlPolicy | None = None,
    lists: UrlLists | None = None,
    brands: BrandBook | None = None,
) -> UrlAnalysis:
    """Parse ``url`` and run every rule on it. Never raises on bad input."""
    text = url[:MAX_URL_CHARS] if isinstance(url, str) else ""
    try:
        parsed = parse_url(url)
    except UrlParseError as error:
        return UrlAnalysis(text, None, error.reason, (), None)
    context = UrlContext(
        parsed, policy or load_policy(), lists or load_lists(), brands or load_brands()
    )
    hits = [hit for rule in URL_RULES for hit in rule.check(context)]
    hits.sort(key=lambda h: -h.weight)
    return UrlAnalysis(text, parsed, "", tuple(hits), context.official)


def model_probability(analysis: UrlAnalysis, model: UrlModel, lists: UrlLists) -> float:
    """The lexical model's calibrated probability for an analysed link (0 if no link)."""
    if analysis.parsed is None:
        return 0.0
    parsed = analysis.parsed
    return model.probability(tokens(parsed, lists), numeric(parsed, lists, analysis.codes))


class UrlScorer:
    """Scores links with one policy, lists, brands and model (loaded lazily, once)."""

    def __init__(
        self,
        model: UrlModel | None = None,
        policy: UrlPolicy | None = None,
        lists: UrlLists | None = None,
        brands: BrandBook | None = None,
    ) -> None:
        self._model = model
        self.policy = policy or load_policy()
        self.lists = lists or load_lists()
        self.brands = brands or load_brands()

    @property
    def model(self) -> UrlModel:
        if self._model is None:
            self._model = load_model()
        return self._model

    def score(self, url: str) -> UrlRisk:
        analysis = analyze_url(url, self.policy, self.lists, self.brands)
        return self.combine(analysis, model_probability(analysis, self.model, self.lists))

    def combine(self, analysis: UrlAnalysis, p: float) -> UrlRisk:
        policy = self.policy
        if analysis.parsed is None:
            return UrlRisk(
                url=analysis.text,
                host="",
                score=policy.unparseable,
                codes=(UNPARSEABLE,),
                reasons=(f"This text cannot be read as a web link ({analysis.error}).",),
                reasons_zh=(f"无法识别为网址({analysis.error})。",),
            )
        hits = list(analysis.hits)
        remaining = 1.0 - policy.model_weight * p
        for hit in hits:
            remaining *= 1.0 - hit.weight
        score = 1.0 - remaining
        if analysis.official is not None:
            score = min(score, policy.official_cap)
        elif p >= policy.model_flag:
            hits.append(
                RuleHit(
                    LEXICAL_MODEL,
                    p,
                    f"The link's wording resembles known phishing and scam links "
                    f"(model probability {p:.2f}).",
                    f"网址的写法与已知钓鱼、诈骗链接相似(模型概率 {p:.2f})。",
                )
            )
            hits.sort(key=lambda h: -h.weight)
        return UrlRisk(
            url=analysis.text,
            host=analysis.parsed.host,
            score=round(min(max(score, 0.0), 1.0), 4),
            codes=tuple(h.code for h in hits),
            reasons=tuple(h.reason for h in hits),
            reasons_zh=tuple(h.reason_zh for h in hits),
        )


_DEFAULT: list[UrlScorer] = []


def default_scorer() -> UrlScorer:
    """The scorer with the bundled policy, lists, brands and model."""
    if not _DEFAULT:
        _DEFAULT.append(UrlScorer())
    return _DEFAULT[0]


def score_url(url: str) -> UrlRisk:
    """Risk of one link from its text alone: no fetch, no DNS. Never raises on bad input."""
    return default_scorer().score(url)


def score_urls(urls: Sequence[str]) -> list[UrlRisk]:
    """``score_url`` for each link, in order (repeated links are scored once)."""
    scorer = default_scorer()
    seen: dict[object, UrlRisk] = {}
    out: list[UrlRisk] = []
    for url in urls:
        key: object = url if isinstance(url, str) else id(url)
        risk = seen.get(key)
        if risk is None:
            risk = seen[key] = scorer.score(url)
        out.append(risk)
    return out
