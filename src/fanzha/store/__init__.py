"""Persistence: SQLite by default, PostgreSQL by URL, schema by Alembic migrations.

    store = Store.open(settings)  # or Store("postgresql+psycopg://user@host/db")
    store.upgrade()  # at every start; idempotent and safe from several processes
    stored = store.add_report(report, salt=settings.reporter_salt)

Changing the schema: edit ``schema.py`` and add ``migrations/versions/vNNNN_<slug>.py``
(``down_revision`` = the previous one); tests/store/test_store_migrations.py fails
until the migrations produce exactly the metadata, on SQLite and PostgreSQL.
"""

from fanzha.store.limits import MAX_LIMIT, MAX_TEXT_CHARS
from fanzha.store.schema import metadata
from fanzha.store.store import RecordMarks, Store
from fanzha.store.validate import hash_reporter

__all__ = ["MAX_LIMIT", "MAX_TEXT_CHARS", "RecordMarks", "Store", "hash_reporter", "metadata"]
