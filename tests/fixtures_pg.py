"""A throwaway PostgreSQL server for tests, on loopback, with one database per test.

Fixtures (exposed to every test folder by tests/conftest.py):

- ``postgresql_server`` (session): the running server; started on first use,
  stopped at the end of the session, also when tests fail.
- ``postgresql_url`` (function): URL of a fresh, empty database, dropped after
  the test: ``postgresql+psycopg://postgres@127.0.0.1:<port>/<name>``.

Environment:

- ``FANZHA_TEST_SKIP_POSTGRES=1`` skips PostgreSQL tests when the server
  binaries are missing. Without it, missing binaries FAIL those tests: CI
  installs PostgreSQL, so a silent skip would hide untested code.
- ``FANZHA_TEST_POSTGRES_URL``: admin URL of an existing server to use instead
  (it must allow CREATE DATABASE), e.g. a CI service container.
- ``FANZHA_TEST_PG_BINDIR``: directory holding initdb and pg_ctl.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

SKIP_ENV = "FANZHA_TEST_SKIP_POSTGRES"
URL_ENV = "FANZHA_TEST_POSTGRES_URL"
BINDIR_ENV = "FANZHA_TEST_PG_BINDIR"

_OS_USER = "postgres"  # initdb and postgres refuse to run as root
_START_TIMEOUT_S = 60


def find_bindir() -> Path | None:
    """Directory with initdb and pg_ctl: $FANZHA_TEST_PG_BINDIR, Debian's, then PATH."""
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(
        (Path(found) for found in debian),
        key=lambda path: int(re.sub(r"\D", "", path.parent.name) or 0),
        reverse=True,  # newest major version first
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A server to create test databases on: ours, or the one in $FANZHA_TEST_POSTGRES_URL."""

    admin_url: str  # SQLAlchemy URL of the maintenance database
    _stop: list[Any] = field(default_factory=list, repr=False)
    _names: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def _conninfo(self, database: str | None = None) -> str:
        url = make_url(self.admin_url)
        if database is not None:
            url = url.set(database=database)
        return url.set(drivername="postgresql").render_as_string(hide_password=False)

    def url(self, database: str) -> str:
        url = make_url(self.admin_url).set(drivername="postgresql+psycopg", database=database)
        return url.render_as_string(hide_password=False)

    def create_database(self) -> str:
        """Create an empty database; returns its name."""
        name = f"fanzha_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self._conninfo(), autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self._conninfo(), autocommit=True) as connection:
            # FORCE: a test that leaked a connection must not break the next one.
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        while self._stop:
            self._stop.pop()()


def _as_postgres_user() -> dict[str, Any]:
    """subprocess arguments that run a command as the postgres OS user when we are root."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam(_OS_USER)
    except KeyError:
        pytest.fail(
            f"tests run as root, but there is no {_OS_USER!r} OS user to run PostgreSQL as "
            f"(install the postgresql package, or set {SKIP_ENV}=1)",
            pytrace=False,
        )
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _run(command: list[str], as_user: dict[str, Any], what: str) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **as_user, cwd="/"
    )
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}): {' '.join(command)}\n"
            f"{result.stdout}{result.stderr}",
            pytrace=False,
        )


def start_server(bindir: Path) -> PostgresServer:
    """initdb into a temporary directory and start postgres on a free loopback port."""
    as_user = _as_postgres_user()
    # mkdtemp is 0700 and /tmp is world-traversable: only the owner must change.
    root = Path(tempfile.mkdtemp(prefix="fanzha-pg-"))
    if as_user:
        os.chown(root, as_user["user"], as_user["group"])
    data, sockets, log = root / "data", root / "sockets", root / "postgres.log"
    server = PostgresServer(admin_url="")
    server._stop.append(lambda: shutil.rmtree(root, ignore_errors=True))
    try:
        initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        _run([*initdb, "-E", "UTF8", "--locale=C", "--no-sync"], as_user, "initdb")
        sockets.mkdir()
        if as_user:
            os.chown(sockets, as_user["user"], as_user["group"])
        for _attempt in range(3):  # the free port may be taken before postgres binds it
            port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sockets} "
                "-c fsync=off -c full_page_writes=off -c max_connections=200"
            )
            pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
            started = subprocess.run(
                [*pg_ctl, "-t", str(_START_TIMEOUT_S), "-o", options, "start"],
                capture_output=True,
                text=True,
                check=False,
                **as_user,
                cwd="/",
            )
            if started.returncode == 0:
                break
            log_text = log.read_text(errors="replace") if log.exists() else ""
            if "could not bind" not in log_text and "already in use" not in log_text:
                pytest.fail(
                    f"pg_ctl start failed:\n{started.stdout}{started.stderr}\n{log_text[-4000:]}",
                    pytrace=False,
                )
        else:
            pytest.fail("postgres could not bind a free loopback port", pytrace=False)
        stop_command = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        server._stop.append(
            lambda: subprocess.run(stop_command, capture_output=True, check=False, **as_user)
        )
        server.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        return server
    except BaseException:
        server.stop()
        raise


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgresServer]:
    if os.environ.get(URL_ENV):
        yield PostgresServer(admin_url=os.environ[URL_ENV])
        return
    bindir = find_bindir()
    if bindir is None:
        message = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found in "
            f"/usr/lib/postgresql/*/bin, ${BINDIR_ENV} or PATH; install PostgreSQL 15 "
            f"(Debian: apt-get install postgresql), or set {SKIP_ENV}=1 to skip these tests"
        )
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    server = start_server(bindir)
    atexit.register(server.stop)  # in case the session dies before teardown
    try:
        yield server
    finally:
        server.stop()
        atexit.unregister(server.stop)


@pytest.fixture
def postgresql_url(postgresql_server: PostgresServer) -> Iterator[str]:
    name = postgresql_server.create_database()
    try:
        yield postgresql_server.url(name)
    finally:
        postgresql_server.drop_database(name)
