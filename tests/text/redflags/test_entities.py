"""Rules that use the entity extractor's findings, given as hand-made entities."""

from __future__ import annotations

from fanzha.text.types import Entity

from .helpers import entity, words_for


def test_link_flag_for_each_url_entity() -> None:
    text = "点击 http://icbc-vip.top/verify 或 t.cn/abc 办理"
    links = [entity(text, "http://icbc-vip.top/verify", "url"), entity(text, "t.cn/abc", "url")]
    assert words_for("TEXT.LINK", text, links) == ["http://icbc-vip.top/verify", "t.cn/abc"]


def test_link_flag_needs_a_url_entity() -> None:
    assert words_for("TEXT.LINK", "点击 http://icbc-vip.top/verify 办理") == []


def test_link_in_a_warning_still_counts() -> None:
    text = "请勿点击 http://a.cn"
    assert words_for("TEXT.LINK", text, [entity(text, "http://a.cn", "url")]) == ["http://a.cn"]


def test_chat_app_entity_counts_with_an_add_verb() -> None:
    text = "有问题请在 Viber 上联系"
    viber = entity(text, "Viber", "app", app_kind="chat")
    assert words_for("TEXT.ADD_CHAT_APP", text, [viber]) == ["Viber"]


def test_chat_app_entity_alone_is_not_a_request() -> None:
    text = "我用 Telegram 看新闻"
    assert (
        words_for("TEXT.ADD_CHAT_APP", text, [entity(text, "Telegram", "app", app_kind="chat")])
        == []
    )


def test_official_account_is_not_a_private_chat() -> None:
    text = "关注微信公众号领取优惠券"
    wechat = entity(text, "微信", "app", app_kind="chat")
    assert words_for("TEXT.ADD_CHAT_APP", text, [wechat]) == []


def test_wechat_handle_with_contact_verb() -> None:
    text = "联系 kefu_8899 领取"
    handle = entity(text, "kefu_8899", "wechat")
    assert words_for("TEXT.ADD_CHAT_APP", text, [handle]) == ["kefu_8899"]


def test_overlapping_word_and_entity_flags_are_merged() -> None:
    text = "加我微信 kefu_8899"
    found = [entity(text, "微信", "app", app_kind="chat"), entity(text, "kefu_8899", "wechat")]
    assert words_for("TEXT.ADD_CHAT_APP", text, found) == ["加我微信", "kefu_8899"]


def test_screen_share_app_with_sharing_words() -> None:
    text = "下载Zoom，入会后我教你"
    zoom = entity(text, "Zoom", "app", app_kind="screen_share")
    assert words_for("TEXT.SCREEN_SHARING", text, [zoom]) == ["Zoom"]
    plain = "明天用Zoom开周会"
    assert (
        words_for(
            "TEXT.SCREEN_SHARING", plain, [entity(plain, "Zoom", "app", app_kind="screen_share")]
        )
        == []
    )


def test_remote_control_and_apk_entities() -> None:
    text = "装一下 Sunlogin，再打开 安全中心.apk"
    found = [
        entity(text, "Sunlogin", "app", app_kind="remote_control"),
        entity(text, "安全中心.apk", "app", app_kind="apk"),
    ]
    assert words_for("TEXT.REMOTE_CONTROL_APP", text, found) == ["Sunlogin"]
    assert "安全中心.apk" in words_for("TEXT.APK_DOWNLOAD", text, found)


def test_entity_in_a_warning_does_not_count() -> None:
    text = "切勿安装 Sunlogin"
    found = [entity(text, "Sunlogin", "app", app_kind="remote_control")]
    assert words_for("TEXT.REMOTE_CONTROL_APP", text, found) == []


def test_payment_with_an_amount_entity() -> None:
    text = "马上汇款叁万伍仟元"
    amount = entity(text, "叁万伍仟元", "amount")
    assert words_for("TEXT.PAYMENT_REQUEST", text, [amount]) == ["汇款"]


def test_payment_verb_without_amount_or_account_is_not_a_request() -> None:
    assert words_for("TEXT.PAYMENT_REQUEST", "转账功能维护中") == []


def test_entities_with_bad_spans_are_ignored() -> None:
    text = "加微信"
    broken = [Entity("url", 5, 50, "x", "x"), Entity("url", 2, 1, "x", "x")]
    assert words_for("TEXT.LINK", text, broken) == []
