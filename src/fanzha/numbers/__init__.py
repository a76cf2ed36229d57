"""Number intelligence: parsing, classes, the official registry, reputation."""

from fanzha.numbers.describe import describe_number
from fanzha.numbers.lookup import NumberIntelligence, NumberReport, ReportSource
from fanzha.numbers.parse import parse_number
from fanzha.numbers.registry import Registry, load_registry
from fanzha.numbers.reputation import Reputation, ReputationParams, score_reputation
from fanzha.numbers.types import (
    CARRIER_NAMES,
    Carrier,
    NumberClass,
    NumberInfo,
    OfficialNumber,
)

__all__ = [
    "CARRIER_NAMES",
    "Carrier",
    "NumberClass",
    "NumberInfo",
    "NumberIntelligence",
    "NumberReport",
    "OfficialNumber",
    "Registry",
    "ReportSource",
    "Reputation",
    "ReputationParams",
    "describe_number",
    "load_registry",
    "parse_number",
    "score_reputation",
]
