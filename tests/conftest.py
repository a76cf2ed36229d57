"""Fixtures shared by every test folder."""

from tests.fixtures_pg import postgresql_server, postgresql_url  # noqa: F401  (pytest fixtures)
