"""TEXT.TIME_PRESSURE

Scammers rush the victim so there is no time to think or ask anyone ("24小时内
处理，否则冻结", "final notice"). "立即", "马上" and "尽快" alone are everyday words
("请尽快取件"), so they count only before an action a scammer pushes (转账, 处理,
点击, 冻结...); deadlines and threats count on their own, except the validity of
a code or a pick-up window ("5分钟内有效", "3日内取件").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import (
    Flagger,
    Phrases,
    clause_after,
    clause_before,
    distinct,
    latin_words,
)
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.TIME_PRESSURE"
REASON = "it rushes you with a deadline or a threat so that you have no time to check"
REASON_ZH = "制造紧迫感、限时催促，让你来不及核实"

_PUSHED_ACTION = (
    r"(?:转账|汇款|付款|支付|缴纳|缴费|处理|操作|联系|点击|下载|安装|办理|核实|配合|回电|致电|拨打|提供"
    r"|验证|认证|激活|解冻|注销|还款|充值|打款|登录|登陆|填写|扫码|加|冻结|封号|封停|停机|停用|销户"
    r"|起诉|逮捕|拘留|通缉|上门|扣费|扣除|清零|作废|失效|过期|影响征信|申请|转到|转入|汇到)"
)
_PHRASES = Phrases(
    zh=r"(?:立即|立刻|马上|尽快|赶紧|赶快|火速|速速|抓紧)(?:去|来|给我|进行|完成|把钱|将资金)?"
    + _PUSHED_ACTION
    + r"|(?:\d+|[一二两三四五六七八九十半]+)(?:个)?(?:小时|工作日|天|日)(?:之)?内|\d+分钟(?:之)?内"
    r"|今天(?:之)?内|今日(?:之)?内|当天(?:之)?内|今晚(?:之)?前|过期作废|过期(?:清零|失效)|逾期"
    r"|最后期限|最后(?:一次|一天)(?:机会|通知|提醒)?|否则|不然的话|紧急(?!联系人)|十万火急|刻不容缓",
    en=r"urgent|act now|time[- ]sensitive"
    r"|within \d+ ?(?:hours?|hrs?|h|minutes?|mins?|days?)|today only|by midnight"
    r"|by (?:the )?end of (?:the )?day|final (?:notice|warning|reminder|demand)"
    r"|last (?:chance|warning|notice)|expires? (?:today|tonight|at midnight)"
    r"|will expire (?:today|tonight|soon)|expiring (?:today|soon)|deadline"
    r"|or (?:else|your account|you will|we will)|failure to (?:respond|pay|comply|act)",
)
# A window about validity or delivery is not a threat.
_BENIGN_AFTER = re.compile(
    r".{0,4}?(?:有效|取件|取走|签收|送达|到达|发货|到账|到货|回复本短信)"
    r"|\s*" + latin_words(r"(?:of|after) (?:delivery|receipt|purchase)|to (?:collect|pick up)")
)
# "right now", "asap" are everyday words in English too ("leaving right now"):
# they count next to an action a scammer pushes, before or after them.
_EN_HURRY = Phrases(en=r"immediately|right away|right now|asap|urgently|without delay")
_EN_PUSHED_ACTION = re.compile(
    latin_words(
        r"call|pay|click|tap|verify|transfer|reply|respond|update|confirm|act|send|contact"
        r"|log ?in|sign in|visit|follow|wire|settle|claim|activate|unlock"
    )
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def _not_validity_window(norm: Normalized, match: re.Match[str]) -> bool:
    return _BENIGN_AFTER.match(clause_after(norm, match.end(), 12)) is None


def _pushes_an_action(norm: Normalized, match: re.Match[str]) -> bool:
    start, end = match.span()
    around = clause_before(norm, start, 24) + " " + clause_after(norm, end, 16)
    return _EN_PUSHED_ACTION.search(around) is not None


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return distinct(
        _FLAGS.scan(norm, _PHRASES, accept=_not_validity_window),
        _FLAGS.scan(norm, _EN_HURRY, accept=_pushes_an_action),
    )
