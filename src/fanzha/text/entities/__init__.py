"""Entities named in a message: links, e-mail addresses, phone numbers, bank cards,
QQ numbers, WeChat ids, apps and sums of money.

``extract_entities`` runs every finder on the normalised text and keeps, where
candidates overlap, the longest (then the most specific kind), so a bank card is
not also a phone and a number inside a link is not a phone either. Spans index
the original text.
"""

from __future__ import annotations

from fanzha.text.entities.amounts import find_amounts
from fanzha.text.entities.apps import AppCatalog, find_apps, load_app_catalog
from fanzha.text.entities.base import Candidate, resolve
from fanzha.text.entities.cards import card_scheme, find_cards, is_resident_id, luhn_valid
from fanzha.text.entities.chat_ids import find_qq_numbers, find_wechat_ids
from fanzha.text.entities.emails import find_emails
from fanzha.text.entities.phones import find_phones
from fanzha.text.entities.urls import find_urls
from fanzha.text.normalize import Normalized
from fanzha.text.types import Entity

__all__ = [
    "AppCatalog",
    "card_scheme",
    "extract_entities",
    "is_resident_id",
    "load_app_catalog",
    "luhn_valid",
]


def extract_entities(norm: Normalized, *, apps: AppCatalog | None = None) -> list[Entity]:
    """Entities in ``norm.original``, sorted by start and non-overlapping.

    ``apps`` replaces the bundled app catalogue (an operator's own file, loaded
    with ``load_app_catalog(path)``).
    """
    candidates: list[Candidate] = [
        *find_urls(norm),
        *find_emails(norm),
        *find_cards(norm),
        *find_phones(norm),
        *find_qq_numbers(norm),
        *find_wechat_ids(norm),
        *find_apps(norm, apps),
        *find_amounts(norm),
    ]
    return resolve(norm, candidates)
