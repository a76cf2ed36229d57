from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core import ConfigError, Settings
from fanzha.core.settings import SETTINGS, settings_markdown

DOCS = Path(__file__).parents[1] / "docs" / "settings.md"


def test_docs_settings_table_is_current() -> None:
    assert DOCS.read_text() == settings_markdown(), (
        "run: fanzha settings --markdown > docs/settings.md"
    )


def test_every_setting_reads_from_its_env_var(tmp_path: Path) -> None:
    env = {
        "FANZHA_PORT": "9001",
        "FANZHA_DATA_DIR": str(tmp_path),
        "FANZHA_SHOW_FULL_NUMBERS": "yes",
    }
    settings = Settings.from_env(env)
    assert settings.port == 9001
    assert settings.show_full_numbers is True
    assert settings.database_url == f"sqlite:///{tmp_path / 'fanzha.db'}"
    assert {s.env for s in SETTINGS} == {f"FANZHA_{name.upper()}" for name in Settings.__slots__}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FANZHA_PORT", "eighty"),
        ("FANZHA_PORT", "-1"),
        ("FANZHA_SHOW_FULL_NUMBERS", "maybe"),
        ("FANZHA_API_KEYS", "nokey"),
        ("FANZHA_API_KEYS", "a=short"),
    ],
)
def test_bad_settings_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
