"""Start, watch and stop Kamailio on a rendered fanzha configuration.

``KamailioProcess`` runs Kamailio in the foreground (``-DD -E``) as a child
process with its log in a file: what tests, benchmarks and ``fanzha kamailio
check`` use. ``exec_kamailio`` replaces the current process with Kamailio:
what ``fanzha kamailio run`` does under systemd or in a container.

``check`` proves that Kamailio's embedded Python loads fanzha from the
virtualenv (compiled wheels included): it starts Kamailio on a free loopback
port with the given configuration, waits for the handler to report ready and
for a health-check OPTIONS to be answered, then stops it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO

from fanzha.callerid.kamailio.config import Listen, Mode, ProxyConfig
from fanzha.callerid.kamailio.render import Rendered, find_kamailio, find_module_dir, render
from fanzha.core import ConfigError, FanzhaError

READY = " ready in Python "  # the bootstrap's line once the handler is built
LOAD_FAILED = "cannot load the fanzha handler"
_STAT_LINE = re.compile(r"^\s*([\w.-]+):([\w.-]+)\s*=\s*(-?\d+)\s*$")


class KamailioError(FanzhaError):
    code = "KAMAILIO.FAILED"
    status = 500


def missing_tools() -> list[str]:
    """What is missing to run fanzha inside Kamailio (Debian package names)."""
    missing = []
    if find_kamailio() is None:
        missing.append("kamailio")
    if find_module_dir() is None:
        missing.append("kamailio-python3-modules")
    return missing


def free_udp_port(host: str = "127.0.0.1") -> int:
    """A UDP port nobody uses right now (the TCP port of the same number is checked too)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((host, 0))
            port = int(udp.getsockname()[1])
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                tcp.bind((host, port))
        except OSError:
            continue
        return port
    raise OSError("no free UDP port found")


def options_ping(host: str, port: int, timeout: float = 0.5) -> str | None:
    """Send one SIP OPTIONS to the proxy itself; the status line of the answer, or None."""
    branch = f"z9hG4bK-{uuid.uuid4().hex[:16]}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        local = sock.getsockname()
        message = (
            f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {local[0]}:{local[1]};branch={branch};rport\r\n"
            f"From: <sip:health@{local[0]}>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:{host}:{port}>\r\n"
            f"Call-ID: {uuid.uuid4().hex}@fanzha-check\r\n"
            "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )
        sock.settimeout(timeout)
        try:
            sock.sendto(message.encode("ascii"), (host, port))
            data = sock.recv(65535)
        except OSError:
            return None
    return data.split(b"\r\n", 1)[0].decode("ascii", "replace")


@dataclass
class KamailioProcess:
    """Kamailio in the foreground as a child process; use as a context manager."""

    rendered: Rendered
    log_path: Path
    env: Mapping[str, str] | None = None
    kamailio: str | None = None
    _process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 30.0) -> KamailioProcess:
        command = self.rendered.command(self.kamailio)
        self._log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop)
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=dict(self.env) if self.env is not None else None,
            start_new_session=True,  # its own process group: stop() reaches every worker
        )
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        listen = self.rendered.config.listen[0]
        host = "127.0.0.1" if listen.host in {"0.0.0.0", "::"} else listen.host
        handler = self.rendered.config.mode is not Mode.PLAIN
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise KamailioError(
                    f"kamailio exited with status {self._process.returncode} at start-up:\n"
                    + self.log_tail()
                )
            log = self.log_text()
            if handler and LOAD_FAILED in log:
                return  # up, but failing open/closed on every INVITE: the caller decides
            if (not handler or READY in log) and options_ping(host, listen.port, 0.3):
                return
            time.sleep(0.05)
        raise KamailioError(f"kamailio not ready after {timeout:.0f} s:\n" + self.log_tail())

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        process = self._process
        if process is not None and process.poll() is None:
            for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log is not None:
            self._log.close()
            self._log = None
        return process.returncode if process is not None else None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stats(self) -> dict[str, int]:
        """Kamailio statistics by name (``fanzha_rejected`` ...), read over the ctl socket."""
        return read_stats(self.rendered.ctl_socket)

    def __enter__(self) -> KamailioProcess:
        return self.start() if self._process is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def read_stats(ctl_socket: Path, kamcmd: str = "kamcmd") -> dict[str, int]:
    result = subprocess.run(
        [kamcmd, "-s", f"unix:{ctl_socket}", "stats.get_statistics", "all"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if result.returncode != 0:
        raise KamailioError(f"kamcmd failed: {result.stderr.strip() or result.stdout.strip()}")
    stats: dict[str, int] = {}
    for line in result.stdout.splitlines():
        match = _STAT_LINE.match(line)
        if match:
            stats[match.group(2)] = int(match.group(3))
    return stats


def exec_kamailio(rendered: Rendered, kamailio: str | None = None) -> None:
    """Replace this process with Kamailio in the foreground (signals go straight to it)."""
    command = rendered.command(kamailio)
    os.execv(command[0], command)


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    message: str
    log: str


def check(
    config: ProxyConfig,
    *,
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
    keep_dir: str | None = None,
) -> CheckResult:
    """Start Kamailio on ``config`` (moved to a free loopback port) and load the handler in it."""
    missing = missing_tools()
    if missing:
        return CheckResult(False, f"missing Debian packages: {' '.join(missing)}", "")
    port = free_udp_port()
    trial = replace(
        config,
        listen=(Listen("udp", "127.0.0.1", port),),
        bypass_listen=(),
        children=1,
        mode=Mode.SCREEN if config.mode is Mode.PLAIN else config.mode,
    )
    with tempfile.TemporaryDirectory(prefix="fanzha-kamailio-check-") as tmp:
        folder = Path(keep_dir or tmp)
        rendered = render(trial, folder)
        process = KamailioProcess(rendered, folder / "kamailio.log", env=env)
        try:
            process.start(timeout)
        except KamailioError as exc:
            return CheckResult(False, exc.message, process.log_text())
        try:
            log = process.log_text()
            if LOAD_FAILED in log or "screening cannot start" in log:
                return CheckResult(
                    False, "Kamailio started but the fanzha handler did not load", log
                )
            lines = [
                ln.split("fanzha: ", 1)[-1].strip()
                for ln in log.splitlines()
                if READY in ln or "compiled modules:" in ln
            ]
            return CheckResult(True, "\n".join(lines) or READY, log)
        finally:
            process.stop()


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise ConfigError(
            f"Kamailio is not installed: apt-get install {' '.join(missing)}",
            code="KAMAILIO.NOT_INSTALLED",
        )


def run(config: ProxyConfig, run_dir: str | Path, *, kamailio: str | None = None) -> None:
    """Render into ``run_dir`` and become Kamailio (never returns on success)."""
    require_tools()
    rendered = render(config, run_dir)
    exec_kamailio(rendered, kamailio)
