"""A small, deterministic demo data set so a fresh `make run` has something to show.

The numbers are made up in real ranges; the stories follow the seed cases:
impersonated police and customer service, a "safe account" call, brushing jobs,
and reports about 95588 that reveal it was spoofed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fanzha.core import FraudCategory, NewReport, ReportKind, SubscriberPolicy
from fanzha.numbers import parse_number
from fanzha.platform import Platform

# number, category, kind, how many distinct reporters, over how many days, example text
DEMO_CASES: tuple[tuple[str, FraudCategory, ReportKind, int, int, str], ...] = (
    ("+8617091234567", FraudCategory.IMPERSONATE_AUTHORITY, ReportKind.CALL, 7, 20,
     "自称公安局民警,说我涉嫌洗钱,要求把钱转到安全账户"),
    ("+8616512345678", FraudCategory.IMPERSONATE_CUSTOMER_SERVICE, ReportKind.CALL, 5, 12,
     "冒充淘宝客服说要退款,让我下载会议软件共享屏幕"),
    ("+8619212340000", FraudCategory.PART_TIME_BRUSHING, ReportKind.SMS, 4, 30,
     "刷单兼职日赚三百,加QQ领任务"),
    ("+8613512340001", FraudCategory.LOAN_CREDIT, ReportKind.CALL, 3, 40,
     "无抵押贷款,先交解冻费"),
    ("+85251234567", FraudCategory.INVESTMENT, ReportKind.CALL, 3, 15,
     "带你炒数字货币,稳赚不赔"),
    ("95588", FraudCategory.IMPERSONATE_AUTHORITY, ReportKind.CALL, 4, 10,
     "显示95588,说我的卡被冻结,要验证码"),
    ("+8613812345678", FraudCategory.OTHER_FRAUD, ReportKind.CALL, 1, 2,
     "打来不说话"),
)  # fmt: skip

DEMO_SUBSCRIBERS = (
    SubscriberPolicy("+8613900001111", allow_international_calls=False),
    SubscriberPolicy(
        "+8613900002222", allow_international_calls=True, allow_international_sms=True
    ),
)


def demo_reports(now: datetime, seed: int = 96110) -> list[NewReport]:
    """The demo reports, deterministic for a seed and a reference time."""
    rng = random.Random(seed)
    reports = []
    for number, category, kind, reporters, days, text in DEMO_CASES:
        e164 = parse_number(number).e164
        for index in range(reporters):
            age = timedelta(days=rng.uniform(0, days), minutes=rng.randint(0, 600))
            reports.append(
                NewReport(
                    number=e164,
                    kind=kind,
                    category=category,
                    text=text,
                    reporter=f"demo-citizen-{number}-{index}",
                    source="demo",
                    created_at=now - age,
                )
            )
    return reports


def load_demo(platform: Platform) -> int:
    """Add the demo reports and subscribers unless already there; return reports added."""
    first = parse_number(DEMO_CASES[0][0]).e164
    if any(r.source == "demo" for r in platform.store.reports_for(first)):
        return 0
    reports = demo_reports(datetime.now(UTC))
    platform.store.add_reports(reports, salt=platform.settings.reporter_salt)
    for policy in DEMO_SUBSCRIBERS:
        platform.store.set_subscriber_policy(policy)
    return len(reports)
