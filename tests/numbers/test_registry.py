"""The bundled official-number registry, owner search, and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core import ConfigError
from fanzha.numbers.registry import (
    BUNDLED_REGISTRY,
    CATEGORIES,
    clear_registry_cache,
    load_registry,
    parse_registry,
)
from fanzha.numbers.types import OfficialNumber

REQUIRED = [
    "110", "119", "120", "122", "12110", "12315", "12321", "12345", "96110", "12381", "12306",
    "12333", "12366", "12348", "12309", "12368", "12367", "12388", "12339", "114", "10086",
    "10010", "10000", "10099", "95588", "95599", "95566", "95533", "95559", "95555", "95558",
    "95595", "95568", "95528", "95561", "95508", "95577", "95580", "95511", "95516", "95519",
    "95500", "95518", "95567", "95522", "95188", "95017", "95338", "95311", "95554", "95546",
    "11183",
]  # fmt: skip


def test_bundled_registry_version_and_entries() -> None:
    registry = load_registry()
    assert registry.version == "2026.11.1"
    numbers = [entry.number for entry in registry.entries]
    assert len(numbers) == len(set(numbers))
    assert set(REQUIRED) <= set(numbers)
    assert all(isinstance(entry, OfficialNumber) for entry in registry.entries)
    assert all(entry.category in CATEGORIES for entry in registry.entries)
    assert load_registry() is registry  # cached
    assert load_registry(None) is registry and load_registry("") is registry
    assert load_registry(BUNDLED_REGISTRY) is registry


@pytest.mark.parametrize("number", ["110", "119", "120", "122", "12110"])
def test_emergency_numbers_never_call_and_are_never_blocked(number: str) -> None:
    entry = load_registry().lookup(number)
    assert entry is not None
    assert entry.originates_calls is False and entry.never_block is True


@pytest.mark.parametrize("number", ["96110", "12381"])
def test_anti_fraud_numbers_call_out_and_are_never_blocked(number: str) -> None:
    entry = load_registry().lookup(number)
    assert entry is not None and entry.category == "anti_fraud"
    assert entry.originates_calls is True and entry.never_block is True


@pytest.mark.parametrize(
    ("number", "zh", "category"),
    [
        ("95588", "中国工商银行", "bank"), ("95599", "中国农业银行", "bank"),
        ("95566", "中国银行", "bank"), ("95533", "中国建设银行", "bank"),
        ("95559", "交通银行", "bank"), ("95555", "招商银行", "bank"),
        ("95580", "中国邮政储蓄银行", "bank"), ("95511", "中国平安", "insurer"),
        ("95519", "中国人寿", "insurer"), ("95516", "中国银联", "payment"),
        ("95188", "支付宝", "payment"), ("95338", "顺丰速运", "courier"),
        ("11183", "中国邮政EMS", "courier"), ("10086", "中国移动客服", "carrier"),
    ],
)  # fmt: skip
def test_service_numbers(number: str, zh: str, category: str) -> None:
    entry = load_registry().lookup(number)
    assert entry is not None
    assert (entry.owner_zh, entry.category) == (zh, category)
    assert entry.originates_calls is True and entry.never_block is False
    assert entry.callback == number


def test_lookup() -> None:
    registry = load_registry()
    assert registry.lookup("+8695588") == registry.lookup("95588")
    assert registry.lookup("95123") is None
    assert registry.lookup("") is None
    assert registry.lookup("12110") is not None and registry.lookup("12110").callback == "110"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("keyword", "numbers"),
    [
        ("工商银行", ["95588"]),
        ("中国工商银行", ["95588"]),
        ("ICBC", ["95588"]),
        ("icbc", ["95588"]),
        ("工行", ["95588"]),
        ("建设银行客服", ["95533"]),
        ("中国银行", ["95566"]),
        ("Bank of China (BOC)", ["95566"]),
        ("招行信用卡中心", ["95555"]),
        ("支付宝", ["95188"]),
        ("微信", ["95017"]),
        ("顺丰快递", ["95338"]),
        ("中国移动", ["10086"]),
        ("中国邮政", ["11183"]),
        ("公安局", ["110"]),
        ("检察院", ["12309"]),
        ("ABCD", []),
        ("", []),
        ("   ", []),
        ("不存在的机构", []),
    ],
)
def test_find_by_owner(keyword: str, numbers: list[str]) -> None:
    assert [entry.number for entry in load_registry().find_by_owner(keyword)] == numbers


def test_find_by_owner_partial_returns_several() -> None:
    banks = load_registry().find_by_owner("银行")
    assert len(banks) >= 14 and all("银行" in e.owner_zh or e.number == "95511" for e in banks)


def test_aliases() -> None:
    assert "ICBC" in load_registry().aliases("95588")
    assert load_registry().aliases("00000") == ()


GOOD_ENTRY = """
[[number]]
number = "95588"
owner_zh = "中国工商银行"
owner_en = "ICBC"
category = "bank"
originates_calls = true
never_block = false
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_registry_file(tmp_path: Path) -> None:
    path = _write(tmp_path, 'version = "local-1"\n' + GOOD_ENTRY)
    registry = load_registry(str(path))
    assert registry.version == "local-1"
    assert registry.lookup("95588") == OfficialNumber(
        "95588", "中国工商银行", "ICBC", "bank", True, False, "95588"
    )
    assert registry.path == path
    assert load_registry(path) is registry
    clear_registry_cache()
    assert load_registry(path) is not registry


@pytest.mark.parametrize(
    ("text", "fragment", "entry"),
    [
        ("version = \n", "not valid TOML", None),
        (GOOD_ENTRY, "version", None),
        ('version = 3\n' + GOOD_ENTRY, "version", None),
        ('version = "1"\nnumber = "x"\n', "array of tables", None),
        ('version = "1"\n' + GOOD_ENTRY.replace('"95588"', "95588"), "quote it", 0),
        ('version = "1"\n' + GOOD_ENTRY.replace('"95588"', '"95-588"'), "number", 0),
        ('version = "1"\n' + GOOD_ENTRY.replace('owner_en = "ICBC"\n', ""), "owner_en is missing", 0),
        ('version = "1"\n' + GOOD_ENTRY.replace('"bank"', '"casino"'), "category", 0),
        ('version = "1"\n' + GOOD_ENTRY.replace("never_block = false", 'never_block = "no"'),
         "never_block must be true or false", 0),
        ('version = "1"\n' + GOOD_ENTRY + "never_blok = true\n", "never_blok", 0),
        ('version = "1"\n' + GOOD_ENTRY + 'callback = "call us"\n', "callback", 0),
        ('version = "1"\n' + GOOD_ENTRY + "aliases = [1]\n", "aliases", 0),
        ('version = "1"\n' + GOOD_ENTRY + GOOD_ENTRY, "listed twice", 1),
        ('version = "1"\n' + GOOD_ENTRY + GOOD_ENTRY.replace('"95588"', '"95599"')
         .replace('owner_zh = "中国工商银行"', 'owner_zh = ""'), "owner_zh", 1),
    ],
)  # fmt: skip
def test_malformed_registry_names_file_and_entry(
    tmp_path: Path, text: str, fragment: str, entry: int | None
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        parse_registry(path)
    error = caught.value
    assert str(path) in error.message and fragment in error.message
    assert error.details["file"] == str(path)
    assert error.code == "CONFIG.INVALID"
    if entry is not None:
        assert error.details["entry"] == entry
        assert f"entry #{entry}" in error.message


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read registry"):
        load_registry(tmp_path / "nope.toml")


def test_binary_registry_file(tmp_path: Path) -> None:
    path = tmp_path / "registry.toml"
    path.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_registry(path)
