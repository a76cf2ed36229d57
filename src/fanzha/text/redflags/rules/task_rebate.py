"""TEXT.TASK_REBATE

Part-time "brushing" scams (刷单返利): like videos or place orders for a
commission, first small payouts, then bigger "tasks" that need the victim to
advance money (垫付) that never comes back.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.TASK_REBATE"
REASON = "it offers pay for simple online tasks (likes, orders), the start of a brushing scam"
REASON_ZH = "以点赞、刷单、做任务返佣金为诱饵，是刷单返利诈骗"

_PHRASES = Phrases(
    zh=r"刷单|补单|刷信誉|刷好评|刷销量|点赞(?:返利|赚钱|赚|任务|员|关注|兼职)|关注(?:返利|赚钱)"
    r"|(?:做|接|领|完成|派)(?:个|一个|一单)?任务|连单|卡单|垫付|返佣|高佣金?|佣金\d|返利|日结"
    r"|兼职(?:打字|点赞|刷)",
    en=r"(?:like|rate|review) (?:videos|posts|products|hotels|apps) for (?:money|cash|commission)"
    r"|(?:paid|earn money|make money|get paid) (?:to|for|by) (?:like|liking|rate|rating|review"
    r"|reviewing)|(?:task|order) (?:commission|rebate)|earn (?:a )?commission"
    r"|(?:simple|easy) (?:online )?tasks?|prepaid tasks?|merchant (?:rating|optimization|boosting)"
    r"|combo (?:order|task)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
