"""Durability: what add_report accepted survives the process dying right after."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fanzha.core import FraudCategory, NewReport, ReportKind
from fanzha.store import Store

_ADD_AND_DIE = """
import os, signal, sys
from fanzha.core import FraudCategory, NewReport, ReportKind
from fanzha.store import Store
store = Store(sys.argv[1])
stored = store.add_report(
    NewReport("+8613812345678", ReportKind.SMS, FraudCategory.FAKE_PRIZE, "积分兑换", "r1"),
    salt="s",
)
print(stored.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close(), no atexit, no interpreter shutdown
"""


def test_report_survives_sigkill_right_after_add(store: Store, store_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _ADD_AND_DIE, store_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == -signal.SIGKILL, result.stderr
    stored_id = int(result.stdout.strip())
    with Store(store_url) as reopened:
        [report] = reopened.reports_for("+8613812345678")
    assert report.id == stored_id
    assert (report.kind, report.category, report.text) == (
        ReportKind.SMS,
        FraudCategory.FAKE_PRIZE,
        "积分兑换",
    )


def test_sqlite_connections_are_durable_and_concurrent(tmp_path: Path) -> None:
    path = tmp_path / "pragmas.db"
    with Store(f"sqlite:///{path}", busy_timeout=2.5) as store:
        store.upgrade()
        with store._engine.connect() as connection:  # private: checking set-up
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 2500
    # WAL is a property of the file: other clients see it too.
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()


def test_store_is_usable_after_close(store: Store) -> None:
    store.close()
    assert store.count_reports() == 0  # the pool reconnects


def test_concurrent_writers_and_readers(store: Store) -> None:
    def work(worker: int) -> int:
        number = f"+86138000000{worker:02d}"
        for index in range(20):
            store.add_report(
                NewReport(number, ReportKind.CALL, FraudCategory.OTHER_FRAUD, str(index)),
                salt="s",
            )
            store.reports_for(number)
        return len(store.reports_for(number))

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(work, range(8)))

    assert counts == [20] * 8
    assert store.count_reports() == 160
