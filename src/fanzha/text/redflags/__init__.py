"""Red flags: the warning signs of a scam message, each with a stable code.

``find_red_flags(norm, entities)`` runs every rule in ``RULES`` over a normalised
message and the entities found in it, and returns the flags sorted by where they
start in the original text. Weights come from the versioned data/weights.toml.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import RedFlagRule
from fanzha.text.redflags.rules import (
    account_problem,
    add_chat_app,
    apk_download,
    asks_bank_card,
    asks_id,
    asks_password,
    asks_sms_code,
    authority_claim,
    high_return,
    impersonation_cue,
    leave_platform,
    link,
    loan_to_refund,
    payment_request,
    prize_claim,
    qr_code,
    remote_control_app,
    safe_account,
    screen_sharing,
    secrecy,
    task_rebate,
    time_pressure,
    upfront_fee,
)
from fanzha.text.redflags.weights import RedFlagWeights, default_weights, load_weights
from fanzha.text.types import Entity, RedFlag

#: Every rule; the seed article's warning signs first, then scam-type cues.
RULES: tuple[RedFlagRule, ...] = (
    leave_platform,
    add_chat_app,
    link,
    qr_code,
    asks_id,
    asks_bank_card,
    asks_password,
    asks_sms_code,
    loan_to_refund,
    time_pressure,
    secrecy,
    safe_account,
    screen_sharing,
    remote_control_app,
    upfront_fee,
    high_return,
    task_rebate,
    prize_claim,
    account_problem,
    authority_claim,
    apk_download,
    payment_request,
    impersonation_cue,
)


def rule_codes() -> list[str]:
    return [rule.CODE for rule in RULES]


def find_red_flags(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    """Every rule's flags, sorted by start (then by code for a stable order)."""
    flags = [flag for rule in RULES for flag in rule.find(norm, entities)]
    flags.sort(key=lambda flag: (flag.start, flag.end, flag.code))
    return flags


def weights_version() -> str:
    """The version of the weights file in use, to record with each analysis."""
    return default_weights().version


__all__ = [
    "RULES",
    "RedFlagRule",
    "RedFlagWeights",
    "find_red_flags",
    "load_weights",
    "rule_codes",
    "weights_version",
]
