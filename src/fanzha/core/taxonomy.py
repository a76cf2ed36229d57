"""Fraud-type taxonomy shared by every capability (codes from ARCHITECTURE.md)."""

from __future__ import annotations

from enum import StrEnum


class FraudCategory(StrEnum):
    IMPERSONATE_CUSTOMER_SERVICE = "impersonate_customer_service"
    IMPERSONATE_AUTHORITY = "impersonate_authority"
    PART_TIME_BRUSHING = "part_time_brushing"
    ONLINE_SHOPPING = "online_shopping"
    IMPERSONATE_ACQUAINTANCE = "impersonate_acquaintance"
    LOAN_CREDIT = "loan_credit"
    INVESTMENT = "investment"
    ROMANCE = "romance"
    GAME_TRADE = "game_trade"
    FAKE_PRIZE = "fake_prize"
    PHISHING_CREDENTIALS = "phishing_credentials"
    OTHER_FRAUD = "other_fraud"
    NOT_FRAUD = "not_fraud"


CATEGORY_LABELS: dict[FraudCategory, tuple[str, str]] = {
    FraudCategory.IMPERSONATE_CUSTOMER_SERVICE: (
        "冒充电商物流客服",
        "impersonating e-commerce or courier customer service",
    ),
    FraudCategory.IMPERSONATE_AUTHORITY: (
        "冒充公检法/电信局/银行",
        "impersonating police, courts, the telecom bureau or a bank",
    ),
    FraudCategory.PART_TIME_BRUSHING: (
        "刷单返利/网络兼职",
        "fake part-time jobs and order brushing",
    ),
    FraudCategory.ONLINE_SHOPPING: ("虚假网络购物", "fake online shopping"),
    FraudCategory.IMPERSONATE_ACQUAINTANCE: (
        "冒充领导熟人/亲友",
        "impersonating a boss, an acquaintance or a relative",
    ),
    FraudCategory.LOAN_CREDIT: ("虚假贷款/代办信用卡", "fake loans or credit cards"),
    FraudCategory.INVESTMENT: ("虚假投资理财", "fake investment"),
    FraudCategory.ROMANCE: ("网络婚恋交友(杀猪盘)", "romance scam (pig butchering)"),
    FraudCategory.GAME_TRADE: ("网络游戏虚假交易", "fake online game trading"),
    FraudCategory.FAKE_PRIZE: ("虚假中奖/积分兑换", "fake prizes or points redemption"),
    FraudCategory.PHISHING_CREDENTIALS: (
        "钓鱼链接/木马/验证码窃取",
        "phishing links, trojans, stolen SMS codes",
    ),
    FraudCategory.OTHER_FRAUD: ("其他诈骗", "other fraud"),
    FraudCategory.NOT_FRAUD: ("正常", "not fraud"),
}
