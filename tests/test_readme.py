"""Runs the README quickstart as a new user would: demo data, a live server, the commands."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
BIN = Path(sys.executable).parent


def quickstart_block(language: str) -> str:
    section = README.read_text().split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match, f"no {language} block in the README quickstart"
    return match.group(1)


def console_steps() -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in quickstart_block("console").splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif line.strip():
            steps[-1][1].append(line.strip())
    return steps


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], int]]:
    port = free_port()
    env = {
        **os.environ,
        "FANZHA_DATA_DIR": str(tmp_path_factory.mktemp("readme")),
        "FANZHA_PORT": str(port),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    subprocess.run([BIN / "fanzha", "demo", "load"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [BIN / "fanzha", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("fanzha serve did not start") from None
                time.sleep(0.2)
        yield env, port
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


@pytest.mark.parametrize(("command", "expected"), console_steps(), ids=lambda v: str(v)[:40])
def test_quickstart_command(
    server: tuple[dict[str, str], int], command: str, expected: list[str]
) -> None:
    env, port = server
    command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    for line in expected:
        assert line in lines, f"{line!r} not in output of {command!r}:\n{result.stdout}"


def test_quickstart_python(server: tuple[dict[str, str], int]) -> None:
    env, _ = server
    result = subprocess.run(
        [sys.executable, "-c", quickstart_block("python")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "block" in result.stdout and "CALLERID.INTL_GATEWAY_DOMESTIC_CLI" in result.stdout
