"""E-mail addresses."""

from __future__ import annotations

import pytest

from tests.text.entities.helpers import find, values


@pytest.mark.parametrize(
    ("text", "value", "domain"),
    [
        ("简历发送至 hr.zhaopin@163.com，合格者日结", "hr.zhaopin@163.com", "163.com"),
        ("Contact Support@Apple-Verify.com now", "support@apple-verify.com", "apple-verify.com"),
        ("邮箱：ｋｅｆｕ＠ｑｑ．ｃｏｍ", "kefu@qq.com", "qq.com"),
        (
            "write to a_b+tag@mail.example.co.uk.",
            "a_b+tag@mail.example.co.uk",
            "mail.example.co.uk",
        ),
    ],
)
def test_addresses(text: str, value: str, domain: str) -> None:
    (email,) = find(text, "email")
    assert email.value == value
    assert email.details["domain"] == domain


def test_qq_mailbox_names_the_qq_number() -> None:
    (email,) = find("发到123456789@qq.com", "email")
    assert email.details["qq"] == "123456789"
    assert find("发到123456789@qq.com", "qq") == []  # no cue word: only the mailbox


def test_mobile_number_mailbox_is_one_email_not_a_phone() -> None:
    found = find("13812345678@139.com")
    assert [entity.kind for entity in found] == ["email"]


@pytest.mark.parametrize("text", ["@weibo_user", "a@b", "user@localhost", "价格@100元", "x@1.2"])
def test_not_addresses(text: str) -> None:
    assert values(text, "email") == []
