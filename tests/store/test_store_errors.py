"""Failures: database errors become StoreError/ConfigError with safe messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fanzha.core import (
    ConfigError,
    FraudCategory,
    NewReport,
    ReportKind,
    Settings,
    StoreError,
    SubscriberPolicy,
)
from fanzha.store import Store

REPORT = NewReport("+8613812345678", ReportKind.CALL, FraudCategory.LOAN_CREDIT)


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    url = "postgresql+psycopg://fanzha:s3cret-pw@127.0.0.1:1/fanzha?sslpassword=s3cret-ssl"
    with Store(url) as store:
        assert "s3cret" not in repr(store)
        with pytest.raises(StoreError) as raised:
            store.count_reports()
        with pytest.raises(StoreError):
            store.upgrade()
    error = raised.value
    assert error.status == 503
    assert "database unavailable" in error.message
    assert "127.0.0.1" in error.message
    assert "s3cret" not in error.message
    assert "s3cret" not in str(error.to_dict())


def test_plain_postgresql_url_means_psycopg() -> None:
    with Store("postgresql://fanzha@127.0.0.1:1/fanzha") as store:
        assert store.dialect == "postgresql"
        assert "postgresql+psycopg" in repr(store)


@pytest.mark.parametrize(
    "url", ["mysql://root:pw@localhost/db", "not a url", "postgresql+psycopg2://x@h/db"]
)
def test_unsupported_or_malformed_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Store(url)
    assert "pw@" not in raised.value.message


def test_locked_sqlite_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with Store(f"sqlite:///{path}", busy_timeout=0.2) as store:
        store.upgrade()
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
            with pytest.raises(StoreError) as raised:
                store.add_report(REPORT, salt="s")
            assert raised.value.code == "STORE.LOCKED"
            assert "locked" in raised.value.message
            assert store.count_reports() == 0  # WAL: readers are not blocked
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        store.add_report(REPORT, salt="s")
        assert store.count_reports() == 1


def test_missing_schema_says_to_upgrade(store_url: str) -> None:
    with Store(store_url) as store:
        for call in (
            store.count_reports,
            lambda: store.add_report(REPORT, salt="s"),
            lambda: store.set_subscriber_policy(SubscriberPolicy("+8613812345678")),
        ):
            with pytest.raises(StoreError) as raised:
                call()
            assert raised.value.code == "STORE.SCHEMA"
            assert "upgrade" in raised.value.message


def test_ping(store: Store) -> None:
    store.ping()


def test_open_creates_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "var"
    settings = Settings.from_env({}, data_dir=str(data_dir))
    with Store.open(settings) as store:
        assert store.dialect == "sqlite"
        store.upgrade()
        store.add_report(REPORT, salt="s")
    assert (data_dir / "fanzha.db").is_file()


def test_open_with_an_uncreatable_data_dir_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    settings = Settings.from_env({}, data_dir=str(blocker / "var"))
    with pytest.raises(ConfigError):
        Store.open(settings)


def test_sqlite_in_memory_works_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Store("sqlite://") as store:
        store.upgrade()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: store.add_report(REPORT, salt="s"), range(8)))
        assert store.count_reports() == 8
