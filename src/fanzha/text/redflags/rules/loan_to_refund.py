"""TEXT.LOAN_TO_REFUND

The fake customer-service script: "your student-loan account must be closed or
your credit record suffers" (注销校园贷, 影响征信), or "take out a loan on 借呗 to
receive the refund". A loan service and a refund, closing or credit-record
threat in one clause is the sign; a bank's own overdue-payment reminder
(逾期...影响征信) is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, same_clause
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.LOAN_TO_REFUND"
REASON = "it ties a loan to a refund, an account closure or your credit record"
REASON_ZH = "以退款、注销账户或影响征信为由让你贷款或操作网贷，这是典型诈骗话术"

_LOAN = (
    r"(?:贷款|借款|借呗|微粒贷|网贷|网商贷|金条|花呗|白条|信用贷|小额贷|校园贷|学生贷|放心借|借条"
    r"|分期乐|月付|度小满|有钱花|安逸花|备用金)"
)
_ACTION = (
    r"(?:退款|退费|退还|注销|关闭|消除|清除|消掉|删除|取消|解除|影响征信|不良记录"
    r"|征信(?:异常|有问题|受影响|污点|黑名单))"
)
_GAP = r"[^。！？!?\n，,；;]{0,20}?"  # same_clause also checks the original
_PHRASES = Phrases(
    zh=_LOAN + _GAP + _ACTION + "|" + _ACTION + _GAP + _LOAN,
    en=r"take (?:out )?a loan"
    r"|(?:loan|credit line)[^.!?\n]{0,30}?(?:refund|cancel|credit (?:score|record|history))"
    r"|(?:refund|cancel)[^.!?\n]{0,30}?(?:loan|credit line)",
)
# A bank's collection notice talks about overdue payments, not about refunds.
_COLLECTION = re.compile(r"逾期|还款|到期")
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def _refund_script(norm: Normalized, match: re.Match[str]) -> bool:
    return same_clause(norm, match) and _COLLECTION.search(match.group()) is None


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES, accept=_refund_script)
