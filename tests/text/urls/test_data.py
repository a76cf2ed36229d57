"""The versioned data files: brands, lists and policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core import ConfigError
from fanzha.text.urls import parse_url
from fanzha.text.urls.brands import KINDS, load_brands
from fanzha.text.urls.knowledge import load_lists, load_policy
from fanzha.text.urls.rules import URL_RULES


def test_brands_cover_the_brief() -> None:
    book = load_brands()
    ids = {b.id for b in book.brands}
    wanted = {"icbc", "ccb", "boc", "abc", "12306", "gov", "12123", "antifraud", "tax"}
    wanted |= {"social-security", "china-mobile", "china-unicom", "china-telecom", "alipay"}
    wanted |= {"taobao", "jd", "pinduoduo", "sf-express", "zto", "apple", "paypal", "microsoft"}
    wanted |= {"amazon", "hsbc"}
    assert wanted <= ids
    assert {b.kind for b in book.brands} == set(KINDS)
    assert book.version


def test_every_official_domain_is_official_for_its_brand() -> None:
    book = load_brands()
    for brand in book.brands:
        for domain in brand.domains:
            assert domain == domain.lower().strip()
            if "." in domain:
                parse_url(domain)  # parses
            assert book.official(domain) is not None
            assert book.official(f"www.{domain}") is not None


def test_lists_and_policy_load_with_versions() -> None:
    lists, policy = load_lists(), load_policy()
    assert lists.version and policy.version
    assert {"t.cn", "dwz.cn", "url.cn", "bit.ly", "tinyurl.com"} <= lists.shorteners
    assert {"top", "xyz", "vip", "cc", "icu", "club", "shop"} <= lists.suspicious_tlds
    assert {"apk", "ipa", "exe"} <= lists.executable_extensions
    for rule in URL_RULES:
        assert 0 < policy.weight(rule.name) <= 1, rule.name
    assert lists.skeleton("раypаl") == "paypal"


def test_bad_policy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('version = "x"\n[rules.raw_ip]\nweight = 2.0\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_policy(str(path))
    path.write_text("not toml = [", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_policy(str(path))


def test_bad_brands_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "brands.toml"
    path.write_text(
        'version = "x"\n[[brand]]\nid = "a"\nkind = "bank"\nname = "A"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError):
        load_brands(str(path))
    path.write_text(
        'version = "x"\n[[brand]]\nid = "a"\nkind = "shop"\nname = "A"\ndomains = ["a.com"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError):
        load_brands(str(path))
