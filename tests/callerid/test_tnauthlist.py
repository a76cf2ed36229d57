"""TNAuthList DER encoding (RFC 8226), checked against fixed bytes and OpenSSL."""

from __future__ import annotations

import contextlib
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.callerid.shaken import OneTN, Spc, TNAuthList, TNRange
from fanzha.callerid.shaken.pki import parse_tn_range, tn_auth_list
from fanzha.core import InvalidInputError


def test_spc_encoding_matches_the_atis_example() -> None:
    assert TNAuthList((Spc("1234"),)).encode().hex() == "3008a006160431323334"


def test_range_and_one_encoding() -> None:
    der = TNAuthList((TNRange("8613800000000", 100_000_000), OneTN("8613912345678"))).encode()
    expected = (
        "302a"
        "a117" "3015" "160d" + b"8613800000000".hex() + "0204" "05f5e100"
        "a20f" "160d" + b"8613912345678".hex()
    )  # fmt: skip
    assert der.hex() == expected


def test_integer_encoding_is_minimal() -> None:
    for count, content in [(2, "02"), (127, "7f"), (128, "0080"), (255, "00ff"), (256, "0100")]:
        der = TNAuthList((TNRange("1", count),)).encode()
        assert der.hex().endswith(f"02{len(content) // 2:02x}{content}")
        assert TNAuthList.decode(der).entries == (TNRange("1", count),)


def test_long_lengths() -> None:
    entries = tuple(OneTN(f"86138{i:08d}") for i in range(10))  # 170 bytes
    der = TNAuthList(entries).encode()
    assert der[1] == 0x81  # more than 127 bytes of content: long-form length
    assert TNAuthList.decode(der).entries == entries


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")
def test_openssl_reads_our_der() -> None:
    der = TNAuthList((Spc("1234"), TNRange("8613800000000", 10), OneTN("861"))).encode()
    out = subprocess.run(
        ["openssl", "asn1parse", "-inform", "DER"], input=der, capture_output=True, check=True
    ).stdout.decode()
    assert "IA5STRING         :1234" in out
    assert "IA5STRING         :8613800000000" in out and "INTEGER           :0A" in out
    assert "cont [ 0 ]" in out and "cont [ 1 ]" in out and "cont [ 2 ]" in out


def test_implicitly_tagged_entries_from_early_issuers_are_read() -> None:
    assert TNAuthList.decode(bytes.fromhex("3006800431323334")).entries == (Spc("1234"),)
    assert TNAuthList.decode(bytes.fromhex("30058203383631")).entries == (OneTN("861"),)
    implicit_range = bytes.fromhex("300aa108160338363102010a")
    assert TNAuthList.decode(implicit_range).entries == (TNRange("861", 10),)


@pytest.mark.parametrize(
    "hexed",
    [
        "",
        "30",
        "3000",  # empty list
        "3100",
        "300a a006160431323334",  # length beyond the data
        "3008a006160431323334 00",  # trailing bytes
        "3080a006160431323334 0000",  # indefinite length
        "308108a006160431323334",  # non-minimal long length
        "3008a306160431323334",  # unknown CHOICE tag
        "3008a006130431323334",  # PrintableString, not IA5String
        "3008a0061604313233b4",  # non-ASCII
        "300aa108300616013102017f"[:-2] + "ff",  # negative count
        "300ba1093007160131020200 7f",  # non-minimal count
        "300aa108300616013102 0101",  # count 1 is not a range
        "3008a206160431323a34",  # ':' is not a TN character
        "3015a2131611" + b"86138123456789012".hex(),  # 17 digits
        "3002 a000",
        "1f0100",
    ],
)
def test_malformed_der_is_refused(hexed: str) -> None:
    with pytest.raises(ValueError):
        TNAuthList.decode(bytes.fromhex(hexed.replace(" ", "")))


def test_coverage() -> None:
    tn_auth = TNAuthList((TNRange("8613800000000", 100), OneTN("8613912345678"), Spc("1234")))
    assert tn_auth.covers("8613800000000") and tn_auth.covers("8613800000099")
    assert not tn_auth.covers("8613800000100") and not tn_auth.covers("861380000000")
    assert not tn_auth.covers("86138000000000") and tn_auth.covers("8613912345678")
    assert not tn_auth.covers("1234") and tn_auth.spcs == ("1234",)
    assert TNRange("8613800000000", 100).end == "8613800000099"


def test_cli_style_ranges() -> None:
    assert parse_tn_range("8613800000000-8613899999999") == TNRange("8613800000000", 100_000_000)
    assert parse_tn_range("+861-+861") == OneTN("861")
    for text in ("861-86", "9-1", "abc", "8613800000000", "1-2-3"):
        with pytest.raises(InvalidInputError):
            parse_tn_range(text)
    with pytest.raises(InvalidInputError):
        tn_auth_list()
    with pytest.raises(InvalidInputError):
        tn_auth_list(tns=["12ab"])
    assert tn_auth_list(spc="1234", tns=["+8613912345678"]).entries == (
        Spc("1234"),
        OneTN("8613912345678"),
    )


_tn = st.text("0123456789#*", min_size=1, max_size=15)
_entry = st.one_of(
    st.builds(
        Spc, st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=64)
    ),
    st.builds(OneTN, _tn),
    st.builds(TNRange, _tn, st.integers(2, 2**100)),
)


@given(st.lists(_entry, min_size=1, max_size=30))
def test_der_round_trip(entries: list[Spc | OneTN | TNRange]) -> None:
    tn_auth = TNAuthList(tuple(entries))
    assert TNAuthList.decode(tn_auth.encode()) == tn_auth


@given(st.binary(max_size=200))
def test_decode_arbitrary_bytes_raises_only_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        TNAuthList.decode(data)
