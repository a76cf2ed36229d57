"""App names from the catalogue, .apk files, and the catalogue file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fanzha.core.errors import ConfigError
from fanzha.text.entities import extract_entities, load_app_catalog
from fanzha.text.entities.apps import APP_KINDS, build_catalog
from fanzha.text.normalize import normalize
from tests.text.entities.helpers import find, texts, values


def _apps(text: str) -> list[tuple[str, str, str]]:
    return [(app.text, app.value, app.details["kind"]) for app in find(text, "app")]


def test_remote_control_scam() -> None:
    text = "我是客服，请下载向日葵和ToDesk，然后打开腾讯会议共享屏幕"
    assert _apps(text) == [
        ("向日葵", "向日葵", "remote_control"),
        ("ToDesk", "ToDesk", "remote_control"),
        ("腾讯会议", "腾讯会议", "screen_share"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("加我微信", "微信", "chat"),
        ("download WhatsApp", "WhatsApp", "chat"),
        ("用纸飞机联系", "Telegram", "chat"),
        ("install teamviewer please", "TeamViewer", "remote_control"),
        ("join the Google Meet", "Google Meet", "screen_share"),
        ("用微信支付", "微信支付", "payment"),
        ("Pay with ALIPAY", "支付宝", "payment"),
        ("您的借呗额度已提升", "借呗", "loan"),
        ("京东金条利率下调", "京东金条", "loan"),
        ("闲鱼买家付款异常", "闲鱼", "marketplace"),
        ("您的顺丰快递丢失", "顺丰", "courier"),
        ("免费领王者荣耀皮肤", "王者荣耀", "game"),
        ("下载国家反诈中心APP", "国家反诈中心", "anti_fraud"),
        ("抖音点赞日结", "抖音", "social"),
        ("币安充值USDT", "币安", "crypto"),
        ("ＱＱ上联系", "QQ", "chat"),
    ],
)
def test_app_names(text: str, value: str, kind: str) -> None:
    (app,) = find(text, "app")
    assert (app.value, app.details["kind"]) == (value, kind)
    assert app.details["app_id"]
    assert app.details["name_en"]


def test_longest_name_wins() -> None:
    assert values("打开钉钉会议", "app") == ["钉钉会议"]
    assert values("打开钉钉", "app") == ["钉钉"]


@pytest.mark.parametrize(
    "text",
    [
        "qqq",
        "zoomed in on the line",
        "the line is busy",
        "a strong signal",
        "Zoom in on the picture",  # right case, but no app word nearby
        "北京东路的咖啡店",
        "南京东路步行街",
        "系统中通知您",
        "交易信息有误",
        "举世瞩目的会议",
        "我是菜鸟",
        "出去转转",
        "数字货币安全须知",
        "教你打白条",
        "xalipay alipay2",
    ],
)
def test_ordinary_words_are_not_apps(text: str) -> None:
    assert values(text, "app") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("add me on LINE chat", "LINE"),
        ("Download Signal app", "Signal"),
        ("用Zoom开会议", "Zoom"),
        ("电报聊天", "Telegram"),
        ("TG群里见", "Telegram"),
        ("下载瞩目会议", "瞩目"),
    ],
)
def test_ambiguous_names_need_their_case_and_an_app_word(text: str, value: str) -> None:
    assert values(text, "app") == [value]


def test_latin_names_are_whole_words_and_split_names_allow_spaces() -> None:
    assert values("Google  Meet link", "app") == ["Google Meet"]
    assert values("paypal.me/x", "app") == []  # inside a link
    assert values("PayPal账户", "app") == ["PayPal"]


@pytest.mark.parametrize(
    ("text", "written", "named_after"),
    [
        ("请下载安全中心.apk完成认证", "安全中心.apk", None),
        ("日结200元，刷单返利，下载安全中心.apk", "安全中心.apk", None),
        ("install BankOfChina_v2.apk now", "BankOfChina_v2.apk", None),
        ("请安装官方的国家反诈中心.apk", "国家反诈中心.apk", "国家反诈中心"),
        ("点此下载支付宝.APK", "支付宝.APK", "支付宝"),
    ],
)
def test_apk_files(text: str, written: str, named_after: str | None) -> None:
    (apk,) = find(text, "app")
    assert (apk.text, apk.value, apk.details["kind"]) == (written, written, "apk")
    assert apk.details.get("named_after") == named_after


def test_apk_inside_a_link_is_the_link() -> None:
    assert [e.kind for e in find("https://x.top/bank.apk")] == ["url"]
    assert texts("just .apk", "app") == []


def test_bundled_catalogue_is_valid() -> None:
    catalog = load_app_catalog()
    assert catalog.version
    assert {app.kind for app in catalog.apps} <= APP_KINDS
    assert {"chat", "remote_control", "screen_share", "payment", "loan", "anti_fraud"} <= {
        app.kind for app in catalog.apps
    }


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": "x", "name": "某应用", "name_en": "Some App", "kind": "chat"}
    entry.update(overrides)
    return entry


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"app": []}, "version"),
        ({"version": "1", "app": {}}, "array of tables"),
        ({"version": "1", "app": [_entry(kind="bank")]}, "kind must be one of"),
        ({"version": "1", "app": [_entry(colour="red")]}, "'colour' is not a known field"),
        ({"version": "1", "app": [_entry(name="")]}, "name must be a non-empty string"),
        ({"version": "1", "app": [_entry(aliases="x")]}, "aliases must be a list"),
        ({"version": "1", "app": [_entry(), _entry()]}, "listed twice"),
        ({"version": "1", "app": [_entry(), _entry(id="y", name_en="Other")]}, "names both"),
        ({"version": "1", "app": ["x"]}, "is not a table"),
    ],
)
def test_bad_catalogue_is_refused_with_a_reason(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_catalog(data, "test.toml")


def test_operator_catalogue_replaces_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "apps.toml"
    path.write_text(
        'version = "local-1"\n[[app]]\nid = "mychat"\nname = "密聊"\nname_en = "MiChat"\n'
        'kind = "chat"\naliases = ["mi chat"]\n',
        encoding="utf-8",
    )
    catalog = load_app_catalog(str(path))
    assert catalog.version == "local-1"
    found = extract_entities(normalize("下载密聊或 Mi Chat，不用微信"), apps=catalog)
    assert [(e.text, e.value) for e in found if e.kind == "app"] == [
        ("密聊", "密聊"),
        ("Mi Chat", "密聊"),
    ]


def test_unreadable_catalogue_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("version = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_app_catalog(str(path))
