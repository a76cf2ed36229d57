"""Alembic migrations, run from code: no alembic.ini, the scripts ship in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from fanzha.core import StoreError
from fanzha.store.engine import WRITE

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# pg_advisory_xact_lock key ("fanzha" in ASCII): one migrator at a time.
_PG_LOCK_KEY = 0x66616E7A6861


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    # ConfigParser interpolates "%"; a path may contain one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return str(head)


def current_revision(connection: Connection) -> str | None:
    revision = MigrationContext.configure(connection).get_current_revision()
    return None if revision is None else str(revision)


def upgrade(engine: Engine) -> None:
    """Bring the schema to head in one transaction, one process at a time.

    SQLite: BEGIN IMMEDIATE takes the write lock before alembic reads the
    version, so a second process waits (busy_timeout) and then finds the
    schema current. PostgreSQL: DDL is transactional and an advisory lock
    does the same.
    """
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
                )
            try:
                command.upgrade(alembic_config(connection), "head")
            except CommandError as error:
                # Typically a database migrated by a newer fanzha than this one.
                raise StoreError(
                    f"cannot migrate the database schema: {error} "
                    f"(this fanzha knows revisions up to {head_revision()})",
                    code="STORE.SCHEMA",
                ) from error
