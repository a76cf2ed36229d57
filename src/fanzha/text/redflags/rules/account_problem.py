"""TEXT.ACCOUNT_PROBLEM

The hook of the fake customer-service and fake-police scripts: something is
wrong with the victim's account, parcel or membership (账户异常, 涉嫌洗钱,
快递丢失理赔, 会员自动扣费, 百万保障), and the "fix" is a payment or a code.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ACCOUNT_PROBLEM"
REASON = "it claims a problem with your account, parcel or membership to make you act"
REASON_ZH = "声称你的账户、包裹或会员出现问题（冻结、异常、理赔、扣费），诱你按其指示操作"

_PHRASES = Phrases(
    zh=r"(?:账户|账号|帐户|帐号|银行卡|社保卡|医保卡|信用卡)(?:存在)?(?:异常|风险|违规)|冻结"
    r"|涉嫌\w{0,4}?(?:犯罪|洗钱|诈骗|贩毒|违法|走私)|洗钱"
    r"|(?:包裹|快递|货物|商品)\w{0,8}?(?:丢失|破损|损坏|遗失|异常|被扣|扣押|滞留|丢件)|丢件|理赔|退款"
    r"|(?:会员|服务|业务)\w{0,4}?(?:自动)?扣费|自动扣费|自动续费|百万保障|(?:医保|社保)\w{0,2}?(?:异常|停用|盗刷)"
    r"|征信(?:异常|有问题|受损|不良|污点)|身份(?:证)?(?:信息)?(?:可能)?(?:被)?(?:冒用|盗用)|盗刷",
    en=r"account (?:has been |is |was |will be )?(?:suspended|locked|frozen|restricted|blocked"
    r"|disabled|compromised|on hold)"
    r"|(?:unusual|suspicious|unauthori[sz]ed) (?:activity|sign-?in|log-?in|access|transactions?)"
    r"|(?:suspend|lock|block|close|freeze|disable) your account"
    r"|(?:verify|update|confirm) your (?:personal |account |banking |billing |payment )?"
    r"(?:account|identity|details|information|info)"
    r"|(?:parcel|package|shipment|delivery) (?:is |has been |was )?(?:on hold|held|undeliverable"
    r"|could not be delivered|failed|suspended|returned)"
    r"|unpaid (?:customs|shipping|toll|delivery) (?:fee|charge)s?|money laundering|refund"
    r"|(?:subscription|membership) (?:will )?(?:auto-?renew|be charged|be renewed)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
