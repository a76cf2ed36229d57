"""Fetching x5u certificates: bounded, SSRF-safe, cached.

Each call names its own certificate URL, so the fetcher is where a hostile
caller meets the operator's network. It therefore

- allows https only (http by setting, for closed test networks) and no
  credentials in the URL, and never follows redirects;
- resolves the host itself, refuses if ANY resolved address is loopback,
  private, link-local, multicast, reserved or unspecified (unless the operator
  allowed that network), and connects to the address it checked, so a second
  DNS answer cannot swap in another target (DNS rebinding); TLS still checks
  the certificate against the host name;
- bounds time (a connect timeout and a hard total deadline enforced by a
  watchdog that shuts the socket, so a server dripping one byte a second
  cannot hold a worker) and size (Content-Length and the bytes actually read);
- caches answers for as long as Cache-Control allows (capped), failures
  briefly, in a bounded LRU shared by every call, so a warm cache costs one
  dictionary lookup.

``fetch`` never raises: every failure is a ``Problem`` with a code.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fanzha import __version__
from fanzha.callerid.shaken import codes
from fanzha.callerid.shaken.addresses import IPAddress, IPNetwork, forbidden_reason
from fanzha.callerid.shaken.cache_control import cache_seconds
from fanzha.callerid.shaken.certs import CertBundle, parse_bundle
from fanzha.callerid.shaken.codes import Problem

log = logging.getLogger("fanzha.callerid.shaken")

MAX_URL_CHARS = 2048
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_READ_CHUNK = 16384

Resolver = Callable[[str, int], Sequence[str]]
Fetched = CertBundle | Problem


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    allow_http: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()
    max_bytes: int = 65536
    connect_timeout_s: float = 2.0
    total_timeout_s: float = 4.0
    default_cache_s: float = 3600.0  # when the response has no Cache-Control
    max_cache_s: float = 86400.0
    failure_cache_s: float = 10.0  # a dead URL is retried at most this often
    cache_entries: int = 1024


@dataclass(slots=True)
class FetchStats:
    hits: int = 0
    misses: int = 0
    fetches: int = 0  # network fetches attempted (misses that passed the URL checks)
    failures: int = 0


@dataclass(slots=True)
class _Entry:
    expires: float
    value: Fetched = field(repr=False)


@dataclass(frozen=True, slots=True)
class _Target:
    https: bool
    host: str
    port: int
    path: str


class _Timeout(Exception):
    pass


_dns_pool: ThreadPoolExecutor | None = None
_dns_lock = threading.Lock()


def _dns_executor() -> ThreadPoolExecutor:
    # getaddrinfo has no timeout of its own; it runs in a small pool so the
    # fetch can give up on it at the deadline.
    global _dns_pool
    with _dns_lock:
        if _dns_pool is None:
            _dns_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fanzha-x5u-dns")
        return _dns_pool


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


class CertFetcher:
    """x5u fetcher with its cache. Thread-safe; one per process is the intent."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._ssl_context = ssl_context
        self._resolver = resolver or _system_resolver
        self._clock = clock
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._pinned: dict[str, Fetched] = {}
        self._lock = threading.Lock()
        self.stats = FetchStats()

    def fetch(self, url: str) -> Fetched:
        now = self._clock()
        with self._lock:
            pinned = self._pinned.get(url)
            if pinned is not None:
                self.stats.hits += 1
                return pinned
            entry = self._cache.get(url)
            if entry is not None and entry.expires > now:
                self._cache.move_to_end(url)
                self.stats.hits += 1
                return entry.value
            self.stats.misses += 1
        try:
            value, keep_s = self._fetch(url)
        except Exception as exc:  # the verifier must never raise; log and fail this call
            log.exception("x5u fetch failed unexpectedly")
            value, keep_s = (
                Problem(codes.X5U_FETCH_FAILED, f"internal {type(exc).__name__}"),
                self.policy.failure_cache_s,
            )
        if isinstance(value, Problem):
            self.stats.failures += 1
        self._store(url, value, keep_s)
        return value

    def put(self, url: str, data: bytes, *, cache_s: float | None = None) -> Fetched:
        """Answer ``url`` with ``data`` without fetching (preloading, tests, closed networks).

        Without ``cache_s`` the answer is pinned: it never expires and is never
        evicted, as an operator who preloads a certificate expects.
        """
        value = parse_bundle(data)
        if cache_s is None:
            with self._lock:
                self._pinned[url] = value
        else:
            self._store(url, value, cache_s)
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._pinned.clear()

    def _store(self, url: str, value: Fetched, keep_s: float) -> None:
        if keep_s <= 0:
            return
        with self._lock:
            self._cache[url] = _Entry(self._clock() + keep_s, value)
            self._cache.move_to_end(url)
            while len(self._cache) > self.policy.cache_entries:
                self._cache.popitem(last=False)

    # --- one network fetch ----------------------------------------------------

    def _fetch(self, url: str) -> tuple[Fetched, float]:
        failure_s = self.policy.failure_cache_s
        target = self._target(url)
        if isinstance(target, Problem):
            return target, failure_s
        self.stats.fetches += 1
        deadline = self._clock() + self.policy.total_timeout_s
        addresses = self._resolve(target, deadline)
        if isinstance(addresses, Problem):
            return addresses, failure_s
        for address in addresses:
            reason = forbidden_reason(address, self.policy.allow_networks)
            if reason is not None:
                detail = f"{target.host} resolves to a {reason} address"
                return Problem(codes.X5U_FORBIDDEN_ADDRESS, detail), failure_s
        got = self._get(target, addresses, deadline)
        if isinstance(got, Problem):
            return got, failure_s
        body, cache_control = got
        bundle = parse_bundle(body)
        if isinstance(bundle, Problem):
            return bundle, failure_s
        keep = cache_seconds(
            cache_control, default=self.policy.default_cache_s, maximum=self.policy.max_cache_s
        )
        return bundle, keep

    def _target(self, url: str) -> _Target | Problem:
        if len(url) > MAX_URL_CHARS or not url.isascii() or not url.isprintable():
            return Problem(codes.X5U_INVALID, "not a printable ASCII URL of sane length")
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return Problem(codes.X5U_INVALID, "unparseable URL")
        scheme = parts.scheme.lower()
        if scheme != "https" and not (scheme == "http" and self.policy.allow_http):
            allowed = "https or http" if self.policy.allow_http else "https"
            return Problem(codes.X5U_INVALID, f"scheme {scheme[:10]!r} (allowed: {allowed})")
        if parts.username is not None or parts.password is not None:
            return Problem(codes.X5U_INVALID, "credentials in the URL")
        host = parts.hostname or ""
        if not host:
            return Problem(codes.X5U_INVALID, "no host")
        if not _HOST.fullmatch(host):
            try:
                ipaddress.IPv6Address(host)
            except ValueError:
                return Problem(codes.X5U_INVALID, "bad host name")
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        https = scheme == "https"
        return _Target(https, host, port or (443 if https else 80), path)

    def _resolve(self, target: _Target, deadline: float) -> list[IPAddress] | Problem:
        try:
            return [ipaddress.ip_address(target.host)]
        except ValueError:
            pass
        future = _dns_executor().submit(self._resolver, target.host, target.port)
        try:
            found = future.result(timeout=max(deadline - self._clock(), 0.0))
        except FutureTimeout:
            return Problem(codes.X5U_TIMEOUT, "DNS resolution timed out")
        except (OSError, UnicodeError) as exc:
            return Problem(codes.X5U_FETCH_FAILED, f"cannot resolve host ({type(exc).__name__})")
        addresses: list[IPAddress] = []
        for text in found:
            try:
                addresses.append(ipaddress.ip_address(text.split("%", 1)[0]))
            except ValueError:
                return Problem(codes.X5U_FETCH_FAILED, "resolver returned a non-address")
        if not addresses:
            return Problem(codes.X5U_FETCH_FAILED, "host has no address")
        return list(dict.fromkeys(addresses))

    def _get(
        self, target: _Target, addresses: list[IPAddress], deadline: float
    ) -> tuple[bytes, str | None] | Problem:
        policy = self.policy
        clock = self._clock
        sockets: list[socket.socket] = []
        aborted = threading.Event()

        def connect(
            _address: object, _timeout: object = None, _source: object = None
        ) -> socket.socket:
            # Replaces http.client's own connect so it dials the checked address,
            # never a fresh DNS answer for the host name.
            error: OSError = OSError("no address to connect to")
            for address in addresses:
                remaining = deadline - clock()
                if remaining <= 0:
                    raise _Timeout
                try:
                    sock = socket.create_connection(
                        (str(address), target.port),
                        timeout=min(policy.connect_timeout_s, remaining),
                    )
                except TimeoutError:
                    raise _Timeout from None
                except OSError as exc:
                    error = exc
                    continue
                sockets.append(sock)
                sock.settimeout(max(deadline - clock(), 0.001))
                return sock
            raise error

        def abort() -> None:
            aborted.set()
            for sock in sockets:
                with contextlib.suppress(OSError):  # already closed: nothing to stop
                    sock.shutdown(socket.SHUT_RDWR)

        conn: http.client.HTTPConnection
        if target.https:
            conn = http.client.HTTPSConnection(
                target.host, target.port, timeout=policy.connect_timeout_s, context=self._tls()
            )
        else:
            conn = http.client.HTTPConnection(
                target.host, target.port, timeout=policy.connect_timeout_s
            )
        conn._create_connection = connect  # type: ignore[attr-defined]
        too_slow = f"no complete answer within {policy.total_timeout_s:g} s"
        watchdog = threading.Timer(max(deadline - clock(), 0.0), abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._exchange(conn, target, deadline)
        except (_Timeout, TimeoutError):
            return Problem(codes.X5U_TIMEOUT, too_slow)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if aborted.is_set():  # the watchdog shut the socket under a read
                return Problem(codes.X5U_TIMEOUT, too_slow)
            return Problem(codes.X5U_FETCH_FAILED, _describe(exc))
        finally:
            watchdog.cancel()
            conn.close()
            for sock in sockets:
                sock.close()

    def _exchange(
        self, conn: http.client.HTTPConnection, target: _Target, deadline: float
    ) -> tuple[bytes, str | None] | Problem:
        limit = self.policy.max_bytes
        conn.request(
            "GET",
            target.path,
            headers={
                "Accept": "application/pem-certificate-chain, application/x-pem-file, */*",
                "Accept-Encoding": "identity",
                "User-Agent": f"fanzha/{__version__} (STIR/SHAKEN verifier)",
                "Connection": "close",
            },
        )
        response = conn.getresponse()
        if response.status != 200:
            return Problem(codes.X5U_FETCH_FAILED, f"HTTP status {response.status}")
        declared = response.getheader("Content-Length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            return Problem(codes.X5U_TOO_LARGE, f"Content-Length above {limit} bytes")
        body = bytearray()
        while True:
            if self._clock() > deadline:
                raise _Timeout
            chunk = response.read(min(_READ_CHUNK, limit + 1 - len(body)))
            if not chunk:
                break
            body += chunk
            if len(body) > limit:
                return Problem(codes.X5U_TOO_LARGE, f"more than {limit} bytes")
        if self._clock() > deadline:
            raise _Timeout
        return bytes(body), response.getheader("Cache-Control")

    def _tls(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context()
        return self._ssl_context


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "TLS certificate of the x5u server not trusted"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response ({type(exc).__name__})"
    return f"network error ({type(exc).__name__})"
