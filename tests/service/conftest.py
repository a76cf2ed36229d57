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
    return Settings.from_env(
        {},
        data_dir=str(tmp_path),
        max_body_bytes=4096,
        reputation_cache_seconds=60.0,
        api_keys={PARTNER_KEY: "operator-a"},
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
