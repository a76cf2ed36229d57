"""Migrations: idempotent, concurrent-safe, and identical to the metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from fanzha.core import StoreError
from fanzha.store import Store, metadata
from fanzha.store.migrate import MIGRATIONS_DIR, head_revision

TABLES = {"reports", "detections", "subscriber_policies", "alembic_version"}


def test_upgrade_twice_is_a_no_op(store_url: str) -> None:
    with Store(store_url) as store:
        assert store.schema_revision() is None
        store.upgrade()
        store.upgrade()
        assert store.schema_revision() == head_revision()
    with Store(store_url) as again:  # as at the next start
        again.upgrade()
        assert again.schema_revision() == head_revision()


def test_schema_matches_the_metadata(store_url: str) -> None:
    with Store(store_url) as store:
        store.upgrade()
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, metadata) == []
            indexes = {ix["name"] for ix in inspect(connection).get_indexes("reports")}
            assert indexes == {"ix_reports_number_created_at", "ix_reports_created_at"}
    finally:
        engine.dispose()


_UPGRADER = """
import sys, time
from pathlib import Path
from fanzha.store import Store
url, go = sys.argv[1], Path(sys.argv[2])
store = Store(url, busy_timeout=30)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
store.upgrade()
print(store.schema_revision(), flush=True)
store.close()
"""


def test_processes_upgrading_at_once_all_succeed(store_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _UPGRADER, store_url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        go.touch()  # release them together
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == head_revision()
    with Store(store_url) as store:
        assert store.schema_revision() == head_revision()
        assert store.count_reports() == 0


def test_revision_files_are_valid_module_names() -> None:
    # mypy checks src/fanzha, and "0001_x.py" is not a valid module name.
    names = [path.stem for path in (MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names and all(name.isidentifier() for name in names)


def test_a_database_from_a_newer_fanzha_is_a_clear_error(store: Store, store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()

    with pytest.raises(StoreError) as raised:
        store.upgrade()
    assert raised.value.code == "STORE.SCHEMA"
    assert "9999" in raised.value.message
