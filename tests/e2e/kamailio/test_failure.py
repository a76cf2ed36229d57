"""A handler error never drops a call silently: it fails open or closed, logged and counted."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.kamailio.conftest import REPO_ROOT
from tests.e2e.kamailio.sipnet import SipNet

CALLER = "13812345678"
FAULTY_CALLEE = "13900009999"  # tests/e2e/kamailio/faulty.py raises for it
FAULTY = "tests.e2e.kamailio.faulty:create_handler"


def _faulty(start_proxy: Any, name: str, fail: str, **options: Any) -> tuple[Any, SipNet]:
    from fanzha.callerid.kamailio import Trunk

    return start_proxy(  # type: ignore[no-any-return]
        name,
        fail=fail,
        handler_factory=FAULTY,
        python_path=(str(REPO_ROOT),),
        trunks=(
            Trunk("sbc", ("127.0.0.1/32",), trusted=True),
            Trunk("intl-gw", ("127.0.0.2/32",), ingress="international"),
        ),
        **options,
    )


@pytest.fixture(scope="module")
def fail_open(start_proxy: Any) -> tuple[Any, SipNet]:
    # no Call-Info configured: rejections are 603 Decline
    return _faulty(start_proxy, "fail-open", "open")


@pytest.fixture(scope="module")
def fail_closed(start_proxy: Any) -> tuple[Any, SipNet]:
    return _faulty(start_proxy, "fail-closed", "closed")


def test_fail_open_forwards_unscreened_and_says_so(fail_open: tuple[Any, SipNet]) -> None:
    process, net = fail_open
    result = net.call(CALLER, FAULTY_CALLEE, source="127.0.0.1")
    assert result.status == 200, result.describe()
    assert result.received is not None
    assert result.received.all("X-Fanzha-Verdict") == ["unscreened; reason=handler-error"]
    stats = process.stats()
    assert stats["fanzha_handler_errors"] == 1 and stats["fanzha_fail_open"] == 1, stats
    log = process.log_text()
    assert "handler error for call" in log and "injected fault" in log
    assert "failing open" in log
    assert "138****5678" in log and CALLER not in log


def test_fail_open_proxy_still_screens_other_calls(fail_open: tuple[Any, SipNet]) -> None:
    _, net = fail_open
    allowed = net.call(CALLER, "13900001111", source="127.0.0.1")
    assert allowed.status == 200, allowed.describe()
    assert (allowed.received.get("X-Fanzha-Verdict") or "").startswith("allow; ")  # type: ignore[union-attr]
    rejected = net.call(CALLER, "13900001111", source="127.0.0.2")
    assert rejected.status == 603, rejected.describe()
    assert rejected.final.first_line == "SIP/2.0 603 Decline"  # type: ignore[union-attr]
    assert rejected.final.get("Call-Info") is None  # type: ignore[union-attr]
    assert "cause=603" in (rejected.final.get("Reason") or "")  # type: ignore[union-attr]


def test_fail_closed_rejects_with_503(fail_closed: tuple[Any, SipNet]) -> None:
    process, net = fail_closed
    result = net.call(CALLER, FAULTY_CALLEE, source="127.0.0.1")
    assert result.status == 503, result.describe()
    assert result.received is None
    assert 'text="fanzha screening unavailable"' in (result.final.get("Reason") or "")  # type: ignore[union-attr]
    stats = process.stats()
    assert stats["fanzha_handler_errors"] == 1 and stats["fanzha_fail_closed"] == 1, stats
    assert "failing closed" in process.log_text()


def test_broken_install_fails_closed_on_every_call(start_proxy: Any) -> None:
    """fanzha cannot even be imported by Kamailio's Python: Kamailio starts, calls fail closed."""
    process, net = start_proxy(
        "broken-install", fail="closed", handler_factory="fanzha_not_installed:create_handler"
    )
    result = net.call(CALLER, "13900001111", source="127.0.0.1")
    assert result.status == 503, result.describe()
    log = process.log_text()
    assert "cannot load the fanzha handler" in log and "fanzha_not_installed" in log
    assert process.stats()["fanzha_fail_closed"] == 1


def test_broken_install_fails_open_when_configured(start_proxy: Any) -> None:
    process, net = start_proxy(
        "broken-install-open", fail="open", handler_factory="fanzha_not_installed:create_handler"
    )
    result = net.call(CALLER, "13900001111", source="127.0.0.1")
    assert result.status == 200, result.describe()
    assert result.received.all("X-Fanzha-Verdict") == ["unscreened; reason=handler-error"]  # type: ignore[union-attr]
    assert process.stats()["fanzha_handler_errors"] >= 1
