"""Scores: official sites low, scam links high, and how rules and the model combine."""

from __future__ import annotations

import pytest

from fanzha.text.types import UrlRisk
from fanzha.text.urls import UrlScorer, analyze_url, load_model, score_url, score_urls
from fanzha.text.urls.knowledge import load_policy
from fanzha.text.urls.model import UrlModel
from fanzha.text.urls.score import model_probability

THRESHOLD = load_policy().threshold

OFFICIAL = [
    "www.icbc.com.cn",
    "https://www.icbc.com.cn/icbc/网上银行/",
    "www.12306.cn",
    "https://kyfw.12306.cn/otn/leftTicket/init",
    "www.gov.cn",
    "https://www.beijing.gov.cn/zhengce/",
    "www.taobao.com",
    "https://item.taobao.com/item.htm?id=6543210",
    "https://m.10086.cn/",
    "https://www.sf-express.com/chn/sc",
    "https://www.apple.com/cn/",
    "https://etax.chinatax.gov.cn/",
    "https://www.paypal.com/signin",
    "amazon.de",
]

SCAMS = [
    "icbc-cn.top",
    "12306-cn.vip/login",
    "www.gov.cn.verify-id.xyz",
    "xn--80ak6aa92e.com",
    "http://119.23.4.5:8080/app.apk",
    "http://www.icbc.com.cn@evil.top/login",
    "https://ccb-95533.vip/h5/#/renzheng",
    "http://10086-jf.top/jifen/duihuan",
    "https://etc-renzheng.cc/",
    "paypa1.com/signin",
]


@pytest.mark.parametrize("url", OFFICIAL)
def test_official_sites_score_low(url: str) -> None:
    risk = score_url(url)
    assert risk.score <= load_policy().official_cap, (url, risk)


@pytest.mark.parametrize("url", SCAMS)
def test_scam_links_score_high(url: str) -> None:
    risk = score_url(url)
    assert risk.score >= max(THRESHOLD, 0.7), (url, risk)
    assert risk.codes and len(risk.codes) == len(risk.reasons) == len(risk.reasons_zh)


@pytest.mark.parametrize("url", ["t.cn/A6abc", "https://dwz.cn/abcd", "bit.ly/3xYz"])
def test_short_links_are_risky_whoever_sends_them(url: str) -> None:
    # The destination is hidden: at least the shortener's weight, whatever the model says.
    risk = score_url(url)
    assert risk.score >= max(THRESHOLD, load_policy().weight("shortener"))
    assert "URL.SHORTENER" in risk.codes


def test_official_cap_holds_even_when_rules_fire() -> None:
    risk = score_url("https://www.icbc.com.cn:8443/download/icbc.apk")
    assert {"URL.NONSTANDARD_PORT", "URL.APK_DOWNLOAD"} <= set(risk.codes)
    assert risk.score <= load_policy().official_cap


def test_user_content_hosts_are_not_capped() -> None:
    analysis = analyze_url("https://sites.google.com/view/icbc-verify")
    assert analysis.official is None
    assert analyze_url("https://www.google.com/").official is not None


def test_score_is_noisy_or_of_model_and_rules() -> None:
    model = load_model()
    scorer = UrlScorer(model=model)
    analysis = analyze_url("http://119.23.4.5:8080/app.apk")
    p = model_probability(analysis, model, scorer.lists)
    expected = 1 - (1 - p) * _product(1 - h.weight for h in analysis.hits)
    assert scorer.combine(analysis, p).score == pytest.approx(expected, abs=1e-4)
    # With the model saying 0, the rules alone decide.
    rules_only = scorer.combine(analysis, 0.0)
    assert rules_only.score == pytest.approx(
        1 - _product(1 - h.weight for h in analysis.hits), abs=1e-4
    )
    assert "URL.LEXICAL_MODEL" not in rules_only.codes


def _product(values: object) -> float:
    out = 1.0
    for v in values:  # type: ignore[attr-defined]
        out *= v
    return out


def test_codes_come_strongest_first() -> None:
    risk = score_url("http://www.icbc.com.cn.login-verify.top:8080/login")
    analysis = analyze_url("http://www.icbc.com.cn.login-verify.top:8080/login")
    weights = [h.weight for h in analysis.hits]
    assert weights == sorted(weights, reverse=True)
    assert risk.codes[0] in ("URL.LEXICAL_MODEL", "URL.BRAND_IN_SUBDOMAIN")


def test_score_urls_keeps_order_and_scores_repeats_once() -> None:
    urls = ["t.cn/A6abc", "www.icbc.com.cn", "t.cn/A6abc", "junk"]
    risks = score_urls(urls)
    assert [r.url for r in risks] == urls
    assert risks[0] is risks[2]
    assert risks[3].codes == ("URL.UNPARSEABLE",)
    assert score_urls([]) == []


def test_risk_is_the_shared_record() -> None:
    risk = score_url("icbc-cn.top/login")
    assert isinstance(risk, UrlRisk)
    data = risk.to_dict()
    assert data["host"] == "icbc-cn.top" and data["codes"] == list(risk.codes)
    assert risk.url == "icbc-cn.top/login"


def test_scores_are_deterministic() -> None:
    urls = SCAMS + OFFICIAL + ["https://github.com/pallets/click", "https://news.sina.com.cn/"]
    first = [score_url(u) for u in urls]
    fresh = UrlScorer(model=load_model())
    assert [fresh.score(u) for u in urls] == first


def test_a_scorer_takes_its_own_model() -> None:
    flat = UrlModel(
        token_weights={},
        numeric_mean=tuple(load_model().numeric_mean),
        numeric_scale=tuple(load_model().numeric_scale),
        numeric_weights=tuple(0.0 for _ in load_model().numeric_weights),
        intercept=-50.0,
    )
    scorer = UrlScorer(model=flat)
    assert scorer.score("https://github.com/pallets/click").score == 0.0
    assert scorer.score("t.cn/A6abc").score == pytest.approx(0.55, abs=1e-3)
