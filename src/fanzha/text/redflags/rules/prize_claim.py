"""TEXT.PRIZE_CLAIM

Fake prizes and point redemptions (中奖, 积分兑换, 积分即将清零) lure the victim to a
phishing page or into paying "tax" on a prize that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.PRIZE_CLAIM"
REASON = "it says you won a prize or can redeem points, a common lure to a fake site"
REASON_ZH = "声称你中奖或积分可兑换，常用来引你进入钓鱼网站或交“税费”"

_PHRASES = Phrases(
    zh=r"中奖|领(?:取)?奖品|领奖|幸运(?:用户|观众|客户|儿|号码)|积分兑换|兑换(?:礼品|现金|话费)"
    r"|积分(?:即将|将|已经?)?(?:清零|过期|到期|作废|失效)|(?:一|二|三|特)等奖|抽中|大奖"
    r"|恭喜(?:您|你)?(?:获得|成为|被选中|抽中)",
    # Spam spells "won" with a zero ("W0N") to get past filters.
    en=r"you(?:'ve| have)? (?:w[o0]n|been selected)|you are (?:a|our|the) (?:lucky )?winner"
    r"|(?:cash|guaranteed) prize|prize worth|selected to receive|claim code"
    r"|win (?:a |an )?(?:[£$€]\d|cash|prize|free)"
    r"|claim your (?:prize|reward|gift|winnings)|congratulations[^.!?\n]{0,30}?(?:won|selected|winner)"
    r"|points (?:will |are about to )?expire|redeem (?:your )?(?:reward )?points|lucky draw|lottery"
    r"|sweepstakes|jackpot",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
