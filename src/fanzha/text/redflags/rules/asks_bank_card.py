"""TEXT.ASKS_BANK_CARD

With a card number, its expiry date and the three digits on the back (CVV) a
scammer can pay online in the victim's name. The card's security details are
never asked for by a genuine caller; a card or account number counts when the
message asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, distinct, requested
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ASKS_BANK_CARD"
REASON = "it asks for your bank card details (card number, expiry date, CVV)"
REASON_ZH = "索要银行卡号、有效期或卡背面安全码等银行卡信息"

_ALWAYS = Phrases(
    zh=r"(?:卡|卡片)(?:背面|后面|反面)(?:的)?(?:末)?(?:三|3)位(?:数字|数|码)?|(?:卡|卡片)(?:的)?有效期"
    r"|有效期(?:和|及|与|、)(?:cvv|安全码|背面)|安全码",
    en=r"cvv2?|cvc2?|card security code|(?:3|three)[- ]digits? (?:on|at) the back",
)
_WHEN_ASKED = Phrases(
    zh=r"(?:银行|信用|储蓄|借记)?卡号|银行(?:账号|账户|帐号|帐户)|开户(?:行|银行|网点)"
    r"|(?:银行卡|信用卡)(?:信息|资料)",
    en=r"card (?:number|details|no)|account (?:number|details|no)|sort code|routing number"
    r"|iban|expiry date|expiration date",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return distinct(_FLAGS.scan(norm, _ALWAYS), _FLAGS.scan(norm, _WHEN_ASKED, accept=requested))
