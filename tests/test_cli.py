from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from fanzha.cli import main


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FANZHA_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += all_commands(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("path", all_commands(main), ids=lambda p: " ".join(p) or "fanzha")
def test_help_everywhere(run, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_number_check(run) -> None:  # type: ignore[no-untyped-def]
    result = run("number", "check", "０１０－６４００ １２３４")
    assert result.exit_code == 0, result.output
    assert "fixed_line" in result.output and "+861064001234" in result.output


def test_number_check_json(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("number", "check", "sip:+8613812345678@ims.example", "--json").output)
    assert data["number"] == "+8613812345678" and data["carrier"] == "china_mobile"


def test_bad_number_is_one_clear_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("number", "check", "hello")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_bad_number_json_uses_the_error_shape(run) -> None:  # type: ignore[no-untyped-def]
    result = run("number", "check", "hello", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "NUMBER.INVALID"


def test_call_screen(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "call",
        "screen",
        "--caller",
        "+8613812345678",
        "--callee",
        "13900001111",
        "--ingress",
        "international",
        "--json",
    )
    data = json.loads(result.output)
    assert data["action"] == "block"
    assert data["findings"][0]["code"] == "CALLERID.INTL_GATEWAY_DOMESTIC_CLI"


def test_call_screen_of_a_recorded_invite(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invite = tmp_path / "invite.txt"
    invite.write_text(
        "INVITE sip:13900001111@operator.example SIP/2.0\n"
        'f: "95588" <sip:+8613812345678@gw.example>;tag=1\n'
        "t: <sip:13900001111@operator.example>\n\n"
    )
    screen = ("call", "screen", "--ingress", "international", "--json", "--sip-message")
    blocked = json.loads(run(*screen, str(invite)).output)
    assert blocked["action"] == "block"
    assert blocked["findings"][0]["code"] == "CALLERID.INTL_GATEWAY_DOMESTIC_CLI"
    # the caller given on the command line wins over the message's
    official = run(*screen, str(invite), "--caller", "96110")
    assert json.loads(official.output)["action"] != "block"
    invite.write_text("SIP/2.0 180 Ringing\n")
    refused = run(*screen, str(invite))
    assert refused.exit_code != 0
    assert json.loads(refused.output)["error"]["code"] == "SIP.MESSAGE_INVALID"
    neither = run("call", "screen", "--json")
    assert json.loads(neither.output)["error"]["code"] == "REQUEST.INVALID"


def test_call_screen_bad_ingress(run) -> None:  # type: ignore[no-untyped-def]
    result = run("call", "screen", "--caller", "1", "--callee", "2", "--ingress", "moon")
    assert result.exit_code == 2


def test_report_then_subscriber_then_screen(run) -> None:  # type: ignore[no-untyped-def]
    for i in range(6):
        assert run("report", "add", "13512340001", "--reporter", f"r{i}").exit_code == 0
    listed = run("report", "list", "--json")
    assert len(json.loads(listed.output)["reports"]) == 6
    assert "+86135****0001" in listed.output
    data = json.loads(run("number", "check", "13512340001", "--json").output)
    assert data["reputation"]["distinct_reporters"] == 6
    call = (
        "call",
        "screen",
        "--caller",
        "+12025550123",
        "--callee",
        "13900001111",
        "--ingress",
        "international",
        "--json",
    )
    assert json.loads(run(*call).output)["action"] == "block"
    assert run("subscriber", "set", "13900001111", "--international-calls", "allow").exit_code == 0
    assert json.loads(run(*call).output)["action"] == "allow"


def test_registry_list_and_settings(run) -> None:  # type: ignore[no-untyped-def]
    assert "96110" in run("registry", "list").output
    assert "FANZHA_DATABASE_URL" in run("settings").output


def test_demo_load_is_idempotent(run) -> None:  # type: ignore[no-untyped-def]
    first = run("demo", "load")
    assert first.exit_code == 0 and " 0 " not in first.output
    assert "demo data: 0 reports added" in run("demo", "load").output


def test_bad_setting_is_reported(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FANZHA_PORT", "eighty")
    result = run("number", "check", "110")
    assert result.exit_code == 1
    assert "FANZHA_PORT" in result.stderr
