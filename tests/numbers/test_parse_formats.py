"""parse_number accepts every way people and switches write a number."""

from __future__ import annotations

import pytest

from fanzha.numbers.parse import parse_number

MOBILE = "+8613812345678"
BEIJING = "+861012345678"
SHENZHEN = "+8675512345678"


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "(138) 1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+86 (138) 1234.5678",
        "0086 138 1234 5678",
        "0086-13812345678",
        "8613812345678",
        "86 138 1234 5678",
        "013812345678",  # out-of-area mobile as older switches present it
        "  13812345678\n",
        # full-width digits and punctuation from Chinese input methods
        "１３８１２３４５６７８",
        "＋８６　１３８－１２３４－５６７８",
        "（１３８）１２３４５６７８",
        # invisible characters pasted from phone apps, NBSP, soft hyphen
        "\u202a+86 138 1234 5678\u202c",
        "138\u200b1234\u200d5678",
        "\ufeff13812345678",
        "138\u00a01234\u00a05678",
        "138\u20141234\u20135678",
        "138\u00ad1234\u00ad5678",
        # SIP and tel URIs
        "sip:+8613812345678@carrier.example;user=phone",
        "sips:+8613812345678@carrier.example;user=phone",
        "SIP:+8613812345678@carrier.example",
        "<sip:+8613812345678@carrier.example>",
        '"Customer Service" <sip:+8613812345678@carrier.example;user=phone>;tag=a1b2',
        "客服 <sip:+8613812345678@carrier.example>",
        "sip:13812345678@1.2.3.4:5060",
        "sip:13812345678;npdi;rn=+8613900000000@1.2.3.4",
        "sip:%2B8613812345678@carrier.example",
        "sip:+8613812345678:secret@carrier.example",
        "13812345678@10.0.0.1",
        "tel:+86-138-1234-5678",
        "tel:+86-138-1234-5678;phone-context=ims.example",
        "tel:13812345678;phone-context=+86",
        "TEL:+8613812345678",
        "＜sip：+8613812345678＠carrier.example＞",
    ],
)
def test_mobile_written_every_way(raw: str) -> None:
    info = parse_number(raw)
    assert info.e164 == MOBILE
    assert info.national == "13812345678"
    assert info.raw == raw


@pytest.mark.parametrize(
    "raw",
    [
        "01012345678",
        "010-12345678",
        "010 1234 5678",
        "(010) 1234 5678",
        "(010)12345678",
        "010.1234.5678",
        "+86 10 1234 5678",
        "+86 (0)10 1234 5678",
        "+86 010 12345678",
        "0086 10 12345678",
        "861012345678",
        "tel:010-12345678;phone-context=+86",
        "tel:12345678;phone-context=+86-10",
        "sip:+861012345678@gw.example;user=phone",
        "（０１０）１２３４５６７８",
    ],
)
def test_beijing_fixed_line_written_every_way(raw: str) -> None:
    info = parse_number(raw)
    assert info.e164 == BEIJING
    assert info.national == "01012345678"


@pytest.mark.parametrize(
    "raw",
    ["075512345678", "0755 12345678", "0755-1234-5678", "(0755) 1234 5678", "+86 755 1234 5678"],
)
def test_shenzhen_fixed_line(raw: str) -> None:
    assert parse_number(raw).e164 == SHENZHEN


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("110", "+86110"),
        ("+86110", "+86110"),
        ("+86 110", "+86110"),
        ("0086110", "+86110"),
        ("tel:110", "+86110"),
        ("sip:110@pbx.example", "+86110"),
        ("９５５８８", "+8695588"),
        ("955 88", "+8695588"),
        ("sip:95588@gw.example", "+8695588"),
        ("+86 95588", "+8695588"),
    ],
)
def test_short_numbers(raw: str, e164: str) -> None:
    info = parse_number(raw)
    assert info.e164 == e164
    assert info.national == e164[3:]


@pytest.mark.parametrize(
    ("raw", "e164", "national"),
    [
        ("+852 2123 4567", "+85221234567", "21234567"),
        ("00852-5123-4567", "+85251234567", "51234567"),
        ("sip:+85251234567@hk.example", "+85251234567", "51234567"),
        ("+853 6612 3456", "+85366123456", "66123456"),
        ("+886 2 2123 4567", "+886221234567", "0221234567"),
        ("+886 912 345 678", "+886912345678", "0912345678"),
        ("001 (201) 555-0123", "+12015550123", "2015550123"),
        ("+44 20 7946 0958", "+442079460958", "02079460958"),
        ("tel:+855-23-756-789", "+85523756789", "023756789"),
    ],
)
def test_international_formats(raw: str, e164: str, national: str) -> None:
    info = parse_number(raw)
    assert (info.e164, info.national) == (e164, national)


def test_other_default_region() -> None:
    hk = parse_number("2123 4567", default_region="HK")
    assert hk.e164 == "+85221234567"
    assert parse_number("2123 4567", default_region="hk").e164 == "+85221234567"
    # a +86 number read with another default region is still classified as domestic
    cn = parse_number("+86 138 1234 5678", default_region="US")
    assert (cn.e164, cn.carrier) == (MOBILE, parse_number(MOBILE).carrier)
    us = parse_number("(201) 555-0123", default_region="US")
    assert us.e164 == "+12015550123"


def test_e164_output_reparses_to_itself() -> None:
    for raw in ["13812345678", "010-12345678", "110", "95588", "4001234567", "+85221234567",
                "1069012345678", "1401234567890", "17012345678"]:  # fmt: skip
        info = parse_number(raw)
        assert parse_number(info.e164).e164 == info.e164
