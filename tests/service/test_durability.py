"""Accepted reports survive a crash of the server and bad requests after them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = (
        None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    )
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [BIN / "fanzha", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            request(port, "GET", "/healthz")
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("server did not start") from None
            time.sleep(0.2)


def test_reports_survive_a_killed_server(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "FANZHA_DATA_DIR": str(tmp_path), "FANZHA_PORT": str(port)}
    server = start(env, port)
    try:
        accepted = []
        for i in range(5):
            status, body = request(
                port,
                "POST",
                "/v1/reports",
                {"number": f"1351234000{i}", "kind": "call", "text": f"r{i}"},
            )
            assert status == 201
            accepted.append(body["report"]["id"])
        # bad requests after acceptance
        assert request(port, "POST", "/v1/reports", b"\x00\xff{")[0] == 400
        assert request(port, "POST", "/v1/reports", {"number": "x", "kind": "call"})[0] == 422
        assert (
            request(port, "POST", "/v1/reports", {"number": "13512340009", "kind": "?"})[0] == 422
        )
    finally:
        server.send_signal(signal.SIGKILL)  # no graceful shutdown, no flush
        server.wait(timeout=10)
    server = start(env, port)
    try:
        status, body = request(port, "GET", "/v1/reports?limit=100")
        assert status == 200
        assert sorted(r["id"] for r in body["reports"]) == sorted(accepted)
        assert body["total"] == 5
    finally:
        server.terminate()
        server.wait(timeout=10)
