"""TEXT.PAYMENT_REQUEST

Every scam ends in a payment. A payment verb counts when an amount or an account
to pay into stands near it ("转5000元到这个账户", "wire $2,000"), or when the
payment is in gift cards or crypto, which only scammers ask for. Amounts come
from the entity extractor's ``amount`` and ``bank_card`` entities or from plain
digits with a currency. A bank's record of a transfer that happened ("转账支出
500元", "已转账") is not a request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, distinct, same_clause, text_index
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.PAYMENT_REQUEST"
REASON = "it asks you to transfer or pay money to a given account or amount"
REASON_ZH = "要求你向指定账户转账、汇款或付款"

_PAYMENT = Phrases(
    zh=r"(?<!已)(?:转账|汇款|打款|付款|转钱|转款|打钱|充值|支付)"
    r"(?!支出|收入|汇入|转入|成功|失败|交易|记录|提醒|通知|已|宝|密码|码)"
    r"|(?:转|汇|打)(?:\d[\d,.]*|[一二两三四五六七八九十百千万]+)\s*(?:万|千|百)?(?:元|块)"
    r"|(?:把|将)(?:钱|资金|存款|余额|积蓄)\w{0,6}?(?:转|汇|打|存)"
    r"|(?:转|汇|打)(?:到|至|给|进)(?:这个|以下|下面|我的|我们的|指定|对方)",
    # The match may end on a currency sign or the first digit of the amount.
    en=r"(?:transfer|wire|send|pay|deposit)(?: the| your| all| me| us)?(?: the)? "
    r"(?:money|funds|payment|amount|balance|savings|deposit|fee|rmb|usd|[$£€¥]\d*|\d+)",
)
# Gift cards and crypto are asked for by scammers only: no amount needed.
_UNTRACEABLE = Phrases(
    zh=r"(?:买|购买|充)\w{0,4}?(?:礼品卡|购物卡|充值卡|游戏点卡|点卡|苹果卡|itunes卡?|steam卡)",
    en=r"(?:buy|purchase|pay (?:with|in|by)|get) (?:\w+ ){0,2}gift ?cards?"
    r"|(?:itunes|apple|google play|steam|amazon|ebay) (?:gift )?cards?"
    r"|pay (?:with|in|by) (?:bitcoin|btc|usdt|crypto\w*)",
)
_AMOUNT_OR_ACCOUNT = Phrases(
    zh=r"\d[\d,.]*\s*(?:万|千|百)?\s*(?:元|块|人民币|美元|美金)|[$¥￥£€]\s*\d|[一二两三四五六七八九十百千万]+(?:元|块)"
    r"|账户|帐户|账号|帐号|卡号|银行卡|收款人|对公|支付宝|微信|二维码|收款码",
    en=r"\d[\d,.]*\s*(?:rmb|usd|dollars?|pounds?|euros?)|[$¥£€]\s*\d[\d,.]*"
    r"|account|iban|sort code|routing number|paypal|wallet",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)

# How far from the payment verb the amount or account may stand.
_REACH = 24


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    anchors = [
        (text_index(norm, e.start), text_index(norm, e.end))
        for e in entities
        if e.kind in ("amount", "bank_card")
    ]

    def has_amount_or_account(scanned: Normalized, match: re.Match[str]) -> bool:
        if not same_clause(scanned, match):
            return False
        start, end = match.span()
        if any(a_end > start - _REACH and a_start < end + _REACH for a_start, a_end in anchors):
            return True
        return _AMOUNT_OR_ACCOUNT.occur_in(scanned.text, start - _REACH, end + _REACH)

    return distinct(
        _FLAGS.scan(norm, _PAYMENT, accept=has_amount_or_account),
        _FLAGS.scan(norm, _UNTRACEABLE),
    )
