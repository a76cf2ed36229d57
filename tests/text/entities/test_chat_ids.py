"""QQ numbers and WeChat ids: found only after a cue word."""

from __future__ import annotations

import pytest

from tests.text.entities.helpers import find, texts, values


@pytest.mark.parametrize(
    ("text", "qq"),
    [
        ("兼职刷单，加QQ：123456789 详聊", "123456789"),
        ("qq号 87654321", "87654321"),
        ("QQ号码是2345678", "2345678"),
        ("扣扣 12345", "12345"),
        ("企鹅：10001000", "10001000"),
        ("Q: 2345678901", "2345678901"),
        ("加Q 55667788", "55667788"),
        ("有问题加ＱＱ：１２３４５６７８９", "123456789"),
        ("QQ: 13812345678", "13812345678"),  # an 11-digit QQ number, not a phone
    ],
)
def test_cued_qq_numbers(text: str, qq: str) -> None:
    assert values(text, "qq") == [qq]
    assert values(text, "phone") == []


def test_qq_group_is_marked() -> None:
    (qq,) = find("进QQ群 87654321 领取返利", "qq")
    assert qq.details["group"] is True


@pytest.mark.parametrize(
    "text",
    [
        "订单123456789已发货",  # no cue
        "QQ 1234",  # too short
        "QQ 012345678",  # QQ numbers do not start with 0
        "qq.com 12345",
        "faq: 12345678",
        "QQ 123456789012",  # too long
    ],
)
def test_not_qq_numbers(text: str) -> None:
    assert values(text, "qq") == []


@pytest.mark.parametrize(
    ("text", "wechat_id"),
    [
        ("加微信 abc_123 了解详情", "abc_123"),
        ("客服微信：kefu-8899", "kefu-8899"),
        ("微信号：zhangsan", "zhangsan"),
        ("加我微信zhangsan", "zhangsan"),
        ("vx: Lucy_2024", "lucy_2024"),
        ("加v：kefu001", "kefu001"),
        ("+v kefu001", "kefu001"),
        ("v信 abc123", "abc123"),
        ("薇信：abc123", "abc123"),
        ("威信 abc123", "abc123"),
        ("wx：abc123", "abc123"),
        ("My WeChat ID: lucy_8899", "lucy_8899"),
        ("add my WeChat lucy8899", "lucy8899"),
        ("WeChat ID: lucydaisy", "lucydaisy"),
        ("加ｖｘ：ａｂｃ１２３", "abc123"),
        ("联系 wxid_ab12cd34ef 领取", "wxid_ab12cd34ef"),
    ],
)
def test_cued_wechat_ids(text: str, wechat_id: str) -> None:
    (wechat,) = find(text, "wechat")
    assert wechat.value == wechat_id


def test_phone_number_as_wechat_id() -> None:
    (wechat,) = find("vx：13812345678，日结", "wechat")
    assert wechat.value == "13812345678"
    assert wechat.details["id_type"] == "phone"
    assert wechat.details["e164"] == "+8613812345678"
    assert values("vx：13812345678，日结", "phone") == []
    assert values("微信同号13812345678", "wechat") == ["13812345678"]
    assert values("vx13812345678", "wechat") == ["13812345678"]


def test_id_span_excludes_the_cue() -> None:
    assert texts("加微信：Abc_123", "wechat") == ["Abc_123"]
    assert find("加微信：Abc_123", "wechat")[0].details["cue"] == "微信"


def test_id_with_zero_width_characters() -> None:
    (wechat,) = find("加微信 ab\u200bc_123", "wechat")
    assert (wechat.text, wechat.value) == ("ab\u200bc_123", "abc_123")


@pytest.mark.parametrize(
    "text",
    [
        "wechat account verification",
        "my wechat is popular",
        "打开微信 settings",
        "微信支付",
        "wxabc123",  # no telling where the cue ends
        "WeChat: official",
        "微信 abc",  # too short
        "微信：1abcdef",  # must start with a letter
        "weixin-pay",
        "加微信 a_very_long_wechat_id_that_is_too_long",
    ],
)
def test_not_wechat_ids(text: str) -> None:
    assert values(text, "wechat") == []
