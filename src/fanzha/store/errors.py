"""Turns database exceptions into fanzha errors with messages safe to show.

Messages never contain the password of the database URL nor row values
(engines are created with ``hide_parameters=True`` for the chained exception).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc
from sqlalchemy.engine import URL

from fanzha.core import InvalidInputError, StoreError
from fanzha.core.errors import FanzhaError

_SECRET_QUERY_KEYS = ("password", "sslpassword")


def safe_url(url: URL) -> str:
    """The URL as text with its password (also one given as a query option) masked."""
    masked = url.difference_update_query(_SECRET_QUERY_KEYS)
    if url.password is not None:
        masked = masked.set(password="***")
    return masked.render_as_string(hide_password=False)


def _secrets(url: URL) -> list[str]:
    found = [url.password] if url.password else []
    for key in _SECRET_QUERY_KEYS:
        value = url.query.get(key)
        found.extend([value] if isinstance(value, str) else list(value or ()))
    return [str(secret) for secret in found if secret]


def _first_line(error: BaseException, url: URL) -> str:
    # Only the first line: PostgreSQL's DETAIL lines quote the row's values.
    message = str(getattr(error, "orig", None) or error).strip().splitlines()
    line = message[0] if message else type(error).__name__
    for secret in _secrets(url):
        line = line.replace(secret, "***")
    return line


def _is_missing_schema(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    sqlstate = getattr(orig, "sqlstate", None)
    return sqlstate in {"42P01", "42703"} or "no such table" in str(orig)


def _is_locked(error: BaseException) -> bool:
    text = str(getattr(error, "orig", error))
    return "database is locked" in text or "database is busy" in text


def translate(error: BaseException, url: URL, busy_timeout: float) -> FanzhaError:
    """The fanzha error for a database exception (callers chain the original)."""
    where = safe_url(url)
    if isinstance(error, exc.IntegrityError | exc.DataError):
        return InvalidInputError(
            f"the database rejected the record: {_first_line(error, url)}",
            code="STORE.REJECTED",
        )
    if _is_locked(error):
        return StoreError(
            f"database is locked by another writer (waited at most {busy_timeout:g} s; {where})",
            code="STORE.LOCKED",
        )
    if _is_missing_schema(error):
        return StoreError(
            f"database schema is missing or out of date; run Store.upgrade() ({where})",
            code="STORE.SCHEMA",
        )
    if isinstance(error, exc.TimeoutError):
        return StoreError(f"no database connection free in time ({where})")
    return StoreError(f"database unavailable ({where}): {_first_line(error, url)}")


# What the store turns into fanzha errors: SQLAlchemy's wrappers, raw sqlite3
# errors raised from connection set-up, and pool timeouts.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    exc.DBAPIError,
    exc.TimeoutError,
    sqlite3.Error,
)


@contextmanager
def translated(url: URL, busy_timeout: float) -> Iterator[None]:
    try:
        yield
    except DATABASE_ERRORS as error:
        raise translate(error, url, busy_timeout) from error
