"""The link parser: scheme-less links, IDN, IP notations, userinfo, and junk."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.text.urls import UrlParseError, parse_url, score_url, try_parse_url


@pytest.mark.parametrize(
    ("text", "host", "registered", "port", "path"),
    [
        ("www.icbc-cn.top/login", "www.icbc-cn.top", "icbc-cn.top", None, "/login"),
        ("t.cn/abc", "t.cn", "t.cn", None, "/abc"),
        ("1.2.3.4:8080/x.apk", "1.2.3.4", "1.2.3.4", 8080, "/x.apk"),
        ("xn--80ak6aa92e.com", "xn--80ak6aa92e.com", "xn--80ak6aa92e.com", None, ""),
        ("https://www.icbc.com.cn/icbc/", "www.icbc.com.cn", "icbc.com.cn", None, "/icbc/"),
        ("HTTPS://WWW.Example.COM:443/A?b=1#c", "www.example.com", "example.com", 443, "/A"),
        ("ｗｗｗ．icbc．com．cn", "www.icbc.com.cn", "icbc.com.cn", None, ""),
        ("【t.cn/A6abc】", "t.cn", "t.cn", None, "/A6abc"),
        ("hxxps://evil[.]top/x", "evil.top", "evil.top", None, "/x"),
        ("http:\\\\evil.top\\x", "evil.top", "evil.top", None, "/x"),
        ("foo.github.io/x", "foo.github.io", "foo.github.io", None, "/x"),
        ("www.gov.cn", "www.gov.cn", "www.gov.cn", None, ""),
        ("http://intranet.local/", "intranet.local", "intranet.local", None, "/"),
        ("http://[::1]:80/", "::1", "::1", 80, "/"),
    ],
)
def test_parts(text: str, host: str, registered: str, port: int | None, path: str) -> None:
    parsed = parse_url(text)
    assert parsed.host == host
    assert parsed.registered_domain == registered
    assert parsed.port == port
    assert parsed.path == path


def test_query_fragment_userinfo_and_scheme() -> None:
    parsed = parse_url("http://www.icbc.com.cn@evil.top:81/a/b?x=1&y=2#frag")
    assert (parsed.scheme, parsed.userinfo, parsed.host) == ("http", "www.icbc.com.cn", "evil.top")
    assert (parsed.port, parsed.path, parsed.query, parsed.fragment) == (
        81,
        "/a/b",
        "x=1&y=2",
        "frag",
    )
    assert not parse_url("t.cn/x").has_scheme


def test_idna_decoding() -> None:
    parsed = parse_url("http://аррӏе.com/")
    assert parsed.host == "xn--80ak6aa92e.com"
    assert parsed.host_unicode == "аррӏе.com"
    assert parse_url("xn--80ak6aa92e.com").host_unicode == "аррӏе.com"
    chinese = parse_url("https://中国银行.公司/x")
    assert chinese.host.startswith("xn--") and chinese.registered_domain_unicode == "中国银行.公司"


@pytest.mark.parametrize(
    ("text", "dotted"),
    [
        ("http://3232235777/", "192.168.1.1"),
        ("http://0xC0.0250.1.1/", "192.168.1.1"),
        ("http://0xc0a80101/", "192.168.1.1"),
        ("http://127.1/", "127.0.0.1"),
    ],
)
def test_obfuscated_ipv4_is_read_like_a_browser(text: str, dotted: str) -> None:
    parsed = parse_url(text)
    assert parsed.host == dotted and parsed.ip_version == 4 and parsed.ip_obfuscated


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "3.14",
        "12306",
        "file.txt",
        "mailto:a@b.com",
        "javascript:alert(1)",
        "http://",
        "http://a..b/",
        "http://x:99999/",
        "http://x:80a/",
        "http://[::1/",
        "http://1.2.3.4.5/",
        "http://256.1.1.1/",
        "http://-1.22/",
        "//-1.2.3.4",
        "http://1_0.2.3.4/",
        "http://+1.2.3.4/",
        "http://ex ample.com/",
        "http://xn--a.com/",
        "http://xn--zz.com/",
        "xn--a-.com",
        "http://" + "a" * 64 + ".com/",
        "http://%zz.com/",
        "http://a\x00b.com/",
    ],
)
def test_junk_raises_only_url_parse_error_with_a_reason(text: str) -> None:
    with pytest.raises(UrlParseError) as info:
        parse_url(text)
    assert info.value.reason
    assert try_parse_url(text) is None
    risk = score_url(text)
    assert risk.codes == ("URL.UNPARSEABLE",) and risk.host == ""
    assert info.value.reason in risk.reasons[0]


@pytest.mark.parametrize("value", [None, 12306, b"t.cn/x", ["t.cn"], 3.5])
def test_non_text_is_unparseable(value: object) -> None:
    risk = score_url(value)  # type: ignore[arg-type]
    assert risk.codes == ("URL.UNPARSEABLE",)


def test_very_long_text_is_cut_not_refused() -> None:
    parsed = parse_url("http://example.top/" + "a" * 100_000)
    assert len(parsed.text) <= 4096
    assert score_url("x" * 1_000_000).codes == ("URL.UNPARSEABLE",)


_PIECES = st.sampled_from(
    [
        *"./:@?#[]%\\-_~",
        *["http://", "https://", "hxxp://", "//", "www.", "xn--", "xn--80ak6aa92e", ".com", ".cn"],
        *[".top", ":8080", "0x", "127.0.0.1", "[::1]", "icbc", "12306", "。", "．", "\u200b"],
        *["аррӏе", "中国银行", "ｗｗｗ", "%41", "%", "@", "\x00", "\ud800", "\U0001f600", "İ"],
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(_PIECES, max_size=30).map("".join),
    st.lists(st.one_of(_PIECES, st.characters()), max_size=40).map("".join),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_arbitrary_text_never_raises(text: str) -> None:
    try:
        parsed = parse_url(text)
    except UrlParseError as error:
        assert error.reason
    else:
        assert parsed.host.isascii() and parsed.host == parsed.host.lower()
        assert parsed.port is None or 0 <= parsed.port <= 65535
    risk = score_url(text)
    assert 0.0 <= risk.score <= 1.0
    assert len(risk.codes) == len(risk.reasons) == len(risk.reasons_zh)


def test_fuzz_target_runs_without_atheris() -> None:
    from tests.text.fuzz_urls import test_one_input

    for seed in (b"", b"\x00t.cn/abc", b"\x01evil.top/\xff\xfe", b"\x0aa..b", b"\x03xn--zz"):
        test_one_input(seed)
