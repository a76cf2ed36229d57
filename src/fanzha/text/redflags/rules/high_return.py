"""TEXT.HIGH_RETURN

Investment scams promise returns no real investment can ("稳赚不赔", "日赚500",
"guaranteed returns") and a "mentor" with inside information who leads the
trades (带单导师).
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.HIGH_RETURN"
REASON = "it promises high or guaranteed returns, which no real investment can"
REASON_ZH = "承诺高额回报、稳赚不赔，真实投资不可能保证收益"

_PHRASES = Phrases(
    zh=r"高额(?:回报|收益|利润|返利)|高(?:回报|收益)|稳赚不赔|稳赚|包赚|只赚不赔|保本保息|保本高收益|零风险"
    r"|无风险|日赚|日入|月入(?:过)?\d|躺赚|(?:收益|资金|本金|利润)(?:翻倍|翻番)|内幕消息|内部消息|内幕|带单|喊单|荐股|牛股"
    r"|一本万利|暴利|(?:投资|理财|炒股|股票|炒币|数字货币|期货|外汇)(?:导师|老师|专家)"
    r"|(?:导师|老师)带(?:单|你|领)|跟着(?:老师|导师)(?:操作|买|做)"
    r"|(?:收益率?|回报率?)(?:高达|超过|达到)\d{2,}|稳定收益",
    en=r"guaranteed (?:returns?|profits?|income|earnings)"
    r"|risk[- ]free (?:investment|returns?|profits?)|double your (?:money|investment|capital)"
    r"|\d+ ?% (?:daily|weekly|monthly) (?:returns?|profits?)|high(?:-| )(?:returns?|yield)"
    r"|insider (?:tips?|information|info)|get rich quick|earn \$?\d+ (?:a|per) day"
    r"|(?:trading|investment|crypto) (?:mentor|signals?|group|expert)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
