"""The versioned mobile/virtual/IoT prefix table."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core import ConfigError
from fanzha.numbers.prefixes import load_prefix_table, parse_prefix_table
from fanzha.numbers.types import Carrier, NumberClass


def test_bundled_table() -> None:
    table = load_prefix_table()
    assert table.version == "2026.11.1"
    assert table.lookup("13491234567") is not None
    assert table.lookup("13491234567").carrier is Carrier.CHINA_TELECOM  # type: ignore[union-attr]
    assert table.lookup("13481234567").carrier is Carrier.CHINA_MOBILE  # type: ignore[union-attr]
    assert table.lookup("12345678901") is None
    classes = {r.number_class for r in table.ranges.values()}
    assert classes == {NumberClass.MOBILE, NumberClass.VIRTUAL_MOBILE, NumberClass.IOT}


def test_every_virtual_1700_block_has_a_host() -> None:
    table = load_prefix_table()
    for digit in "0123456789":
        found = table.lookup(f"170{digit}1234567")
        assert found is not None and found.virtual_host is not None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prefixes.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("version = \n", "not valid TOML"),
        ('[[range]]\nclass = "mobile"\nprefixes = ["138"]\n', "version"),
        ('version = "1"\n', "[[range]]"),
        ('version = "1"\n[[range]]\nclass = "fixed"\nprefixes = ["138"]\n', "class"),
        ('version = "1"\n[[range]]\nclass = "mobile"\ncarrier = "acme"\nprefixes = ["138"]\n',
         "carrier"),
        ('version = "1"\n[[range]]\nclass = "mobile"\nhost = "china_mobile"\nprefixes = ["138"]\n',
         "host"),
        ('version = "1"\n[[range]]\nclass = "mobile"\nprefixes = ["38"]\n', "bad prefix"),
        ('version = "1"\n[[range]]\nclass = "mobile"\nprefixes = ["138", "138"]\n', "twice"),
        ('version = "1"\n[[range]]\nclass = "iot"\nlengths = [12]\nprefixes = ["140"]\n',
         "lengths"),
        ('version = "1"\n[[range]]\nclass = "mobile"\nprefix = ["138"]\n', "unknown keys"),
    ],
)  # fmt: skip
def test_malformed_table(tmp_path: Path, text: str, fragment: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        parse_prefix_table(path)
    assert str(path) in caught.value.message and fragment in caught.value.message
