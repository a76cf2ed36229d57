"""TEXT.SAFE_ACCOUNT

The impersonated-police script ends with a transfer to a "safe account" (安全
账户) for "fund preservation" or "fund checks" (资金保全, 资金清查). No such
account exists: police, courts and banks never hold citizens' money.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.SAFE_ACCOUNT"
REASON = 'it asks you to move money to a "safe account"; no such account exists'
REASON_ZH = "要求把资金转到“安全账户”或进行“资金清查”，公检法和银行没有所谓安全账户"

_ACCOUNT = r"(?:账户|帐户|账号|帐号)"
_PHRASES = Phrases(
    zh=r"(?:国家)?安全"
    + _ACCOUNT
    + r"|资金(?:保全|清查|核查|审查|比对)|清查资金|资产清查|(?:核查|清查|审查)(?:你的|您的)?"
    + _ACCOUNT
    + "|"
    + _ACCOUNT
    + r"核查|(?:转|汇|存|打)(?:到|至|入|进)(?:一个)?(?:指定|国家|公安|专用|清查|保全|审查|统一)(?:的)?"
    + _ACCOUNT
    + r"|(?:指定|国家|清查|保全)"
    + _ACCOUNT,
    en=r"safe(?:ty)? account|secure account|protected account|holding account"
    r"|(?:transfer|move|send|wire) (?:your |the |all )?(?:money|funds|savings|balance) "
    r"(?:in)?to (?:a |an |the )?(?:safe|secure|protected|new|government|holding) account",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
