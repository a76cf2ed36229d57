"""TEXT.ASKS_PASSWORD

No bank, platform or police officer asks for a password or PIN. A message that
merely mentions one ("您的登录密码已修改") is a notice; one that asks for it to be
told, sent or typed in is the warning sign.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, requested
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ASKS_PASSWORD"
REASON = "it asks for a password or PIN, which no genuine bank or official ever asks for"
REASON_ZH = "索要密码（支付密码、网银密码等），正规机构绝不会索要密码"

_PHRASES = Phrases(
    # 动态密码 is a one-time SMS code: TEXT.ASKS_SMS_CODE covers it.
    zh=r"(?:支付|网银|银行卡|取款|交易|登录|登陆|账户|账号|查询|服务|手机银行|qq|微信|支付宝|六位|6位)?"
    r"(?<!动态)(?<!一次性)密码",
    en=r"(?:online banking |bank |account |login )?(?:password|passcode|pin(?: code| number)?)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES, accept=requested)
