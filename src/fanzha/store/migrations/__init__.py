"""Alembic environment and revisions of fanzha.store (a package so it installs)."""
