from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.core.taxonomy import FraudCategory
from fanzha.text import TextInputError, analyze, analyze_many
from fanzha.text.normalize import MAX_TEXT_CHARS

TAXONOMY = {category.value for category in FraudCategory}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "【公安局】您的银行卡涉嫌洗钱,请立即将资金转入安全账户配合调查,不要告诉家人。",
            "impersonate_authority",
        ),
        ("日赚300元!点赞刷单返利,先垫付后返佣,加微信abc12345领取任务", "part_time_brushing"),
        ("Congratulations! You have won a £1000 prize. Call 09061701461 now to claim.", None),
    ],
)
def test_clear_scams(text: str, category: str | None) -> None:
    result = analyze(text)
    assert result.is_fraud
    assert result.score > 0.8
    if category:
        assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        "【工商银行】您尾号1234的卡11月3日消费人民币58.00元,余额1,024.35元。",
        "您的验证码为482913,5分钟内有效,请勿泄露给他人。",
        "公安机关不会要求您转账到安全账户,如遇可疑来电请拨打96110。",
        "Hi mum, I'll be home by 7, can you save me some dinner?",
    ],
)
def test_everyday_messages_are_not_scams(text: str) -> None:
    result = analyze(text)
    assert not result.is_fraud
    assert result.category == "not_fraud"


def test_result_shape_and_spans_point_at_the_sender_s_words() -> None:
    text = "加 微-信:ＶＸ８８６６ 领取补贴,点击 www.icbc-cn.top/login,把验\u200b证码发给我"
    result = analyze(text)
    assert 0.0 <= result.score <= 1.0
    assert set(result.category_scores) <= TAXONOMY
    assert math.isclose(sum(result.category_scores.values()), 1.0, rel_tol=1e-6)
    for item in (*result.red_flags, *result.entities):
        assert text[item.start : item.end] == (item.words if hasattr(item, "words") else item.text)
    assert any(entity.kind == "url" for entity in result.entities)
    assert result.urls and result.urls[0].score >= 0.7
    assert result.obfuscation["invisible"] >= 1
    assert "TEXT.ASKS_SMS_CODE" in {flag.code for flag in result.red_flags}
    data = result.to_dict()
    assert data["explanation"]["zh"] and data["explanation"]["en"]
    assert data["model_version"] and data["policy_version"]


def test_explanation_quotes_the_warning_words() -> None:
    result = analyze("请马上把验证码发给我,不然你的账户会被冻结")
    assert "验证码" in result.explanation.zh
    assert "96110" in result.explanation.zh


@pytest.mark.parametrize(
    "text",
    [
        "Your parcel is held at customs. Pay the fee at http://dhl-parcel.top/pay within 24h",
        "您的包裹异常,请在24小时内登录 http://sf-express.top/pay 缴纳关税,逾期退回",
    ],
)
def test_explanation_reads_as_sentences(text: str) -> None:
    result = analyze(text)
    assert result.urls and result.explanation.en.count("risky") >= 1
    for doubled in ("..", ".;", ". ;", "。。", "。;", "。;"):
        assert doubled not in result.explanation.en
        assert doubled not in result.explanation.zh


def test_lang_is_detected_or_given() -> None:
    assert analyze("您好,明天见").lang == "zh"
    assert analyze("see you tomorrow").lang == "en"
    assert analyze("see you tomorrow", lang="zh").lang == "zh"
    with pytest.raises(TextInputError) as error:
        analyze("hello", lang="fr")
    assert error.value.code == "TEXT.BAD_LANG"


def test_the_language_picks_the_model_head() -> None:
    scam = "【公安局】您的银行卡涉嫌洗钱,请立即将资金转入安全账户配合调查,不要告诉家人。"
    detected, given_zh, given_en = analyze(scam), analyze(scam, lang="zh"), analyze(scam, lang="en")
    assert detected.score == given_zh.score
    # The English head has never seen these characters: only the rules' tokens reach it.
    assert given_en.score != detected.score
    # A batch routes each message by its own language, as one-by-one calls do.
    batch = analyze_many([scam, "see you tomorrow at the station"])
    assert batch[0].score == pytest.approx(detected.score)
    assert batch[1].score == pytest.approx(analyze("see you tomorrow at the station").score)


def test_empty_and_oversized_texts_are_clear_errors() -> None:
    for text in ("", "   \n\t", "\u200b\u200b"):
        with pytest.raises(TextInputError) as error:
            analyze(text)
        assert error.value.code == "TEXT.EMPTY"
    with pytest.raises(TextInputError) as error:
        analyze("a" * (1 << 20))
    assert error.value.code == "TEXT.TOO_LONG"


def test_a_long_text_below_the_limit_gets_a_result() -> None:
    chat = "我:今晚吃什么\n他:火锅吧,七点见\n" * 6000  # about 100,000 characters of chat
    assert len(chat) < MAX_TEXT_CHARS
    assert not analyze(chat).is_fraud


def test_batch_keeps_order_and_names_the_bad_message() -> None:
    texts = ["明天见", "请把验证码发给我,马上转账到安全账户", "see you"]
    results = analyze_many(texts)
    assert [r.is_fraud for r in results] == [False, True, False]
    assert analyze_many([]) == []
    with pytest.raises(TextInputError) as error:
        analyze_many(["fine", ""])
    assert error.value.details["index"] == 1
    with pytest.raises(TextInputError):
        analyze_many("not a list")


def test_batch_and_single_give_the_same_answer() -> None:
    texts = ["您的快递丢失,客服为您理赔,请提供银行卡号", "ok see u at 5", "中奖了!点击领取"]
    for text, batched in zip(texts, analyze_many(texts), strict=True):
        assert analyze(text).score == pytest.approx(batched.score, abs=1e-6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from(list("加微信验证码转账安全账户ＶＸ１２３😊\u200b\u202eВаnk.com/ ")),
        ),
        min_size=1,
        max_size=300,
    )
)
def test_any_text_gives_a_sane_result_or_a_clear_error(text: str) -> None:
    try:
        result = analyze(text)
    except TextInputError as error:
        assert error.code == "TEXT.EMPTY"
        return
    assert 0.0 <= result.score <= 1.0
    assert result.category in TAXONOMY
    for flag in result.red_flags:
        assert text[flag.start : flag.end] == flag.words
    for entity in result.entities:
        assert text[entity.start : entity.end] == entity.text
