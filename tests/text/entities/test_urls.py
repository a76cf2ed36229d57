"""Links: with and without a scheme, shorteners, IPs, punycode, where they end."""

from __future__ import annotations

import pytest

from tests.text.entities.helpers import find, texts, values


@pytest.mark.parametrize(
    ("text", "written", "value", "host"),
    [
        ("点击http://t.cn/A6xYz9领取补贴", "http://t.cn/A6xYz9", "http://t.cn/A6xYz9", "t.cn"),
        (
            "【ETC】您的ETC已失效，请登录 https://etc-gov.top/auth?id=7 重新认证",
            "https://etc-gov.top/auth?id=7",
            "https://etc-gov.top/auth?id=7",
            "etc-gov.top",
        ),
        (
            "访问www.icbc-vip.com，输入密码",
            "www.icbc-vip.com",
            "http://www.icbc-vip.com",
            "www.icbc-vip.com",
        ),
        ("退款链接x.cn/abc，请尽快", "x.cn/abc", "http://x.cn/abc", "x.cn"),
        (
            "Your parcel is held: usps-redelivery.xyz/track",
            "usps-redelivery.xyz/track",
            "http://usps-redelivery.xyz/track",
            "usps-redelivery.xyz",
        ),
        (
            "Verify at HTTPS://Apple.COM/Id/AbC.",
            "HTTPS://Apple.COM/Id/AbC",
            "https://apple.com/Id/AbC",
            "apple.com",
        ),
        (
            "登录 1.2.3.4:8080/Login?id=5 查看",
            "1.2.3.4:8080/Login?id=5",
            "http://1.2.3.4:8080/Login?id=5",
            "1.2.3.4",
        ),
        ("http://47.96.1.20/pay", "http://47.96.1.20/pay", "http://47.96.1.20/pay", "47.96.1.20"),
        ("see bit.ly/3xYz now", "bit.ly/3xYz", "http://bit.ly/3xYz", "bit.ly"),
    ],
)
def test_links_are_found_with_scheme_added_and_case_kept(
    text: str, written: str, value: str, host: str
) -> None:
    (link,) = find(text, "url")
    assert link.text == written
    assert link.value == value
    assert link.details["host"] == host


def test_scheme_added_is_recorded() -> None:
    assert find("www.x.com", "url")[0].details["scheme_added"] is True
    assert "scheme_added" not in find("https://www.x.com", "url")[0].details


def test_ip_host_is_flagged() -> None:
    assert find("http://10.0.0.1/a", "url")[0].details["is_ip"] is True
    assert find("http://a.com/1.2.3.4", "url")[0].details["is_ip"] is False


def test_punycode_host_is_decoded() -> None:
    (link,) = find("请访问 xn--fiqs8s.com/login 领取", "url")
    assert link.details["punycode"] is True
    assert link.details["host_unicode"] == "中国.com"


def test_userinfo_trick_reports_the_real_host() -> None:
    (link,) = find("http://www.icbc.com.cn@evil.top/login", "url")
    assert link.details["host"] == "evil.top"
    assert link.details["userinfo"] is True


def test_lookalike_letters_in_host_are_kept_as_written() -> None:
    (link,) = find("www.аpple.com/ID", "url")  # Cyrillic а
    assert link.details["host"] == "www.apple.com"
    assert link.details["host_as_written"] == "www.аpple.com"


def test_full_width_link_is_folded_and_keeps_path_case() -> None:
    (link,) = find("ｗｗｗ．ＡＢＣ．ｃｏｍ/ＸＹｚ", "url")
    assert link.value == "http://www.abc.com/XYz"
    assert "host_as_written" not in link.details  # full-width is not a look-alike


def test_zero_width_characters_inside_a_link() -> None:
    (link,) = find("打开 t.c\u200bn/Ab\u200dC 查看", "url")
    assert link.text == "t.c\u200bn/Ab\u200dC"
    assert link.value == "http://t.cn/AbC"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("链接：https://x.com/a。谢谢", "https://x.com/a"),
        ("链接：https://x.com/a，谢谢", "https://x.com/a"),
        ("(see https://x.com/a)", "https://x.com/a"),
        ("see https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("「https://x.com/a」", "https://x.com/a"),
        ("<https://x.com/a>", "https://x.com/a"),
        ('"https://x.com/a"', "https://x.com/a"),
        ("https://x.com/a领取", "https://x.com/a"),
        ("https://x.com/a！", "https://x.com/a"),
        ("go to x.com/a, then", "x.com/a"),
        ("https://x.com/a\U0001f381", "https://x.com/a"),
    ],
)
def test_links_stop_at_chinese_text_and_closing_punctuation(text: str, written: str) -> None:
    assert texts(text, "url") == [written]


@pytest.mark.parametrize(
    "text",
    [
        "file.py and readme.md",
        "version 1.2.3.4 released",
        "余额3.5万元",
        "e.g. this, i.e. that",
        "mail me at a@b.com",
        "下载安全中心.apk",
        "时间 12.30",
        "a.b",
        "http://",
        "Thanks.Game starts at 8",  # a missing space, not a link
        "click here.money back",
    ],
)
def test_not_links(text: str) -> None:
    assert values(text, "url") == []


def test_numbers_inside_a_link_are_part_of_it() -> None:
    found = find("https://x.com/?tel=13812345678&card=4111111111111111")
    assert [entity.kind for entity in found] == ["url"]


def test_two_links_in_one_message() -> None:
    assert values("备用 t.cn/a 和 https://b.top/x", "url") == ["http://t.cn/a", "https://b.top/x"]


@pytest.mark.parametrize(
    "text", ["verify-apple.me", "apple.me/verify", "www.cash.money", "secure.apple.id"]
)
def test_word_like_domains_with_link_evidence(text: str) -> None:
    assert texts(text, "url") == [text]


def test_ideographic_full_stops_as_dots() -> None:
    (link,) = find("登录ｗｗｗ。ｉｃｂｃ-ｖｉｐ。ｃｏｍ/ｌｏｇｉｎ领取", "url")
    assert link.value == "http://www.icbc-vip.com/login"
    assert link.details["host"] == "www.icbc-vip.com"
    assert link.details["host_as_written"] == "ｗｗｗ。ｉｃｂｃ-ｖｉｐ。ｃｏｍ"
    assert texts("访问www.x.com。然后登录", "url") == ["www.x.com"]
    assert texts("点击abc。top/x领取", "url") == ["abc。top/x"]
    assert texts("转账到6200000000000005。xyz", "url") == []  # a sentence end
    assert texts("好的。me too", "url") == []
