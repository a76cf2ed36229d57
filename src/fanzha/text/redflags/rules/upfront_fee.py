"""TEXT.UPFRONT_FEE

"Pay first to get paid": loan scams charge a deposit or an unfreezing fee, task
scams demand "刷流水" before a withdrawal, prize scams want the tax or postage.
A fee stated on a receipt ("手续费0.00元") or waived ("免手续费") is not a demand.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.UPFRONT_FEE"
REASON = "it asks you to pay a fee or deposit first to receive money or unlock an account"
REASON_ZH = "要求先交保证金、手续费、解冻费等费用，正规放款或提现不会先收费"

_PHRASES = Phrases(
    zh=r"保证金|解冻(?:费|金)|激活费|认证费|工本费|审核费|(?<!体)验资(?:费|金)?|刷流水"
    r"|流水(?:不足|不够|未达标|验证)|(?<![免无零])手续费(?![:：为是]?\s*[\d¥￥])"
    # 缴纳解冻费, 支付一定的费用; not a utility bill (缴纳话费) or 支付宝/支付金额.
    r"|(?:缴纳|交纳|先交|先付|先缴|预付|补交|补缴|支付(?!宝))\w{0,6}?(?:(?<![话电水气网学])费|金(?!额)|税)",
    en=r"pay (?:a |the |an )?(?:small |one-time |refundable )?(?:fee|deposit|tax|charge)"
    r"|(?:processing|release|unlock(?:ing)?|clearance|customs|activation|advance|handling"
    r"|withdrawal|verification) fee|upfront (?:fee|payment)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
