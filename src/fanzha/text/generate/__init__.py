"""Generator of realistic scam and normal messages, in Chinese and English.

Public data sets of scam texts with licences that allow redistribution are thin, so
the shipped text model is trained partly on generated messages. This generator is
written to transfer: a message is composed from many independent slots (opener,
sender persona, pretext, hook, request, contact channel, link, amount, deadline,
sign-off), each a template itself, so every category has thousands of distinct
surface forms rather than a handful of templates.

What it makes
-------------
* Fraud, in every taxonomy category (``fanzha.core.taxonomy``), after the seed
  articles: fake courier / shop customer service (lost parcels, refunds, "百万保障"
  auto-renewals, cancelling campus loans), police / procuratorate / telecom bureau /
  bank / medical-insurance impersonation with "safe accounts", brushing and
  like-for-pay jobs, too-cheap goods and off-platform deals, the boss or relative
  with a new number, loans with an up-front fee, stock-tip groups and crypto
  platforms, pig-butchering romance, game account trades, prizes and points
  redemption, ETC and subsidy links, stolen SMS codes, screen sharing, fake
  military procurement and charities. English counterparts: HMRC / IRS / police,
  "hi mum new number", parcel redelivery fees, crypto mentors, Steam trades...
* Normal messages, including hard negatives that share words with scams: real bank
  alerts, verification codes that warn "do not share", courier pickup codes,
  operator bills, police and bank anti-fraud reminders that quote scam words,
  legitimate marketing with opt-out tails (spam, but not fraud), and family, friends
  and work chat about money, transfers, loans, jobs and investments.

How it is dressed
-----------------
Each scenario is written in one or more registers (formal SMS notice, casual chat,
bulk spam, broken grammar); the style layer (``style``) adds typos, emoji,
punctuation changes, all-caps English and, for scams, the obfuscations senders use
(加V, 薇信, 钱→q, split keywords, full-width letters, look-alike letters). Entities
(``entities``) are random but valid: mobiles on allocated prefixes, 400 numbers,
bank cards that pass Luhn, QQ ids, amounts, dates, tracking numbers, names, and
links on look-alike domains for scams and on the real domains for normal notices.

Everything is determined by the arguments, the seed included. Phrase banks live in
``data/*.toml`` (one file per category, versioned; ``common.toml`` for shared
slots, ``style.toml`` for the style layer); ``generator_stats`` reports the surface
statistics per class so that tests can keep the shortcut gaps small. See
docs/text-generator.md for the knobs, the statistics and the limits.
"""

from fanzha.text.generate.bank import Banks, default_banks, load_banks
from fanzha.text.generate.core import (
    FRAUD_CATEGORIES,
    SOURCE,
    GeneratedMessage,
    generate_detailed,
    generate_messages,
)
from fanzha.text.generate.entities import MOBILE_PREFIXES, VIRTUAL_PREFIXES, luhn_ok
from fanzha.text.generate.stats import (
    FEATURES,
    best_single_feature,
    features,
    generator_stats,
    near_duplicate_share,
    skeleton,
)

GENERATOR_VERSION = "1.0.0"

__all__ = [
    "FEATURES",
    "FRAUD_CATEGORIES",
    "GENERATOR_VERSION",
    "MOBILE_PREFIXES",
    "SOURCE",
    "VIRTUAL_PREFIXES",
    "Banks",
    "GeneratedMessage",
    "best_single_feature",
    "default_banks",
    "features",
    "generate_detailed",
    "generate_messages",
    "generator_stats",
    "load_banks",
    "luhn_ok",
    "near_duplicate_share",
    "skeleton",
]
