"""Real-time call screening: rules, versioned policy, subscriber choices, advice."""

from fanzha.screening.decision import Action, Advice, Decision
from fanzha.screening.policy import Policy, load_policy
from fanzha.screening.screener import CallScreener, default_screener, screen_call
from fanzha.screening.sources import DefaultSubscribers, StoredSubscribers, SubscriberSource

__all__ = [
    "Action",
    "Advice",
    "CallScreener",
    "Decision",
    "DefaultSubscribers",
    "Policy",
    "StoredSubscribers",
    "SubscriberSource",
    "default_screener",
    "load_policy",
    "screen_call",
]
