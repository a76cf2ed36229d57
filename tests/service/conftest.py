from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fanzha.core import Settings
from fanzha.service import create_app

PARTNER_KEY = "partner-key-0123456789abcdef"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, "")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on SQLite and on PostgreSQL, for the API tests that touch storage."""
    url = "" if request.param == "sqlite" else request.getfixturevalue("postgresql_url")
    return make_settings(tmp_path, url)


def make_settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        {},
        data_dir=str(tmp_path),
        database_url=database_url,
        max_body_bytes=4096,
        reputation_cache_seconds=60.0,
        api_keys={PARTNER_KEY: "operator-a"},
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def db_client(any_db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(any_db_settings)) as test_client:
        yield test_client
