"""x5u fetching against a real HTTP(S) server on 127.0.0.1: caching, limits, address policy."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fanzha.callerid.shaken import CertBundle, CertFetcher, FetchPolicy, Problem, Verstat, verify
from fanzha.callerid.shaken.addresses import forbidden_reason, parse_networks
from fanzha.callerid.shaken.cache_control import cache_seconds
from fanzha.callerid.shaken.pki import make_root
from fanzha.callerid.shaken.signer import sign
from tests.callerid.conftest import (
    DEST,
    LOOPBACK_POLICY,
    NOW,
    ORIG,
    LocalServer,
    Pki,
    Route,
    pem,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def code_of(value: object) -> str:
    assert isinstance(value, Problem), value
    return value.code


def test_fetch_and_cache_with_max_age(server: LocalServer, pki: Pki) -> None:
    server.routes["/c.pem"] = Route(pki.chain, headers={"Cache-Control": "public, max-age=60"})
    clock = Clock()
    fetcher = CertFetcher(LOOPBACK_POLICY, clock=clock)
    url = server.url("/c.pem")
    first = fetcher.fetch(url)
    assert isinstance(first, CertBundle) and first.leaf == pki.cert
    assert fetcher.fetch(url) is first
    assert server.hits["/c.pem"] == 1 and fetcher.stats.hits == 1
    clock.now += 59
    assert fetcher.fetch(url) is first and server.hits["/c.pem"] == 1
    clock.now += 2
    assert isinstance(fetcher.fetch(url), CertBundle)
    assert server.hits["/c.pem"] == 2


@pytest.mark.parametrize("header", ["no-store", "no-cache", "max-age=0", "max-age=abc"])
def test_responses_that_must_not_be_reused(server: LocalServer, pki: Pki, header: str) -> None:
    server.routes["/c.pem"] = Route(pki.chain, headers={"Cache-Control": header})
    fetcher = CertFetcher(LOOPBACK_POLICY)
    for _ in range(3):
        assert isinstance(fetcher.fetch(server.url("/c.pem")), CertBundle)
    assert server.hits["/c.pem"] == 3


def test_no_cache_control_uses_the_default_and_the_cap(server: LocalServer, pki: Pki) -> None:
    server.routes["/a.pem"] = Route(pki.chain)
    server.routes["/b.pem"] = Route(pki.chain, headers={"Cache-Control": "max-age=999999999"})
    clock = Clock()
    policy = FetchPolicy(**{**_fields(LOOPBACK_POLICY), "default_cache_s": 100, "max_cache_s": 500})
    fetcher = CertFetcher(policy, clock=clock)
    fetcher.fetch(server.url("/a.pem"))
    fetcher.fetch(server.url("/b.pem"))
    clock.now += 101
    fetcher.fetch(server.url("/a.pem"))
    fetcher.fetch(server.url("/b.pem"))
    assert (server.hits["/a.pem"], server.hits["/b.pem"]) == (2, 1)
    clock.now += 400
    fetcher.fetch(server.url("/b.pem"))
    assert server.hits["/b.pem"] == 2


def _fields(policy: FetchPolicy) -> dict[str, object]:
    return {name: getattr(policy, name) for name in policy.__dataclass_fields__}


def test_huge_response_is_cut_off(server: LocalServer) -> None:
    server.routes["/declared"] = Route(b"x" * 200_000)
    server.routes["/chunked"] = Route(b"-----BEGIN " + b"x" * 200_000, chunked=True)
    fetcher = CertFetcher(LOOPBACK_POLICY)
    assert code_of(fetcher.fetch(server.url("/declared"))) == "SHAKEN.X5U_TOO_LARGE"
    assert code_of(fetcher.fetch(server.url("/chunked"))) == "SHAKEN.X5U_TOO_LARGE"


def test_slow_server_times_out(server: LocalServer, pki: Pki) -> None:
    server.routes["/slow"] = Route(pki.chain, drip_s=0.05)  # ~40 s for the whole chain
    fetcher = CertFetcher(LOOPBACK_POLICY)
    start = time.monotonic()
    assert code_of(fetcher.fetch(server.url("/slow"))) == "SHAKEN.X5U_TIMEOUT"
    assert time.monotonic() - start < LOOPBACK_POLICY.total_timeout_s + 1.0  # slack for load
    # The failure is cached briefly: the next call does not wait again.
    start = time.monotonic()
    assert code_of(fetcher.fetch(server.url("/slow"))) == "SHAKEN.X5U_TIMEOUT"
    assert time.monotonic() - start < 0.1


def test_server_that_accepts_but_never_answers_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/c.pem"
        start = time.monotonic()
        assert code_of(CertFetcher(LOOPBACK_POLICY).fetch(url)) == "SHAKEN.X5U_TIMEOUT"
        assert time.monotonic() - start < LOOPBACK_POLICY.total_timeout_s + 1.0  # slack for load
    finally:
        listener.close()


def test_http_errors_and_redirects_fail(server: LocalServer, pki: Pki) -> None:
    server.routes["/moved"] = Route(b"", 302, {"Location": server.url("/c.pem")})
    server.routes["/c.pem"] = Route(pki.chain)
    fetcher = CertFetcher(LOOPBACK_POLICY)
    assert code_of(fetcher.fetch(server.url("/missing"))) == "SHAKEN.X5U_FETCH_FAILED"
    assert code_of(fetcher.fetch(server.url("/moved"))) == "SHAKEN.X5U_FETCH_FAILED"
    assert "/c.pem" not in server.hits  # redirects are never followed


def test_failures_are_cached_briefly(server: LocalServer) -> None:
    clock = Clock()
    fetcher = CertFetcher(LOOPBACK_POLICY, clock=clock)
    fetcher.fetch(server.url("/missing"))
    fetcher.fetch(server.url("/missing"))
    assert server.hits["/missing"] == 1
    clock.now += LOOPBACK_POLICY.failure_cache_s + 1
    fetcher.fetch(server.url("/missing"))
    assert server.hits["/missing"] == 2


def test_not_a_certificate(server: LocalServer) -> None:
    server.routes["/junk"] = Route(b"<html>hello</html>")
    assert code_of(CertFetcher(LOOPBACK_POLICY).fetch(server.url("/junk"))) == "SHAKEN.CERT_INVALID"


def test_connection_refused() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    got = CertFetcher(LOOPBACK_POLICY).fetch(f"http://127.0.0.1:{port}/c.pem")
    assert code_of(got) == "SHAKEN.X5U_FETCH_FAILED"


def test_loopback_is_refused_unless_allowed(server: LocalServer, pki: Pki) -> None:
    server.routes["/c.pem"] = Route(pki.chain)
    url = server.url("/c.pem")
    no_networks = CertFetcher(FetchPolicy(allow_http=True))
    assert code_of(no_networks.fetch(url)) == "SHAKEN.X5U_FORBIDDEN_ADDRESS"
    assert code_of(no_networks.fetch(url.replace("127.0.0.1", "localhost"))) == (
        "SHAKEN.X5U_FORBIDDEN_ADDRESS"
    )
    https_only = CertFetcher(FetchPolicy(allow_networks=parse_networks("127.0.0.0/8")))
    assert code_of(https_only.fetch(url)) == "SHAKEN.X5U_INVALID"
    assert "/c.pem" not in server.hits


@pytest.mark.parametrize(
    "answers",
    [
        ["10.0.0.7"],
        ["192.168.1.1"],
        ["172.16.0.1"],
        ["169.254.169.254"],  # cloud metadata
        ["100.64.0.1"],
        ["0.0.0.0"],
        ["224.0.0.1"],
        ["::1"],
        ["fe80::1%eth0"],
        ["fc00::1"],
        ["::ffff:127.0.0.1"],
        ["64:ff9b::a00:1"],  # NAT64 of 10.0.0.1
        ["2002:a00:1::1"],  # 6to4 of 10.0.0.1
        ["8.8.8.8", "127.0.0.1"],  # every answer is checked, not just the first
    ],
)
def test_private_addresses_are_refused(answers: list[str]) -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers

    fetcher = CertFetcher(FetchPolicy(), resolver=resolver)
    got = fetcher.fetch("https://certs.example.cn/c.pem")
    assert code_of(got) == "SHAKEN.X5U_FORBIDDEN_ADDRESS" and calls == ["certs.example.cn"]


def test_ip_literals_are_checked_too() -> None:
    for url in ("https://127.0.0.1/c.pem", "https://[::1]/c.pem", "https://10.1.2.3:8443/x"):
        assert code_of(CertFetcher().fetch(url)) == "SHAKEN.X5U_FORBIDDEN_ADDRESS", url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://cert.example/c.pem",
        "file:///etc/passwd",
        "http://cert.example/c.pem",
        "https://user:pw@cert.example/c.pem",
        "https://[::1/c.pem",
        "https:///c.pem",
        "https://cert.example:99999/c.pem",
        "https://cért.example/c.pem",
        "https://bad_host!/c.pem",
        "https://cert.example/" + "a" * 3000,
    ],
)
def test_bad_urls_are_refused_without_network(url: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("no lookup for a refused URL")

    assert code_of(CertFetcher(resolver=resolver).fetch(url)) == "SHAKEN.X5U_INVALID"


def test_connects_to_the_checked_address_not_a_second_dns_answer(
    server: LocalServer, pki: Pki
) -> None:
    server.routes["/c.pem"] = Route(pki.chain)
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a rebinding resolver
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    fetcher = CertFetcher(LOOPBACK_POLICY, resolver=resolver)
    got = fetcher.fetch(f"http://certs.test:{server.port}/c.pem")
    assert isinstance(got, CertBundle) and calls == ["certs.test"]


def test_dns_failure_and_slow_dns() -> None:
    def failing(host: str, port: int) -> list[str]:
        raise socket.gaierror("no such host")

    gate = threading.Event()

    def hanging(host: str, port: int) -> list[str]:
        gate.wait(5)
        return ["8.8.8.8"]

    assert (
        code_of(CertFetcher(resolver=failing).fetch("https://x.test/c"))
        == "SHAKEN.X5U_FETCH_FAILED"
    )
    policy = FetchPolicy(total_timeout_s=0.3)
    start = time.monotonic()
    assert (
        code_of(CertFetcher(policy, resolver=hanging).fetch("https://y.test/c"))
        == "SHAKEN.X5U_TIMEOUT"
    )
    assert time.monotonic() - start < 1.0
    gate.set()


def test_cache_is_bounded(server: LocalServer, pki: Pki) -> None:
    for i in range(5):
        server.routes[f"/{i}"] = Route(pki.chain)
    policy = FetchPolicy(**{**_fields(LOOPBACK_POLICY), "cache_entries": 2})
    fetcher = CertFetcher(policy)
    for i in range(5):
        fetcher.fetch(server.url(f"/{i}"))
    fetcher.fetch(server.url("/4"))
    fetcher.fetch(server.url("/0"))
    assert server.hits["/4"] == 1 and server.hits["/0"] == 2


def test_verify_end_to_end_over_a_local_server(server: LocalServer, pki: Pki) -> None:
    server.routes["/sti.pem"] = Route(pki.chain, headers={"Cache-Control": "max-age=3600"})
    x5u = server.url("/sti.pem")
    identity = sign(ORIG, DEST, "A", key=pki.key, x5u=x5u, iat=NOW)
    trust = pki.trust()
    fetcher = CertFetcher(LOOPBACK_POLICY)
    for _ in range(3):
        assert verify(identity, ORIG, DEST, trust=trust, fetcher=fetcher, now=NOW).passed
    assert server.hits["/sti.pem"] == 1
    refused = verify(identity, ORIG, DEST, trust=trust, fetcher=CertFetcher(), now=NOW)
    assert refused.verstat is Verstat.FAILED and refused.codes == ["SHAKEN.X5U_INVALID"]
    private = verify(
        identity,
        ORIG,
        DEST,
        trust=trust,
        fetcher=CertFetcher(FetchPolicy(allow_http=True)),
        now=NOW,
    )
    assert private.codes == ["SHAKEN.X5U_FORBIDDEN_ADDRESS"]


# --- HTTPS ------------------------------------------------------------------------------


def _tls_server_cert(tmp_path: Path) -> tuple[x509.Certificate, Path, Path]:
    """A TLS server certificate for certs.test from a CA valid now (TLS checks real time)."""
    key = ec.generate_private_key(ec.SECP256R1())
    ca_key, ca_cert = make_root("fanzha TLS test")
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "certs.test")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("certs.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "tls.pem", tmp_path / "tls.key"
    cert_path.write_bytes(pem(cert))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_cert, cert_path, key_path


def test_https_fetch_checks_the_host_name_on_the_pinned_address(pki: Pki, tmp_path: Path) -> None:
    tls_root, cert_path, key_path = _tls_server_cert(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_path, key_path)
    client_ctx = ssl.create_default_context(cadata=pem(tls_root).decode())
    with LocalServer() as srv:
        srv.httpd.socket = server_ctx.wrap_socket(srv.httpd.socket, server_side=True)
        srv.routes["/c.pem"] = Route(pki.chain)
        policy = FetchPolicy(**{**_fields(LOOPBACK_POLICY), "allow_http": False})
        ok = CertFetcher(policy, ssl_context=client_ctx, resolver=lambda h, p: ["127.0.0.1"])
        assert isinstance(ok.fetch(f"https://certs.test:{srv.port}/c.pem"), CertBundle)
        wrong_name = CertFetcher(
            policy, ssl_context=client_ctx, resolver=lambda h, p: ["127.0.0.1"]
        )
        got = wrong_name.fetch(f"https://other.test:{srv.port}/c.pem")
        assert code_of(got) == "SHAKEN.X5U_FETCH_FAILED"
        untrusted = CertFetcher(policy, resolver=lambda h, p: ["127.0.0.1"])
        assert code_of(untrusted.fetch(f"https://certs.test:{srv.port}/c.pem")) == (
            "SHAKEN.X5U_FETCH_FAILED"
        )


# --- pure helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, 100.0),
        ("max-age=30", 30.0),
        ("public, max-age=30, s-maxage=10", 10.0),
        ('max-age="45"', 45.0),
        ("MAX-AGE=20", 20.0),
        ("max-age=99999999999999999999", 500.0),
        ("no-store, max-age=30", 0.0),
        ("no-cache", 0.0),
        ("max-age=-1", 0.0),
        ("max-age=", 0.0),
        ("private", 100.0),
        ("", 100.0),
    ],
)
def test_cache_seconds(header: str | None, expected: float) -> None:
    assert cache_seconds(header, default=100, maximum=500) == expected


def test_allowed_networks_and_reasons() -> None:
    ip = ipaddress.ip_address
    assert forbidden_reason(ip("8.8.8.8")) is None
    assert forbidden_reason(ip("2606:4700::1111")) is None
    assert forbidden_reason(ip("127.0.0.1")) == "loopback"
    assert forbidden_reason(ip("10.0.0.1")) == "private"
    assert forbidden_reason(ip("fe80::1")) == "link-local"
    assert forbidden_reason(ip("ff02::1")) == "multicast"
    assert forbidden_reason(ip("240.0.0.1")) is not None
    allowed = parse_networks("127.0.0.0/8, 10.1.0.0/16")
    assert forbidden_reason(ip("127.0.0.5"), allowed) is None
    assert forbidden_reason(ip("::ffff:127.0.0.5"), allowed) is None
    assert forbidden_reason(ip("10.2.0.1"), allowed) == "private"
    with pytest.raises(ValueError):
        parse_networks("not-a-network")


def test_preloaded_certificates_are_pinned(pki: Pki) -> None:
    clock = Clock()
    policy = FetchPolicy(**{**_fields(LOOPBACK_POLICY), "cache_entries": 1})
    fetcher = CertFetcher(policy, clock=clock, resolver=lambda h, p: ["127.0.0.1"])
    pinned = fetcher.put("https://pinned.example/c.pem", pki.chain)
    assert isinstance(pinned, CertBundle)
    fetcher.put("https://a.example/c.pem", pki.chain, cache_s=10)
    fetcher.put("https://b.example/c.pem", pki.chain, cache_s=10)  # evicts a, not the pin
    clock.now += 10**9
    assert fetcher.fetch("https://pinned.example/c.pem") is pinned
    assert code_of(fetcher.put("https://junk.example/", b"junk")) == "SHAKEN.CERT_INVALID"
    fetcher.clear()
    assert code_of(fetcher.fetch("https://pinned.example/c.pem")) != ""
