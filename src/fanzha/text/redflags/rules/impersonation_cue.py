"""TEXT.IMPERSONATION_CUE

The fake boss, teacher or relative opens with who they are and why the number
is new ("我是你领导", "换号了", "手机掉水里了", "hi mum, this is my new number"),
then asks for money. A greeting to mum alone is family chat: it counts only
with a new-phone story after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.IMPERSONATION_CUE"
REASON = "the sender claims to be someone you know on a new number; check by calling the old one"
REASON_ZH = "对方自称领导、老师或亲友并称换了号码，请用原号码或当面核实"

_PHRASES = Phrases(
    zh=r"我是你(?:的)?(?:领导|老板|上司|经理|主任|局长|处长|科长|校长|老师|班主任|\w{0,2}同学|老乡|表哥"
    r"|表姐|表弟|表妹|堂哥|堂姐|舅舅|叔叔|阿姨|姑姑|儿子|女儿|孙子|孙女|侄子|外甥|老公|老婆)"
    r"|我是\w{1,3}?(?:老师|班主任|校长|主任|局长|处长|部长|书记|董事长|总(?![\u4e00-\u9fff]))"
    r"|换(?:了)?(?:个)?(?:新)?(?:手机)?号(?:码)?了|换新号"
    r"|(?:这是|这个是|存一下|存下)我(?:的)?新(?:手机)?(?:号|号码|微信)"
    r"|手机(?:掉|掉进|掉到|摔到)(?:了)?(?:水里|厕所|马桶)|手机(?:丢了|被偷了)"
    r"|(?:你|您)?猜(?:猜)?我是谁|听不出我(?:是谁|的声音)"
    r"|(?:明天|明早)(?:上午|早上)?(?:到|来)我办公室|(?:到|来)我办公室一趟",
    en=r"it'?s me,? (?:i have a |i've got a |this is my )?new (?:number|phone)"
    r"|(?:this is|here'?s) my new (?:number|phone)|(?:i )?(?:lost|broke|dropped) my (?:old )?phone"
    r"|phone (?:fell|dropped) in(?:to)? (?:the )?(?:water|toilet)|guess who (?:this|i) is"
    r"|i'?m your (?:boss|manager|ceo|director)"
    r"|(?:hi|hey|hello),? (?:mum|mom|mam|dad)"
    r"(?=[\s\S]{0,80}?(?:new (?:number|phone)|my (?:old )?phone|broke|lost|dropped))",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
