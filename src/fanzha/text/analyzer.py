"""The analyzer: normalise, extract entities, score links, find red flags, classify."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fanzha.core.taxonomy import FraudCategory
from fanzha.text.analysis import TextAnalysis
from fanzha.text.entities import extract_entities
from fanzha.text.explain import explain
from fanzha.text.model.features import message_features
from fanzha.text.model.linear import TextModel, load_default_model
from fanzha.text.normalize import MAX_TEXT_CHARS, Normalized, TextInputError, normalize
from fanzha.text.policy import TextPolicy, default_text_policy
from fanzha.text.redflags import find_red_flags
from fanzha.text.types import Entity, RedFlag, UrlRisk
from fanzha.text.urls import score_urls

LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules, the entity extractor and the link model found in a message;
    ``features`` is what the classifier counts (the same in training and serving)."""

    norm: Normalized
    entities: tuple[Entity, ...]
    red_flags: tuple[RedFlag, ...]
    urls: tuple[UrlRisk, ...]
    features: list[str]


def _link_band(score: float) -> str:
    # Fixed bands, not the policy's risky_link: the model was trained on these.
    return "high" if score >= 0.8 else "mid" if score >= 0.5 else "low"


def gather_evidence(text: str, *, max_chars: int = MAX_TEXT_CHARS) -> Evidence:
    """Everything but the model's verdict. Raises TextInputError for unusable text."""
    norm = normalize(text, max_chars=max_chars)
    if not norm.text.strip():
        raise TextInputError("text is empty", code="TEXT.EMPTY")
    entities = tuple(extract_entities(norm))
    # Links as written: an added "http://" would make a scheme-less link look like plain HTTP.
    urls = tuple(score_urls([e.text for e in entities if e.kind == "url"]))
    red_flags = tuple(find_red_flags(norm, entities))
    extra = {f"flag:{flag.code}" for flag in red_flags}
    extra.update(f"entity:{entity.kind}" for entity in entities)
    extra.update(f"link:{_link_band(risk.score)}" for risk in urls)
    if norm.folded_homoglyphs or norm.removed_invisible:
        extra.add("obfuscated")
    features = message_features(norm.text, sorted(extra))
    return Evidence(norm, entities, red_flags, urls, features)


class TextAnalyzer:
    """Analyzes messages with one model and one policy (both swappable for tests)."""

    def __init__(
        self,
        model: TextModel | None = None,
        policy: TextPolicy | None = None,
        *,
        max_chars: int = MAX_TEXT_CHARS,
    ) -> None:
        self.model = model or load_default_model()
        self.policy = policy or default_text_policy()
        self.max_chars = max_chars

    def analyze(self, text: str, lang: str | None = None) -> TextAnalysis:
        return self.analyze_many([text], lang=lang)[0]

    def analyze_many(self, texts: Sequence[str], lang: str | None = None) -> list[TextAnalysis]:
        """Analyze a batch; an unusable message raises TextInputError naming its index."""
        if lang is not None and lang not in LANGS:
            raise TextInputError(
                f"lang must be one of {', '.join(LANGS)} or omitted",
                code="TEXT.BAD_LANG",
                details={"lang": str(lang)},
            )
        if isinstance(texts, str):
            raise TextInputError("analyze_many takes a list of texts", code="TEXT.NOT_TEXT")
        evidence: list[Evidence] = []
        for index, text in enumerate(texts):
            try:
                evidence.append(gather_evidence(text, max_chars=self.max_chars))
            except TextInputError as error:
                if len(texts) > 1:
                    error.details = {**error.details, "index": index}
                raise
        if not evidence:
            return []
        langs = [lang or item.norm.lang for item in evidence]
        prediction = self.model.predict([item.features for item in evidence], langs)
        return [
            self._assemble(
                item, float(prediction.fraud[row]), prediction.categories[row], langs[row]
            )
            for row, item in enumerate(evidence)
        ]

    def _assemble(
        self, item: Evidence, score: float, type_scores: Sequence[float], lang: str
    ) -> TextAnalysis:
        category_scores = {FraudCategory.NOT_FRAUD.value: 1.0 - score}
        for name, share in zip(self.model.categories, type_scores, strict=True):
            category_scores[name] = score * float(share)
        is_fraud = score >= self.policy.threshold_for(lang)
        if is_fraud and self.model.categories:
            category = max(self.model.categories, key=lambda name: category_scores[name])
        elif is_fraud:
            category = FraudCategory.OTHER_FRAUD.value
        else:
            category = FraudCategory.NOT_FRAUD.value
        risky = [risk for risk in item.urls if risk.score >= self.policy.risky_link]
        norm = item.norm
        return TextAnalysis(
            is_fraud=is_fraud,
            score=score,
            category=category,
            category_scores=category_scores,
            red_flags=item.red_flags,
            entities=item.entities,
            urls=item.urls,
            explanation=explain(
                is_fraud=is_fraud,
                score=score,
                category=category,
                red_flags=item.red_flags,
                risky_urls=risky,
            ),
            lang=lang,
            model_version=self.model.version,
            policy_version=self.policy.version,
            length=len(norm.original),
            obfuscation={
                "homoglyphs": norm.folded_homoglyphs,
                "invisible": norm.removed_invisible,
            },
        )


_default: TextAnalyzer | None = None


def default_analyzer() -> TextAnalyzer:
    global _default
    if _default is None:
        _default = TextAnalyzer()
    return _default


def analyze(text: str, lang: str | None = None) -> TextAnalysis:
    """Analyze one message with the shipped model and policy."""
    return default_analyzer().analyze(text, lang=lang)


def analyze_many(texts: Sequence[str], lang: str | None = None) -> list[TextAnalysis]:
    """Analyze many messages at once (faster per message than one by one)."""
    return default_analyzer().analyze_many(texts, lang=lang)
