"""Fixtures for the STIR/SHAKEN tests: an in-memory test PKI and a real local x5u server."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import CertFetcher, FetchPolicy, TrustStore, tn_auth_list
from fanzha.callerid.shaken.addresses import parse_networks
from fanzha.callerid.shaken.pki import KeyAndCert, make_intermediate, make_root, make_sti_cert

X5U = "https://cert.example.cn/sti-chain.pem"
ORIG = "+8613812345678"
DEST = "13900001111"
NOW = 1_800_000_000  # a fixed "now" inside every test certificate's validity
NOW_DT = dt.datetime.fromtimestamp(NOW, dt.UTC)


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


@dataclass(frozen=True)
class Pki:
    root: KeyAndCert
    ca: KeyAndCert
    key: ec.EllipticCurvePrivateKey  # STI key for the 86138... range
    cert: x509.Certificate

    @property
    def chain(self) -> bytes:
        return pem(self.cert, self.ca[1])

    def trust(self) -> TrustStore:
        return TrustStore([self.root[1]])

    def issue(self, *, days: int = 365, now: dt.datetime = NOW_DT, **entries: object) -> KeyAndCert:
        return make_sti_cert(self.ca, tn_auth_list(**entries), days=days, now=now)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pki() -> Pki:
    root = make_root(now=NOW_DT - dt.timedelta(days=10))
    ca = make_intermediate(root, now=NOW_DT - dt.timedelta(days=10))
    key, cert = make_sti_cert(
        ca,
        tn_auth_list(tn_ranges=["8613800000000-8613899999999"]),
        now=NOW_DT - dt.timedelta(days=1),
    )
    return Pki(root, ca, key, cert)


@pytest.fixture
def fetcher(pki: Pki) -> CertFetcher:
    """A fetcher with the test chain preloaded at X5U (no network)."""
    f = CertFetcher()
    f.put(X5U, pki.chain)
    return f


@pytest.fixture
def trust(pki: Pki) -> TrustStore:
    return pki.trust()


# --- a real HTTP server on 127.0.0.1 ---------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip_s: float = 0.0  # pause between bytes: a slow server
    chunked: bool = False  # no Content-Length: the size is only known while reading


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.stop = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path, Route(b"not found", 404))
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if not route.chunked:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if route.drip_s:
                        for i in range(len(route.body)):
                            if server.stop.wait(route.drip_s):
                                return
                            self.wfile.write(route.body[i : i + 1])
                            self.wfile.flush()
                    else:
                        self.wfile.write(route.body)
                except OSError:
                    pass  # the client gave up (size or time limit): expected in these tests

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
        time.sleep(0.01)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


LOOPBACK_POLICY = FetchPolicy(
    allow_http=True,
    allow_networks=parse_networks("127.0.0.0/8"),
    connect_timeout_s=1.0,
    total_timeout_s=1.0,
)


@pytest.fixture
def loopback_fetcher() -> CertFetcher:
    """A fetcher allowed to reach 127.0.0.0/8 over http, as a closed test network would be."""
    return CertFetcher(LOOPBACK_POLICY)
