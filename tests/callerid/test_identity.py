"""The SIP Identity header parser and formatter (RFC 8224)."""

from __future__ import annotations

import pytest

from fanzha.callerid.shaken import (
    MAX_HEADER_BYTES,
    IdentityHeader,
    Problem,
    format_identity,
    parse_identity,
    split_header_values,
)

TOKEN = "eyJh.eyJi.c2ln"
URL = "https://cert.example.cn/x5u.pem"


def ok(value: str | bytes) -> IdentityHeader:
    parsed = parse_identity(value)
    assert isinstance(parsed, IdentityHeader), parsed
    return parsed


def bad(value: str | bytes) -> str:
    parsed = parse_identity(value)
    assert isinstance(parsed, Problem), parsed
    return parsed.code


def test_format_and_parse_round_trip() -> None:
    value = format_identity(TOKEN, URL, "shaken")
    assert value == f"{TOKEN};info=<{URL}>;alg=ES256;ppt=shaken"
    parsed = ok(value)
    assert (parsed.token, parsed.info, parsed.alg, parsed.ppt) == (TOKEN, URL, "ES256", "shaken")
    assert not parsed.compact and ok(f"..c2ln;info=<{URL}>").compact


@pytest.mark.parametrize(
    "value",
    [
        f"Identity: {TOKEN};info=<{URL}>;alg=ES256;ppt=shaken",
        f"identity:{TOKEN};info=<{URL}>;alg=ES256;ppt=shaken",
        f"y: {TOKEN};info=<{URL}>;alg=ES256;ppt=shaken",
        f'  {TOKEN} ; info = <{URL}> ; alg = ES256 ; ppt = "shaken"  ',
        f"<{TOKEN}>;info=<{URL}>;alg=ES256;ppt=shaken",  # older: token in angle brackets
        f'"{TOKEN}";info=<{URL}>;alg=ES256;ppt=shaken',  # older: quoted token
        f"{TOKEN};info={URL};alg=ES256;ppt=shaken",  # info without brackets
        f'{TOKEN};info="<{URL}>";ppt=shaken',
        f"{TOKEN};INFO=<{URL}>;ALG=ES256;PPT=shaken",
        f"eyJh.\r\n eyJi.c2ln;info=<{URL}>;\r\n\talg=ES256;ppt=shaken",  # folded lines
        f"{TOKEN};info=<{URL}>;alg=ES256;ppt=shaken;",
        f"{TOKEN};;info=<{URL}>;ppt=shaken;x-ext=1;flag",
    ],
)
def test_tolerated_forms(value: str) -> None:
    parsed = ok(value)
    assert parsed.token == TOKEN and parsed.info == URL
    assert parsed.ppt in ("shaken", None)


def test_info_may_hold_semicolons_and_commas_inside_brackets() -> None:
    url = "https://cert.example.cn/a;b,c.pem"
    parsed = ok(f"{TOKEN};info=<{url}>;ppt=shaken")
    assert parsed.info == url
    assert len(split_header_values(f"{TOKEN};info=<{url}>, {TOKEN};info=<{URL}>")) == 2


@pytest.mark.parametrize(
    "value",
    [
        "",
        ";info=<https://x/y>",
        TOKEN,  # no info
        f"{TOKEN};alg=ES256",
        f"{TOKEN};info=<>",
        f"{TOKEN};info=<https://x/a b>",
        f"{TOKEN};info=<{URL}>;info=<{URL}>",  # duplicate parameter
        f"{TOKEN};info=<{URL}>;bad name=1",
        f"{TOKEN}\r\n;info=<{URL}>",  # bare line break: header injection
        f"{TOKEN}\n;info=<{URL}>",
        f"{TOKEN}\x00;info=<{URL}>",
        f"tök;info=<{URL}>",
        f"to$ken;info=<{URL}>",
        f"{TOKEN};" + ";".join(f"p{i}=1" for i in range(20)) + f";info=<{URL}>",
        b"\xff\xfe;info=<x>",
    ],
)
def test_malformed_headers(value: str | bytes) -> None:
    assert bad(value) == "SHAKEN.MALFORMED_HEADER"


def test_size_limit() -> None:
    fits = "A" * (MAX_HEADER_BYTES - len(f";info=<{URL}>")) + f";info=<{URL}>"
    assert len(fits) == MAX_HEADER_BYTES and ok(fits)
    assert bad("A" + fits) == "SHAKEN.HEADER_TOO_LARGE"
    assert bad(("A" + fits).encode()) == "SHAKEN.HEADER_TOO_LARGE"
    assert bad("x" * 10_000_000) == "SHAKEN.HEADER_TOO_LARGE"


def test_bytes_and_non_text() -> None:
    assert ok(f"{TOKEN};info=<{URL}>".encode()).token == TOKEN
    assert bad(12345) == "SHAKEN.MALFORMED_HEADER"  # type: ignore[arg-type]


def test_split_header_values() -> None:
    assert split_header_values(["a;info=<x>", "  ", b"", "b;info=<y>,c;info=<z>"]) == [
        "a;info=<x>",
        "b;info=<y>",
        "c;info=<z>",
    ]
    assert split_header_values("") == []
    huge = "a," * (MAX_HEADER_BYTES * 8)
    assert split_header_values(huge) == [huge]  # not split: it fails the size check whole


def test_format_refuses_urls_that_would_break_the_header() -> None:
    for url in ("https://x/a b", "https://x/<", 'https://x/"'):
        with pytest.raises(ValueError):
            format_identity(TOKEN, url, "shaken")
