"""Whole messages: every kind together, overlap resolution, spans, ordering."""

from __future__ import annotations

from fanzha.text.entities import extract_entities
from fanzha.text.entities.base import Candidate, resolve
from fanzha.text.normalize import normalize
from tests.text.entities.helpers import find, with_luhn_digit

CARD = with_luhn_digit("622202020000000000")


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(entity.kind, entity.text) for entity in find(text)]


def test_bank_impersonation_sms() -> None:
    text = (
        "【工商银行】您的账户存在异常，请登录 icbc-vip.top/verify 或致电95588，"
        "客服微信：kefu_8899，QQ：12345678"
    )
    assert _kinds(text) == [
        ("url", "icbc-vip.top/verify"),
        ("phone", "95588"),
        ("app", "微信"),
        ("wechat", "kefu_8899"),
        ("app", "QQ"),
        ("qq", "12345678"),
    ]


def test_police_impersonation_call_script() -> None:
    text = (
        f"我是上海市公安局民警，你涉嫌洗钱，请下载向日葵，把3.5万元转到安全账户{CARD}，"
        "有问题打我手机138-1234-5678。"
    )
    assert _kinds(text) == [
        ("app", "向日葵"),
        ("amount", "3.5万元"),
        ("bank_card", CARD),
        ("phone", "138-1234-5678"),
    ]


def test_part_time_job_scam() -> None:
    text = "抖音点赞日结200元，加vx：13812345678，下载安全中心.apk领取任务"
    assert _kinds(text) == [
        ("app", "抖音"),
        ("amount", "200元"),
        ("wechat", "13812345678"),
        ("app", "安全中心.apk"),
    ]


def test_english_prize_scam() -> None:
    text = (
        "Congratulations! Claim your $5,000 prize at http://bit.ly/AbC123 or call "
        "+44 20 7946 0958. Questions: prizes@win-now.xyz"
    )
    assert _kinds(text) == [
        ("amount", "$5,000"),
        ("url", "http://bit.ly/AbC123"),
        ("phone", "+44 20 7946 0958"),
        ("email", "prizes@win-now.xyz"),
    ]


def test_ordinary_messages_name_little() -> None:
    assert find("今天下午3点开会，记得带电脑，会议室在5楼") == []
    assert find("Meet me at 5:30 near gate 12, thanks!") == []
    assert _kinds("妈，我到了，电话13912345678") == [("phone", "13912345678")]
    assert _kinds("【招商银行】您尾号1234的账户于10月1日入账500.00元") == [("amount", "500.00元")]


def test_non_matches_in_one_message() -> None:
    text = (
        "订单号4111111111111111，身份证11010519491231002X，2023-10-01 12:30，"
        "收益率5%，编号13812345678，共3万人，转账5000"
    )
    assert find(text) == []


def test_card_is_not_also_a_phone() -> None:
    grouped = " ".join(CARD[i : i + 4] for i in range(0, 16, 4)) + " " + CARD[16:]
    assert _kinds(f"卡号 {grouped}") == [("bank_card", grouped)]


def test_numbers_inside_links_and_mailboxes_are_not_phones() -> None:
    assert _kinds("https://x.com/13812345678") == [("url", "https://x.com/13812345678")]
    assert _kinds("13812345678@163.com") == [("email", "13812345678@163.com")]


def test_cued_ids_win_over_phone_of_the_same_span() -> None:
    assert _kinds("QQ: 13812345678") == [("app", "QQ"), ("qq", "13812345678")]
    assert _kinds("微信：13812345678") == [("app", "微信"), ("wechat", "13812345678")]


def test_resolve_prefers_longer_then_more_specific() -> None:
    norm = normalize("abcdefgh")
    long = Candidate("amount", 0, 6, "1")
    short_specific = Candidate("url", 0, 3, "x")
    same_span_phone = Candidate("phone", 6, 8, "+86")
    same_span_qq = Candidate("qq", 6, 8, "12")
    kept = resolve(norm, [short_specific, long, same_span_phone, same_span_qq])
    assert [(e.kind, e.start, e.end) for e in kept] == [("amount", 0, 6), ("qq", 6, 8)]


def test_resolve_judges_overlap_on_the_original_text() -> None:
    # "⑴" folds to three characters "(1)": candidates on different parts of it
    # share one original character, so only one may stay.
    norm = normalize("⑴x")
    assert norm.text.startswith("(1)")
    kept = resolve(norm, [Candidate("amount", 0, 2, "1"), Candidate("phone", 2, 4, "+86")])
    assert len(kept) == 1


def test_spans_point_into_the_original_text() -> None:
    text = "Ｖ信：ａｂｃ\u200b１２３，电话：１３８-１２３４-５６７８，网址：ｔ．ｃｎ／ＡＢＣ"
    found = extract_entities(normalize(text))
    assert [(e.kind, e.value) for e in found] == [
        ("app", "微信"),
        ("wechat", "abc123"),
        ("phone", "+8613812345678"),
        ("url", "http://t.cn/ABC"),
    ]
    for entity in found:
        assert text[entity.start : entity.end] == entity.text


def test_entities_serialise() -> None:
    (phone,) = find("致电95588")
    data = phone.to_dict()
    assert data["kind"] == "phone"
    assert data["details"]["official"] is True
