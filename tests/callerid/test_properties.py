"""Property tests: any text or bytes gives a result or a specific problem, never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.callerid.shaken import (
    CATALOGUE,
    CertFetcher,
    IdentityHeader,
    Problem,
    Token,
    TrustStore,
    VerificationResult,
    decode_token,
    parse_identity,
    read_claims,
    read_header,
    verify,
)
from fanzha.callerid.shaken.encoding import b64url_encode
from fanzha.callerid.shaken.identity import _parse_tolerant
from tests.callerid.conftest import NOW, X5U

_PIECES = st.sampled_from(
    [
        *"; ,=<>\"'.\\\r\n\t -_+/:",
        "info=",
        "<https://cert.example/x.pem>",
        "alg=ES256",
        "ppt=shaken",
        "ppt=div",
        "Identity:",
        "eyJ",
        "..",
        "e30",
        "AAAA",
        "\x00",
        "ü",
        "\ud800",
    ]
)
_HEADER_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(_PIECES, max_size=60).map("".join),
    st.lists(st.one_of(_PIECES, st.characters()), max_size=80).map("".join),
)
_KEYS = ["alg", "typ", "ppt", "x5u", "orig", "dest", "iat", "tn", "attest", "origid", "div"]
_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(_KEYS),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


def _no_dns(host: str, port: int) -> list[str]:
    raise OSError("these tests never reach the network")


OFFLINE = CertFetcher(resolver=_no_dns)


def _segment(value: object) -> str:
    return b64url_encode(json.dumps(value).encode())


_TOKENS = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300),
    st.lists(st.sampled_from(["e30", ".", "AAAA", "eyJ", "_-", "=", "A" * 86]), max_size=12).map(
        "".join
    ),
    st.tuples(_JSONISH, _JSONISH, st.binary(min_size=0, max_size=70)).map(
        lambda t: f"{_segment(t[0])}.{_segment(t[1])}.{b64url_encode(t[2])}"
    ),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(_HEADER_TEXT, st.binary(max_size=400)))
def test_identity_parser_gives_a_header_or_a_known_problem(value: str | bytes) -> None:
    parsed = parse_identity(value)
    if isinstance(parsed, Problem):
        assert parsed.code in {"SHAKEN.MALFORMED_HEADER", "SHAKEN.HEADER_TOO_LARGE"}
        return
    assert isinstance(parsed, IdentityHeader)
    assert parsed.token and parsed.info and parsed.info.isascii()
    assert not any(ch in parsed.info for ch in ' <>"\r\n')


_B64URL = st.text(alphabet="ABCXYZabcxyz0189-_", max_size=12)
_CANONICAL_HEADERS = st.builds(
    "{}.{}.{};info=<{}>;alg={};ppt={}".format,
    _B64URL,
    _B64URL,
    _B64URL,
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x7F), max_size=30)
    | st.just("https://cert.example/x.pem"),
    st.sampled_from(["ES256", "none", "RS256", "es256", ""]),
    st.sampled_from(["shaken", "div", "rcd", "x.y", '"shaken"', ""]),
)


@settings(max_examples=1500, deadline=None)
@given(value=st.one_of(_CANONICAL_HEADERS, _HEADER_TEXT))
def test_the_identity_fast_path_agrees_with_the_tolerant_parser(value: str) -> None:
    assert parse_identity(value) == _parse_tolerant(value)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=_TOKENS)
def test_passport_decoder_gives_a_token_or_malformed(token: str | bytes) -> None:
    decoded = decode_token(token)
    if isinstance(decoded, Problem):
        assert decoded.code == "SHAKEN.MALFORMED_TOKEN"
        return
    assert isinstance(decoded, Token) and len(decoded.signature) == 64
    if decoded.header is None:
        return
    assert decoded.claims is not None
    read = read_header(decoded.header)
    if isinstance(read, Problem):
        assert read.code in CATALOGUE
        return
    claims = read_claims(read[0], read[1], decoded.claims)
    assert isinstance(claims, Problem) or claims.orig.isdigit()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.one_of(
        _HEADER_TEXT,
        st.lists(st.one_of(_HEADER_TEXT, st.binary(max_size=100)), max_size=10),
        _TOKENS.map(lambda t: f"{t!s};info=<{X5U}>;ppt=shaken"),
    ),
    orig=st.text(max_size=40),
    dest=st.text(max_size=40),
)
def test_verify_never_raises(headers: str | list[str | bytes], orig: str, dest: str) -> None:
    result = verify(headers, orig, dest, trust=TrustStore(), fetcher=OFFLINE, now=NOW)
    assert isinstance(result, VerificationResult)
    assert result.findings and all(f.code in CATALOGUE for f in result.findings)
    assert not result.passed  # nothing random is trusted
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # always serialisable
