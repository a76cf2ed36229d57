"""Persistence: SQLite by default, PostgreSQL by URL, schema by Alembic migrations."""

from fanzha.store.limits import MAX_LIMIT, MAX_TEXT_CHARS
from fanzha.store.schema import metadata
from fanzha.store.store import Store
from fanzha.store.validate import hash_reporter

__all__ = ["MAX_LIMIT", "MAX_TEXT_CHARS", "Store", "hash_reporter", "metadata"]
