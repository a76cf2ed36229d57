"""Engine construction: which URLs are accepted and how connections are set up."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from fanzha.core import ConfigError

log = logging.getLogger(__name__)

# Execution option that makes a SQLite transaction take the write lock at BEGIN.
# A deferred transaction that reads and then writes can fail with "database is
# locked" at once (no busy wait) when another process wrote in between.
WRITE = {"fanzha_write": True}

PG_CONNECT_TIMEOUT_S = 10


def parse_url(url: str | URL) -> URL:
    """Parse and check a database URL; ``postgresql://`` means psycopg 3."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        # Not echoed: a malformed URL may still contain a password.
        raise ConfigError(
            "invalid database URL; expected sqlite:///path or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.drivername in {"sqlite", "sqlite+pysqlite"}:
        return parsed
    if parsed.drivername in {"postgresql", "postgresql+psycopg"}:
        return parsed.set(drivername="postgresql+psycopg")
    raise ConfigError(
        f"unsupported database {parsed.drivername!r}; use sqlite:///path or "
        "postgresql+psycopg://user@host/db"
    )


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for in-memory databases."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in {"", ":memory:"}:
        return None
    if database.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(database)


def build_engine(url: URL, *, busy_timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout)
    return create_engine(
        url,
        hide_parameters=True,  # report texts and numbers stay out of error messages
        pool_pre_ping=True,  # survive a PostgreSQL restart without failing a request
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
    )


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    options: dict[str, Any] = {"hide_parameters": True}
    connect_args: dict[str, Any] = {"timeout": busy_timeout}
    if sqlite_path(url) is None:
        # One shared connection, or every pooled connection sees its own empty DB.
        options["poolclass"] = StaticPool
        connect_args["check_same_thread"] = False
    engine = create_engine(url, connect_args=connect_args, **options)
    busy_ms = max(0, round(busy_timeout * 1000))

    def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        connection: sqlite3.Connection = dbapi_connection
        # SQLAlchemy emits BEGIN itself (see on_begin); the driver's own implicit
        # BEGIN skips DDL and SELECT and so breaks transactional migrations.
        connection.isolation_level = None
        cursor = connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            mode = _enable_wal(cursor, busy_timeout)
            # FULL: a commit is on disk (WAL fsynced) before add_report returns.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()
        if mode not in {"wal", "memory"}:
            log.warning("SQLite refused WAL mode (journal_mode=%s); writers block readers", mode)

    def on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("fanzha_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def _enable_wal(cursor: sqlite3.Cursor, busy_timeout: float) -> str:
    """Switch the file to WAL (a persistent setting) unless it already is.

    The switch needs an exclusive lock and SQLite may refuse it at once, without
    waiting busy_timeout, while another process opens the same new file; so
    retry until busy_timeout has passed.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            mode = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode in {"wal", "memory"}:
                return mode
            return str(cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
