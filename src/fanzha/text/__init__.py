"""Scam text analyzer: messages, chats and links, in Chinese and English.

``analyze(text)`` returns a TextAnalysis: a calibrated fraud score, the fraud
type, red flags with spans, entities, link risks and an explanation in Chinese
and English. ``analyze_many`` does the same for a batch.
"""

from fanzha.text.analysis import Explanation, TextAnalysis
from fanzha.text.analyzer import TextAnalyzer, analyze, analyze_many, default_analyzer
from fanzha.text.normalize import TextInputError
from fanzha.text.types import Entity, LabeledMessage, RedFlag, UrlRisk

__all__ = [
    "Entity",
    "Explanation",
    "LabeledMessage",
    "RedFlag",
    "TextAnalysis",
    "TextAnalyzer",
    "TextInputError",
    "UrlRisk",
    "analyze",
    "analyze_many",
    "default_analyzer",
]
