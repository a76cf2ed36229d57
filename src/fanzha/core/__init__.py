"""Shared types of fanzha: findings, detectors, events, errors, settings."""

from fanzha.core.detector import Detector
from fanzha.core.errors import (
    ConfigError,
    FanzhaError,
    InvalidInputError,
    InvalidNumberError,
    NotFoundError,
    PayloadTooLargeError,
    StoreError,
)
from fanzha.core.events import (
    CallEvent,
    Direction,
    Ingress,
    NewDetection,
    NewReport,
    ReportKind,
    SmsEvent,
    StoredDetection,
    StoredReport,
    SubscriberPolicy,
)
from fanzha.core.findings import Finding, combine_scores
from fanzha.core.masking import mask_number, mask_text
from fanzha.core.settings import Settings
from fanzha.core.taxonomy import CATEGORY_LABELS, FraudCategory

__all__ = [
    "CATEGORY_LABELS",
    "CallEvent",
    "ConfigError",
    "Detector",
    "Direction",
    "FanzhaError",
    "Finding",
    "FraudCategory",
    "Ingress",
    "InvalidInputError",
    "InvalidNumberError",
    "NewDetection",
    "NewReport",
    "NotFoundError",
    "PayloadTooLargeError",
    "ReportKind",
    "Settings",
    "SmsEvent",
    "StoreError",
    "StoredDetection",
    "StoredReport",
    "SubscriberPolicy",
    "combine_scores",
    "mask_number",
    "mask_text",
]
