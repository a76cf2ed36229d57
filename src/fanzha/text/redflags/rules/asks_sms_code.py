"""TEXT.ASKS_SMS_CODE

A one-time code is the last key to an account or a payment: scammers ask for it
to be read out or forwarded (把验证码告诉我, 报一下验证码). The notice that
carries the code ("您的验证码是123456，请勿泄露给他人") names it but asks nobody
for it, so the rule needs a telling or sending verb aimed at the sender: the
verb right before the code, or after it with a recipient such as 我 or 一下.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, same_clause
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ASKS_SMS_CODE"
REASON = "it asks you to tell or forward a verification code, the key to your account"
REASON_ZH = "要求你说出或转发验证码，验证码一旦泄露账户和资金就会被盗"

_CODE_WORD = r"(?:短信|手机)?(?:验证码|校验码|动态码|动态密码|确认码|授权码)"
# Between the code and the verb: never a negation or a sentence end.
_GAP = r"(?:(?!不|勿|别|禁|切)[^。！？!?\n]){0,8}?"
_PHRASES = Phrases(
    # 报一下验证码 / 告诉我你收到的验证码
    zh=r"(?:告诉|告知|报|念|读|说|提供|转发|截图)(?:一下|下|出|出来)?(?:给我|我|给我们|我们)?(?:你|您)?"
    r"(?:的|刚才|刚刚|手机|收到|接到|上){0,4}"
    + _CODE_WORD
    # 把验证码发给我 / 验证码念一下 / 验证码是多少
    + r"|(?:把|将)?"
    + _CODE_WORD
    + _GAP
    + r"(?:(?:告诉|告知|报|念|读|说|发|给|提供|转发|截图(?:发)?)"
    r"(?:一下|下|给?我们?|过来|出来|给(?:客服|工作人员|我这边|这边))|发我|(?:是)?多少)",
    en=r"(?:send|tell|give|read|forward|share|provide|text|say|repeat)(?: it)?(?: back| out)?"
    r"(?: to)?(?: me| us)?(?: with me| with us)?(?: the| your| that| this)?"
    r"(?: \d[- ]?digit| six[- ]digit| one[- ]time| verification| security| confirmation"
    r"| sms| text| login| otp| 2fa| access| authentication)* (?:code|passcode|otp)"
    r"|what (?:is|was|'s) the (?:\w+ )?(?:code|otp)(?: you| that)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES, accept=same_clause)
