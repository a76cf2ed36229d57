"""Ordinary messages and anti-fraud reminders raise no red flags."""

from __future__ import annotations

import pytest

from .helpers import codes_in

ORDINARY = [
    # bank transaction alerts
    "【工商银行】您尾号1234的储蓄卡于11月23日14:05转账支出500.00元，余额1000.00元。",
    "【招商银行】您账户1234于11月23日收到转账收入2,000.00元，余额5,321.00元。",
    "【建设银行】您尾号5678的信用卡本期账单2,300.00元，还款日12月10日。",
    "Your card ending 1234 was charged $45.20 at Tesco on 23 Nov. Balance: $1,204.11.",
    # couriers
    "【菜鸟驿站】您的快递已到达小区驿站，请凭取件码1-2-3045尽快取件。",
    "【顺丰速运】您的快件已签收，感谢使用顺丰。",
    "【中通快递】您的包裹将于今天送达，请保持电话畅通。",
    "【京东物流】您的订单已到达驿站，请于3日内取件。",
    "Your Amazon order #123-456 has shipped and will arrive Tuesday.",
    # family and work chat
    "妈，我今晚回家吃饭，帮我留点菜",
    "爸，周末一起去爬山吧，记得带伞",
    "Hi mum, I'll be home late tonight, save me some dinner",
    "明天下午三点开会，请大家准时参加。",
    "年终奖金已经发了，晚上一起吃饭",
    "这个问题更加微妙，我们当面聊",
    "向日葵花开了，真好看",
    "我们去种向日葵吧",
    "Meeting moved to 3pm tomorrow, see you in room 4B.",
    "Yup, leaving right now, be back soon",
    "I can't pick up the phone right now",
    # genuine verification-code notices
    "【淘宝】您的验证码是123456，5分钟内有效，请勿泄露给他人。",
    "验证码：482913，您正在登录支付宝，切勿告知他人。",
    "【京东】验证码123456，请勿将验证码告诉任何人，包括客服。",
    "您的验证码为654321，工作人员不会向您索要，请勿泄露。",
    "Your verification code is 123456. Do not share this code with anyone.",
    "123456 is your Google verification code. Never share it.",
    # notices that name a document or a password without asking for it
    "请携带身份证原件到营业厅办理",
    "您的登录密码已修改成功，如非本人操作请联系客服",
    "Your password was changed on 23 Nov.",
]

REMINDERS = [
    "【反诈中心】公安机关不会要求你转账到安全账户，凡是自称公检法要求转账的都是诈骗。",
    "温馨提示：银行工作人员不会向您索要密码和验证码，请勿向他人透露。",
    "请勿扫描陌生二维码，切勿点击不明链接。",
    "警惕刷单诈骗，刷单就是诈骗！",
    "国家没有所谓的安全账户",
    "转到安全账户的都是诈骗",
    "不要下载向日葵等远程控制软件",
    "不要相信高额回报的投资",
    "谨防冒充公检法诈骗",
    "客服不会要求你开启屏幕共享",
    "正规贷款不会要求先交保证金",
    "请不要私下交易，以免上当",
    "绝不会让你把验证码告诉他人",
    "The police will never ask you to move money to a safe account.",
    "Never share your verification code or PIN with anyone.",
    "We will never ask you to share your screen.",
    "Beware of anyone asking you to pay with gift cards.",
]


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_message_raises_no_flag(message: str) -> None:
    assert codes_in(message) == set()


@pytest.mark.parametrize("message", REMINDERS)
def test_anti_fraud_reminder_raises_no_flag(message: str) -> None:
    assert codes_in(message) == set()


def test_verification_notice_is_not_a_request_for_the_code() -> None:
    assert "TEXT.ASKS_SMS_CODE" not in codes_in("您的验证码是123456，请勿泄露给他人")
    assert "TEXT.ASKS_SMS_CODE" in codes_in("您的验证码是多少？请告诉我")
    assert "TEXT.ASKS_SMS_CODE" in codes_in("把刚才收到的验证码发给我")


def test_negation_under_a_condition_still_counts() -> None:
    # "if you do not pay" is a threat, not a warning.
    assert "TEXT.TIME_PRESSURE" in codes_in("If you do not pay within 24 hours, we will sue.")
    assert "TEXT.REMOTE_CONTROL_APP" in codes_in("如果你不会操作，我用向日葵帮你")


def test_negation_stops_at_the_clause_break() -> None:
    # The warning in the first clause does not cover the request in the second,
    # even though the normaliser drops the comma between two Chinese characters.
    assert "TEXT.ASKS_SMS_CODE" in codes_in("此事切勿告诉他人，马上把验证码报给我")
    assert "TEXT.SAFE_ACCOUNT" in codes_in("你不要担心，把钱转到安全账户就没事")


def test_scam_secrecy_is_not_a_warning_about_secrecy() -> None:
    # Scammers' own "不要..." is the red flag, not a negation of it.
    assert "TEXT.SECRECY" in codes_in("千万不要告诉家人")
    assert "TEXT.SECRECY" not in codes_in("验证码123456，不得透露给他人")
    assert "TEXT.SECRECY" not in codes_in("Do not tell anyone your PIN.")


def test_bank_record_of_a_transfer_is_not_a_payment_request() -> None:
    assert "TEXT.PAYMENT_REQUEST" not in codes_in("您于11月23日已转账500元给张三")
    assert "TEXT.PAYMENT_REQUEST" in codes_in("请马上转账500元给我")
