"""Every link rule: a link that fires it and one that does not."""

from __future__ import annotations

import pytest

from fanzha.text.urls import URL_CODES, analyze_url
from fanzha.text.urls.rules import RULE_CODES, URL_RULES

CASES: dict[str, tuple[list[str], list[str]]] = {
    "URL.PUNYCODE": (
        ["xn--80ak6aa92e.com", "https://中国银行.公司/x", "http://pаypal.com/"],
        ["www.icbc.com.cn", "https://example.com/xn--path"],
    ),
    "URL.HOMOGLYPH": (
        ["http://pаypal.com/", "xn--80ak6aa92e.com", "http://gооgle.top/"],
        ["https://中国银行.公司/", "https://münchen.de/", "https://www.paypal.com/"],
    ),
    "URL.RAW_IP": (
        ["http://119.23.4.5:8080/app.apk", "http://3232235777/", "http://[2001:db8::1]/x"],
        ["www.icbc.com.cn", "http://1x.example.com/"],
    ),
    "URL.SHORTENER": (
        ["t.cn/A6abc", "https://bit.ly/3xYz", "dwz.cn/abcd", "http://w.url.cn/s/abc"],
        ["https://www.taobao.com/", "https://t.cnn.com/x"],
    ),
    "URL.APK_DOWNLOAD": (
        [
            "http://x.top/download/app.apk",
            "https://a.com/get?file=bank.apk",
            "https://a.com/ios/profile.mobileconfig",
            "http://1.2.3.4/setup.EXE",
        ],
        ["https://a.com/app/index.html", "https://a.com/apk-news/"],
    ),
    "URL.LOOKALIKE_BANK": (
        [
            "icbc-cn.top",
            "ccb-95533.vip/login",
            "www.lcbc.com.cn",
            "icbc.cn",
            "https://中国银行.公司/",
        ],
        ["www.icbc.com.cn", "https://www.abchina.com/cn/", "https://www.ccb.com/cn/home/"],
    ),
    "URL.LOOKALIKE_GOV": (
        ["12306-cn.vip/login", "l2306.cn", "chinatax-etax.com", "gov-cn.top", "shebao-12333.vip"],
        ["www.12306.cn", "https://etax.chinatax.gov.cn/", "https://www.gov.cn/", "govee.com"],
    ),
    "URL.LOOKALIKE_BRAND": (
        ["paypa1.com/signin", "taobao-tuikuan.cc", "sf-kuaidi.xyz", "amazon.top", "10086-jf.top"],
        ["www.taobao.com", "amazon.de", "pineapple.com", "paypay.ne.jp", "https://m.10086.cn/"],
    ),
    "URL.SUSPICIOUS_TLD": (
        ["abc-kefu.top", "http://x.xyz/", "win.vip"],
        ["example.com", "news.cn", "www.example.com.cn"],
    ),
    "URL.BRAND_IN_SUBDOMAIN": (
        [
            "www.gov.cn.verify-id.xyz",
            "www.icbc.com.cn.login-verify.top",
            "paypal.com-secure.xyz/login",
            "https://alipay.account-check.com/",
        ],
        ["mybank.icbc.com.cn", "www.apple.com.edgekey.net", "https://news.example.com/"],
    ),
    "URL.MANY_SUBDOMAINS": (
        ["a.b.c.d.example.com", "secure.login.verify.account.example.top"],
        ["www.news.example.com", "a.b.example.com", "https://x.y.z.w.icbc.com.cn/"],
    ),
    "URL.AT_SIGN": (
        ["http://www.icbc.com.cn@evil.top/x", "http://user:pass@example.com/"],
        ["https://example.com/a@b", "https://example.com/?mail=a@b.com"],
    ),
    "URL.NONSTANDARD_PORT": (
        ["http://example.com:8080/", "1.2.3.4:8888/x"],
        ["https://example.com:443/", "http://example.com/", "http://example.com:80/"],
    ),
    "URL.LONG_RANDOM_HOST": (
        ["http://x7kq9zp2mw4v.top/", "https://qwrtzpsdfghk.com/"],
        ["https://www.internationalbusiness.com/", "https://www.example.com/", "x7k.top"],
    ),
    "URL.HTTP_LOGIN": (
        [
            "http://example.com/account/login",
            "http://x.com/验证/",
            "http://secure-update.example.com/",
        ],
        ["https://example.com/login", "http://example.com/news", "example.com/login"],
    ),
}


def test_every_rule_code_has_cases() -> None:
    assert set(CASES) == set(RULE_CODES)
    assert len(RULE_CODES) == len(set(RULE_CODES)) == len(URL_RULES)
    assert {"URL.LEXICAL_MODEL", "URL.UNPARSEABLE"} <= set(URL_CODES)


@pytest.mark.parametrize(
    ("code", "url"), [(code, url) for code, (fire, _) in CASES.items() for url in fire]
)
def test_rule_fires(code: str, url: str) -> None:
    analysis = analyze_url(url)
    assert code in analysis.codes, (url, analysis.codes, analysis.error)
    hit = next(h for h in analysis.hits if h.code == code)
    assert 0.0 < hit.weight <= 1.0
    assert hit.reason and hit.reason_zh and hit.reason != hit.reason_zh


@pytest.mark.parametrize(
    ("code", "url"), [(code, url) for code, (_, quiet) in CASES.items() for url in quiet]
)
def test_rule_stays_quiet(code: str, url: str) -> None:
    analysis = analyze_url(url)
    assert analysis.parsed is not None, analysis.error
    assert code not in analysis.codes, (url, analysis.codes)


def test_obfuscated_ip_and_host_like_userinfo_weigh_more() -> None:
    def weight(url: str, code: str) -> float:
        return next(h.weight for h in analyze_url(url).hits if h.code == code)

    assert weight("http://3232235777/", "URL.RAW_IP") > weight("http://192.168.1.1/", "URL.RAW_IP")
    assert weight("http://www.icbc.com.cn@evil.top/", "URL.AT_SIGN") > weight(
        "http://user@evil.top/", "URL.AT_SIGN"
    )
    assert weight("http://pаypal.com/", "URL.HOMOGLYPH") > weight(
        "http://gооdsite.top/", "URL.HOMOGLYPH"
    )


def test_reasons_name_the_brand_and_its_official_site() -> None:
    hit = next(h for h in analyze_url("icbc-cn.top").hits if h.code == "URL.LOOKALIKE_BANK")
    assert "icbc.com.cn" in hit.reason and "中国工商银行" in hit.reason_zh
    assert hit.evidence["brands"] == ["icbc"]
