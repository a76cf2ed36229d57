"""Alembic environment: runs only on the connection that fanzha.store.migrate passes.

The caller holds the transaction (and the lock that serialises migrators), so
alembic must not open or commit one of its own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from fanzha.store.schema import metadata


def run_migrations() -> None:
    if context.is_offline_mode():
        raise RuntimeError("offline (--sql) migrations are not supported")
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run migrations with fanzha.store.Store.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        transactional_ddl=True,  # SQLite can roll back DDL too; alembic assumes not
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER via table copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
