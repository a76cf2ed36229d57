"""TEXT.LEAVE_PLATFORM

Shopping, game-trading and part-time scams move the deal off the platform
(脱离平台, 私下交易) so that the platform's escrow and complaint process no longer
protect the buyer.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.LEAVE_PLATFORM"
REASON = "it asks you to deal outside the platform, where the platform no longer protects you"
REASON_ZH = "要求脱离平台私下交易，平台将无法保障你的资金"

_PHRASES = Phrases(
    zh=r"脱离\w{0,3}?平台|绕(?:过|开)\w{0,2}?平台|平台外|不(?:走|通过|经过|用)平台|走私下|线下交易"
    r"|私下(?:交易|转账|付款|支付|联系|沟通|交流|成交|打款|收款|汇款|处理|解决|协商)",
    en=r"off (?:the |this )?(?:app|platform|site|website)"
    r"|outside (?:of )?(?:the |this )?(?:app|platform|site|website|marketplace)"
    r"|bypass(?:ing)? (?:the )?(?:platform|app|site|marketplace|escrow)"
    r"|(?:avoid|skip|save on) (?:the )?(?:platform|app|site|ebay|paypal|escrow) fees?"
    r"|(?:deal|trade|pay|talk|chat|transact|continue) (?:directly|privately)"
    r"|move (?:this|our|the) (?:conversation|chat|deal|talk) (?:to|over)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
