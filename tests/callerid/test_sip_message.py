"""Recorded SIP requests as text: parsing, and verifying a call from one."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from fanzha.callerid.sip_message import CODE, MAX_HEADER_LINES, parse_sip_request
from fanzha.core import InvalidInputError
from tests.callerid.fuzz_shaken import test_one_input as fuzz_one_input

INVITE = (
    "INVITE sip:13900001111@operator.example;user=phone SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK776asdhds\r\n"
    'f: "Bank" <sip:+8613812345678@gw.example>;tag=1928301774\r\n'
    "t: <sip:13900001111@operator.example>\r\n"
    "i: a84b4c76e66710@gw.example\r\n"
    "Date: Sun, 23 Nov 2025 10:00:00 GMT\r\n"
    "y: token-one;info=<https://cert.example/a.pem>;alg=ES256;ppt=shaken\r\n"
    "Identity: token-two;info=<https://cert.example/b.pem>;\r\n"
    " alg=ES256;ppt=shaken\r\n"
    "Content-Type: application/sdp\r\n"
    "\r\n"
    "v=0\r\nIdentity: not a header, the body\r\n"
)


def test_reads_what_the_proxy_reads() -> None:
    request = parse_sip_request(INVITE)
    assert request.method == "INVITE"
    assert request.caller == "+8613812345678"  # From: no P-Asserted-Identity here
    assert request.callee == "13900001111"
    assert request.date == 1763892000
    assert request.identities == [
        "token-one;info=<https://cert.example/a.pem>;alg=ES256;ppt=shaken",
        "token-two;info=<https://cert.example/b.pem>; alg=ES256;ppt=shaken",  # unfolded
    ]
    assert request.first("call-id") == "a84b4c76e66710@gw.example"


def test_p_asserted_identity_wins_and_bare_lf_lines_work() -> None:
    text = (
        INVITE.replace("\r\n", "\n")
        .replace(
            "i: a84b",
            '"Ann" <sip:+8613811112222@x;user=phone>, <tel:+8613811112222>\ni: a84b',
        )
        .replace('"Ann"', 'P-Asserted-Identity: "Ann, B"')
    )
    request = parse_sip_request("\n\n" + text)
    assert request.caller == "+8613811112222"
    no_ruri_user = parse_sip_request(text.replace("sip:13900001111@operator", "sip:operator", 1))
    assert no_ruri_user.callee == "13900001111"  # from To


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("SIP/2.0 200 OK\r\nVia: x\r\n", "a SIP response"),
        ("GET / HTTP/1.1\r\nHost: x\r\n", "not a SIP request line"),
        ("INVITE sip:1@x SIP/2.0\r\nno colon here\r\n", "not a header"),
        ("INVITE sip:1@x SIP/2.0\r\nBad Name: x\r\n", "not a header"),
        ("INVITE sip:1@x SIP/2.0\r\n" + "A: b\r\n" * (MAX_HEADER_LINES + 1), "more than"),
        ("INVITE sip:1@x SIP/2.0\r\nA: " + "b" * 70_000, "larger than"),
    ],
)
def test_what_is_not_a_request_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_sip_request(text)
    assert caught.value.code == CODE
    with pytest.raises(InvalidInputError):
        parse_sip_request(text.encode())


def test_errors_name_the_line_and_never_echo_the_text() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_sip_request("call from 13812345678 yesterday")
    assert caught.value.details == {"line_number": 1}
    with pytest.raises(InvalidInputError) as caught:
        parse_sip_request("INVITE sip:1@x SIP/2.0\nVia: x\n13812345678\n")
    assert caught.value.details == {"line_number": 3}
    with pytest.raises(InvalidInputError) as caught:  # leading blank lines count too
        parse_sip_request("\n\nINVITE sip:1@x SIP/2.0\nVia: x\nbad\n")
    assert caught.value.details == {"line_number": 5}
    assert "13812345678" not in json.dumps(caught.value.to_dict())


_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True)
_VALUE = st.text(
    st.characters(codec="utf-8", exclude_characters="\r\n", exclude_categories=["Cs"]),
    max_size=80,
).map(str.strip)


@given(st.lists(st.tuples(_NAME, _VALUE), max_size=30))
def test_well_formed_headers_come_back_in_order(headers: list[tuple[str, str]]) -> None:
    text = "INVITE sip:1@x SIP/2.0\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers)
    request = parse_sip_request(text)
    assert [v for _, v in request.headers] == [v for _, v in headers]


@given(st.text(max_size=600) | st.binary(max_size=600))
def test_any_input_parses_or_is_refused_with_the_code(data: str | bytes) -> None:
    try:
        request = parse_sip_request(data)
    except InvalidInputError as exc:
        assert exc.code == CODE
    else:
        assert isinstance(request.caller, str) and isinstance(request.callee, str)
        assert request.date is None or isinstance(request.date, int)


def test_fuzz_target_runs_without_atheris() -> None:
    for mode in range(4):
        fuzz_one_input(bytes([mode]) + INVITE.encode())
        fuzz_one_input(bytes([mode | 8]) + b"\xff\x00INVITE")


@pytest.fixture
def pki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("FANZHA_SHAKEN_"):
            monkeypatch.delenv(name)
    from fanzha.callerid.shaken import init_ca, issue_cert, tn_auth_list

    init_ca(tmp_path / "ca")
    issue_cert(tmp_path / "ca", tmp_path / "sti", tn_auth_list(spc="1234"))
    return tmp_path


def test_verify_a_recorded_invite_from_the_cli(pki: Path) -> None:
    from fanzha.callerid.shaken import Signer
    from fanzha.cli import main

    x5u = "https://127.0.0.1:9/sti-chain.pem"
    identity = Signer.from_files(pki / "sti" / "sti.key", x5u).sign(
        "+8613812345678", "13900001111", "A"
    )
    message = pki / "invite.txt"
    one_identity = INVITE.replace(
        "Identity: token-two;info=<https://cert.example/b.pem>;\r\n alg=ES256;ppt=shaken\r\n", ""
    ).replace("token-one;info=<https://cert.example/a.pem>;alg=ES256;ppt=shaken", identity)
    message.write_text(one_identity)
    runner = CliRunner()
    base = [
        "shaken", "verify", "--trust-anchors", str(pki / "ca" / "trust-anchors.pem"),
        "--cert", str(pki / "sti" / "sti-chain.pem"), "--json",
    ]  # fmt: skip
    passed = runner.invoke(main, [*base, "--sip-message", str(message)])
    assert passed.exit_code == 0, passed.output
    assert json.loads(passed.output)["verstat"] == "TN-Validation-Passed"

    spoofed = message.read_text().replace("+8613812345678@gw", "+8613812345679@gw")
    failed = runner.invoke(main, [*base, "--sip-message", "-"], input=spoofed)
    assert failed.exit_code == 1
    assert json.loads(failed.output)["findings"][0]["code"] == "SHAKEN.ORIG_MISMATCH"

    stale_identity = Signer.from_files(pki / "sti" / "sti.key", x5u).sign(
        "+8613812345678", "13900001111", "A", iat=int(time.time()) - 150
    )
    stale = runner.invoke(
        main,
        [*base[:-1], "--sip-message", "-"],
        input=message.read_text().replace(identity, stale_identity),
    )
    assert stale.exit_code == 1 and "SHAKEN.STALE_IAT" in stale.output
    assert "add --now" in stale.output and "Date header says 1763892000" in stale.output
    as_of = runner.invoke(
        main,
        [*base, "--sip-message", "-", "--now", str(int(time.time()) - 140)],
        input=message.read_text().replace(identity, stale_identity),
    )
    assert as_of.exit_code == 0, as_of.output

    for args, stdin, code in (
        (["--sip-message", "-"], "SIP/2.0 200 OK\r\n", CODE),
        ([], None, "REQUEST.INVALID"),
        (["--identity", identity, "--orig", "13812345678"], None, "REQUEST.INVALID"),
    ):
        refused = runner.invoke(main, [*base, *args], input=stdin)
        assert refused.exit_code == 2, refused.output
        assert json.loads(refused.output)["error"]["code"] == code
