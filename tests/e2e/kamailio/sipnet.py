"""A small SIP network on loopback for the Kamailio tests: sipp as caller and as callee.

    caller (sipp UAC, uac.xml) --INVITE--> Kamailio + fanzha --INVITE--> callee (sipp UAS, uas.xml)

Callers bind to different loopback addresses (127.0.0.1 ... 127.0.0.9) so the
proxy's trunk table, which matches source addresses, can tell them apart.
Each call carries ``X-Fanzha-Test: <case>`` so the INVITE the callee received
can be found in its message trace.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
SKIP_ENV = "FANZHA_TEST_SKIP_SIP"
_ENTRY = re.compile(r"^-{20,} .*$", re.MULTILINE)
_INSTALL = "apt-get install -y kamailio kamailio-python3-modules sip-tester"


def missing_sip_tools() -> list[str]:
    from fanzha.callerid.kamailio.launcher import missing_tools

    missing = missing_tools()
    if shutil.which("sipp") is None:
        missing.append("sip-tester (sipp)")
    if shutil.which("kamcmd") is None and "kamailio" not in missing:
        missing.append("kamailio (kamcmd)")
    return missing


def install_hint(missing: list[str]) -> str:
    return (
        f"SIP end-to-end tests need {', '.join(missing)}: {_INSTALL} "
        f"(as root), or set {SKIP_ENV}=1 to skip them"
    )


def free_udp_port(host: str = "127.0.0.1") -> int:
    from fanzha.callerid.kamailio.launcher import free_udp_port as _free

    return _free(host)


def split_trace(text: str) -> list[str]:
    """The SIP messages of a sipp -trace_msg file, in order."""
    messages = []
    for entry in _ENTRY.split(text):
        _, _, message = entry.partition("\n\n")
        message = message.strip("\r\n")
        if message:
            messages.append(message.replace("\r\n", "\n"))
    return messages


@dataclass(frozen=True, slots=True)
class SipMessage:
    first_line: str
    headers: list[tuple[str, str]]

    @classmethod
    def parse(cls, text: str) -> SipMessage:
        head = text.split("\n\n", 1)[0]
        lines = head.split("\n")
        headers = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers.append((name.strip(), value.strip()))
        return cls(lines[0].strip(), headers)

    @property
    def status(self) -> int | None:
        if self.first_line.startswith("SIP/2.0 "):
            return int(self.first_line.split()[1])
        return None

    def all(self, name: str) -> list[str]:
        lowered = name.lower()
        return [value for key, value in self.headers if key.lower() == lowered]

    def get(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None


@dataclass
class CallResult:
    case: str
    returncode: int
    final: SipMessage | None  # the final response to the INVITE
    received: SipMessage | None  # the INVITE the callee got, None if it got none
    output: str

    @property
    def status(self) -> int | None:
        return self.final.status if self.final else None

    def describe(self) -> str:
        final = self.final.first_line if self.final else "no final response"
        got = "callee got the INVITE" if self.received else "callee got nothing"
        headers = "\n".join(f"  {k}: {v}" for k, v in (self.final.headers if self.final else []))
        return f"case {self.case}: {final}; {got}\n{headers}\n{self.output[-1500:]}"


@dataclass
class Uas:
    """sipp answering every INVITE with 200 OK; its message trace is read by the tests."""

    host: str
    port: int
    trace: Path
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self, workdir: Path) -> Uas:
        self.log = workdir / "uas.out"
        command = [
            "sipp", "-sf", str(SCENARIOS / "uas.xml"), "-i", self.host, "-p", str(self.port),
            "-nostdin", "-trace_msg", "-message_file", str(self.trace),
            "-trace_err", "-error_file", str(workdir / "uas_errors.log"),
        ]  # fmt: skip
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=workdir,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sipp UAS exited: {self.log.read_text(errors='replace')}")
            if _udp_bound(self.host, self.port):
                return self
            time.sleep(0.02)
        raise RuntimeError("sipp UAS did not bind its port")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def invite_for(self, case: str, timeout: float = 2.0) -> SipMessage | None:
        marker = f"X-Fanzha-Test: {case}\n"
        deadline = time.monotonic() + timeout
        while True:
            text = self.trace.read_text("utf-8", "replace") if self.trace.exists() else ""
            for message in split_trace(text):
                if message.startswith("INVITE ") and marker in message + "\n":
                    return SipMessage.parse(message)
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)


def _udp_bound(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


@dataclass
class SipNet:
    """Places calls through the proxy at ``proxy`` (host, port) to the UAS behind it."""

    proxy: tuple[str, int]
    uas: Uas
    workdir: Path
    calls: list[CallResult] = field(default_factory=list)

    def call(
        self,
        caller: str,
        callee: str,
        *,
        source: str = "127.0.0.1",
        headers: list[str] | None = None,
        case: str | None = None,
        expect_callee: bool | None = None,
    ) -> CallResult:
        """One call; waits for the callee's side when it should have got the INVITE."""
        case = case or uuid.uuid4().hex[:12]
        lines = [f"X-Fanzha-Test: {case}", *(headers or [])]
        trace = self.workdir / f"uac-{case}.log"
        port = free_udp_port(source)
        command = [
            "sipp", "-sf", str(SCENARIOS / "uac.xml"), "-i", source, "-p", str(port),
            "-m", "1", "-key", "caller", caller, "-key", "callee", callee,
            "-key", "headers", "\r\n".join(lines), "-trace_msg", "-message_file", str(trace),
            "-nostdin", "-recv_timeout", "8000", "-timeout", "15", "-timeout_error",
            f"{self.proxy[0]}:{self.proxy[1]}",
        ]  # fmt: skip
        done = subprocess.run(
            command,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
        output = (done.stdout + done.stderr).decode("utf-8", "replace")
        final = None
        for message in split_trace(trace.read_text("utf-8", "replace") if trace.exists() else ""):
            parsed = SipMessage.parse(message)
            cseq = parsed.get("CSeq") or ""
            if parsed.status and parsed.status >= 200 and cseq.endswith("INVITE"):
                final = parsed
                break
        wait = (
            2.0
            if expect_callee or (expect_callee is None and final and final.status == 200)
            else 0.2
        )
        result = CallResult(case, done.returncode, final, self.uas.invite_for(case, wait), output)
        self.calls.append(result)
        return result


def send_invite(
    host: str, port: int, caller: str, callee: str, headers: list[str], timeout: float = 5.0
) -> SipMessage:
    """One INVITE over UDP from a raw socket; the first final response (no dialog follows)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        local = sock.getsockname()
        lines = [
            f"INVITE sip:{callee}@{host}:{port};user=phone SIP/2.0",
            f"Via: SIP/2.0/UDP {local[0]}:{local[1]};branch=z9hG4bK-{uuid.uuid4().hex[:16]};rport",
            f"From: <sip:{caller}@{local[0]}:{local[1]};user=phone>;tag={uuid.uuid4().hex[:8]}",
            f"To: <sip:{callee}@{host}:{port};user=phone>",
            f"Call-ID: {uuid.uuid4().hex}@fanzha-test",
            "CSeq: 1 INVITE",
            f"Contact: <sip:caller@{local[0]}:{local[1]}>",
            "Max-Forwards: 70",
            *headers,
            "Content-Length: 0",
        ]
        sock.settimeout(timeout)
        sock.sendto(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"), (host, port))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = sock.recv(65535).decode("utf-8", "replace").replace("\r\n", "\n")
            message = SipMessage.parse(data)
            if message.status is not None and message.status >= 200:
                return message
    raise TimeoutError("no final response")
