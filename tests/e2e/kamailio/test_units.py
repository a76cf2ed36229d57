"""The Kamailio glue without Kamailio: SIP helpers, config, rendering, the handler on a fake KSR.

These run everywhere (also with FANZHA_TEST_SKIP_SIP=1); the calls through
real Kamailio are in test_proxy.py and test_failure.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fanzha.callerid.kamailio import (
    Mode,
    Trunk,
    Verification,
    from_mapping,
    load_config,
    python_info,
    render,
    simple_config,
)
from fanzha.callerid.kamailio.handler import FAILED, FORWARD, REPLIED, KamailioHandler
from fanzha.callerid.kamailio.handler import HandlerSettings as HS
from fanzha.callerid.sip import (
    header_safe,
    quoted,
    replace_uri,
    uri_of,
    user_of,
    verstat_of,
    with_verstat,
)
from fanzha.core import ConfigError, Ingress

# --- SIP helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "user"),
    [
        ("sip:+8613812345678@host;user=phone", "+8613812345678"),
        ("sip:+8613812345678;verstat=X@host", "+8613812345678"),
        ("sips:13812345678:secret@host:5061", "13812345678"),
        ("tel:+8613812345678;cpc=ordinary", "+8613812345678"),
        ("sip:host.example", ""),
        ("mailto:x@y", ""),
        ("sip:%2B8613812345678@host", "+8613812345678"),
    ],
)
def test_user_of(uri: str, user: str) -> None:
    assert user_of(uri) == user


def test_verstat_in_the_user_part_of_sip_uris_and_as_tel_parameter() -> None:
    sip = "sip:+8613812345678@ims.example;user=phone"
    passed = with_verstat(sip, "TN-Validation-Passed")
    assert passed == "sip:+8613812345678;verstat=TN-Validation-Passed@ims.example;user=phone"
    assert verstat_of(passed) == "TN-Validation-Passed"
    assert with_verstat(passed, "TN-Validation-Failed").count("verstat") == 1
    assert with_verstat(passed, None) == sip
    assert with_verstat("tel:+8613812345678", "No-TN-Validation") == (
        "tel:+8613812345678;verstat=No-TN-Validation"
    )
    assert with_verstat("sip:host.example", "TN-Validation-Passed") == "sip:host.example"


def test_header_values_keep_display_names_and_cannot_inject() -> None:
    body = '"Bob" <sip:+8613812345678@h;user=phone>;tag=1'
    assert uri_of(body) == "sip:+8613812345678@h;user=phone"
    assert replace_uri(body, "sip:x@h") == '"Bob" <sip:x@h>;tag=1'
    assert replace_uri("sip:a@h;tag=1", "sip:b@h;user=phone") == "<sip:b@h;user=phone>;tag=1"
    assert "\r" not in header_safe("a\r\nInjected: yes") and "\n" not in header_safe("a\nb")
    assert quoted('say "hi" \\') == '"say \\"hi\\" \\\\"'


# --- configuration ----------------------------------------------------------------------


def test_toml_config_with_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "proxy.toml").write_text(
        """
listen = ["udp:127.0.0.1:5060", "tcp:127.0.0.1:5060"]
next_hop = "10.0.0.5:5060"
mode = "monitor"
fail = "closed"

[reject]
call_info = "https://fanzha.example.cn/rejected.jws"

[[trunks]]
name = "intl-gw"
sources = ["203.0.113.0/24", "2001:db8::/32"]
ingress = "international"

[verification]
trust_anchors = "pki/trust-anchors.pem"

[fanzha]
FANZHA_DATABASE_URL = "postgresql+psycopg://fanzha@db/fanzha"
""",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "proxy.toml")
    assert config.mode is Mode.MONITOR and config.effective_reject_status == 608
    assert config.trunks[0].ingress is Ingress.INTERNATIONAL
    assert config.verification.trust_anchors == str(tmp_path / "pki" / "trust-anchors.pem")
    env = config.handler_json()["fanzha_env"]
    assert env["FANZHA_SHAKEN_TRUST_ANCHORS"].endswith("trust-anchors.pem")
    assert env["FANZHA_DATABASE_URL"].startswith("postgresql")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"next_hop": "", "listen": "127.0.0.1:5060"}, "next_hop"),
        ({"next_hop": "h:1", "listen": "nowhere"}, "listen"),
        ({"next_hop": "h:1", "mode": "block-all"}, "mode"),
        ({"next_hop": "h:1", "trunks": [{"name": "x", "sources": ["10.0.0.300"]}]}, "sources"),
        ({"next_hop": "h:1", "reject": {"status": 486}}, "reject.status"),
        ({"next_hop": "h:1", "reject": {"call_info": "http://x"}}, "call_info"),
        ({"next_hop": "h:1", "fanzha": {"PATH": "/tmp"}}, "fanzha.PATH"),
        ({"next_hop": "h:1", "surprise": 1}, "surprise"),
    ],
)
def test_bad_config_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_mapping(data)
    assert field in caught.value.message


def test_rendered_config_loads_tm_before_sl_and_writes_the_bootstrap(tmp_path: Path) -> None:
    config = simple_config("127.0.0.1:5060", "127.0.0.1:5080", fail="closed")
    rendered = render(config, tmp_path, module_dir="/usr/lib/kamailio/modules")
    text = rendered.cfg.read_text()
    assert text.index('loadmodule "tm.so"') < text.index('loadmodule "sl.so"')
    assert 'python_exec("on_invite")' in text and 'sl_send_reply("503"' in text
    assert rendered.bootstrap is not None and rendered.settings is not None
    settings = json.loads(rendered.settings.read_text())
    assert settings["python"]["cache_tag"] == python_info()["cache_tag"]
    assert any(p.endswith("site-packages") for p in settings["python"]["sys_path"])
    assert settings["handler"]["fail"] == "closed"
    assert Path(settings["handler"]["fanzha_env"]["FANZHA_DATA_DIR"]).is_absolute()
    plain = render(config.with_changes(mode=Mode.PLAIN), tmp_path / "plain", module_dir="/m")
    assert "app_python3.so" not in plain.cfg.read_text() and plain.bootstrap is None


# --- the handler on a fake KSR ----------------------------------------------------------


class _Namespace:
    pass


class FakeKsr:
    """The part of Kamailio's KSR module the handler uses, recording what it does."""

    def __init__(self, pv: dict[str, Any]) -> None:
        self.values = pv
        self.appended: list[str] = []
        self.removed: list[str] = []
        self.reply_headers: list[str] = []
        self.replies: list[tuple[int, str]] = []
        self.from_uri: str | None = None
        self.stats: dict[str, int] = {}
        self.logs: list[tuple[str, str]] = []
        self.pv = _Namespace()
        self.pv.get = self.values.get  # type: ignore[attr-defined]
        self.hdr = _Namespace()
        self.hdr.append = self.appended.append  # type: ignore[attr-defined]
        self.hdr.remove = self.removed.append  # type: ignore[attr-defined]
        self.hdr.append_to_reply = self.reply_headers.append  # type: ignore[attr-defined]
        self.sl = _Namespace()
        self.sl.send_reply = lambda code, reason: self.replies.append((code, reason))  # type: ignore[attr-defined]
        self.uac = _Namespace()
        self.uac.uac_replace_from_uri = self._replace_from  # type: ignore[attr-defined]
        self.statistics = _Namespace()
        self.statistics.update_stat = self._stat  # type: ignore[attr-defined]
        for level in ("err", "warn", "notice", "info", "dbg"):
            setattr(self, level, lambda text, level=level: self.logs.append((level, text)))

    def _replace_from(self, uri: str) -> int:
        self.from_uri = uri
        return 1

    def _stat(self, name: str, value: int) -> int:
        self.stats[name] = self.stats.get(name, 0) + value
        return 1


def _invite(source: str, caller: str, callee: str, **extra: Any) -> dict[str, Any]:
    return {
        "$si": source,
        "$ci": "call-1",
        "$fu": f"sip:{caller}@{source};user=phone",
        "$rU": callee,
        "$tU": callee,
        **extra,
    }


@pytest.fixture()
def handler_settings(tmp_path: Path) -> HS:
    config = simple_config(
        "127.0.0.1:5060",
        "127.0.0.1:5080",
        trunks=(Trunk("gw", ("192.0.2.1",), ingress="international"),),
        fanzha_env={"FANZHA_DATA_DIR": str(tmp_path)},
        verification=Verification(enabled=False),
    )
    return HS.from_json(config.handler_json())


def test_handler_forwards_with_a_verdict_and_strips_forged_ones(handler_settings: HS) -> None:
    ksr = FakeKsr(
        _invite("198.51.100.7", "13812345678", "13900001111", **{"$hdr(X-Fanzha-Verdict)": "x"})
    )
    handler = KamailioHandler(replace(handler_settings, default_ingress=Ingress.DOMESTIC), ksr)
    handler._ensure_services()  # what child_init does, without its GC tuning
    assert handler.on_invite() == FORWARD
    assert "X-Fanzha-Verdict" in ksr.removed
    assert any(h.startswith("X-Fanzha-Verdict: allow; score=") for h in ksr.appended), ksr.appended
    assert ksr.stats.get("fanzha_allowed") == 1


def test_handler_rejects_number_change_with_603_without_call_info(handler_settings: HS) -> None:
    ksr = FakeKsr(_invite("192.0.2.1", "13812345678", "13900001111"))
    handler = KamailioHandler(handler_settings, ksr)
    assert handler.on_invite() == REPLIED
    assert ksr.replies == [(603, "Decline")]
    assert not any(h.startswith("Call-Info") for h in ksr.reply_headers)
    assert any("CALLERID.INTL_GATEWAY_DOMESTIC_CLI" in h for h in ksr.reply_headers)
    assert all(h.endswith("\r\n") and "\r\n" not in h[:-2] for h in ksr.reply_headers)


def test_handler_error_is_logged_masked_counted_and_returned(handler_settings: HS) -> None:
    def broken(_: HS) -> Any:
        raise RuntimeError("store down while looking up +8613812345678")

    ksr = FakeKsr(_invite("192.0.2.1", "13812345678", "13900001111"))
    handler = KamailioHandler(handler_settings, ksr, services_factory=broken)
    assert handler.on_invite() == FAILED
    assert ksr.stats["fanzha_handler_errors"] == 1
    text = " ".join(message for _, message in ksr.logs)
    assert "failing open" in text and "+86138****5678" in text
    assert "13812345678" not in text


def test_cli_group_registers_and_renders(tmp_path: Path) -> None:
    import click
    from click.testing import CliRunner

    from fanzha.callerid.kamailio.cli import register

    main = click.Group("fanzha")
    register(main)
    assert "kamailio" in main.commands
    modules = tmp_path / "modules"  # works without Kamailio installed
    modules.mkdir()
    (modules / "app_python3.so").write_bytes(b"")
    result = CliRunner(env={"FANZHA_KAMAILIO_MODULES": str(modules)}).invoke(
        main,
        ["kamailio", "config", "--next-hop", "127.0.0.1:5080", "--fail", "closed",
         "--run-dir", str(tmp_path / "run")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "kamailio -f" in result.output or "kamailio.cfg" in result.output
    settings = json.loads((tmp_path / "run" / "fanzha-kamailio.json").read_text())
    assert settings["handler"]["fail"] == "closed"
    assert f'mpath="{modules}"' in (tmp_path / "run" / "kamailio.cfg").read_text()
