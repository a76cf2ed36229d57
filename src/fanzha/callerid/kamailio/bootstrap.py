"""Bootstrap of fanzha inside Kamailio's app_python3 (standard library only).

``fanzha kamailio config`` copies this file next to the generated
kamailio.cfg as ``fanzha_kamailio.py`` and writes ``fanzha-kamailio.json``
beside it. Kamailio embeds the *system* Python (Debian: /usr/bin/python3,
libpython3.11), not fanzha's virtualenv, so at ``mod_init`` this module:

1. reads the JSON (written by the virtualenv's fanzha, so it names that
   interpreter's version, ABI tag and site-packages);
2. refuses, with a clear log line, when the embedded Python is another minor
   version or ABI than the virtualenv's: compiled wheels (pydantic-core,
   orjson, cryptography) only load into the ABI they were built for; patch
   releases (3.11.2 here, 3.11.7 in the venv) share one ABI;
3. takes the system's dist-packages off ``sys.path`` (Debian ships older
   cryptography and PyJWT there, which would shadow the venv's) and puts the
   venv's site-packages first, processing their .pth files so an editable
   install (``pip install -e``) resolves too;
4. imports the handler factory named in the JSON and returns its handler.

Whatever fails, Kamailio still starts and every INVITE goes to the config's
failure route (fail open or closed, as configured), with the reason in the log:
a broken install never drops calls silently.
"""

from __future__ import annotations

import importlib
import json
import os
import site
import sys
import time
import traceback
from typing import Any

SETTINGS_NAME = "fanzha-kamailio.json"
FAILED = 3  # what route[FANZHA] reads as "handler error, already logged"
_HERE = os.path.dirname(os.path.abspath(__file__))


def _ksr() -> Any:
    """Kamailio's KSR module (only importable inside Kamailio)."""
    return importlib.import_module("KSR")


def _log_error(text: str) -> None:
    ksr = _ksr()
    for line in text.rstrip("\n").splitlines() or [""]:
        ksr.err(f"fanzha: {line}\n")


def abi_problem(expected: dict[str, Any]) -> str | None:
    """Why the venv's compiled packages cannot load into this interpreter, or None."""
    tag = sys.implementation.cache_tag  # "cpython-311"
    want_tag = str(expected.get("cache_tag", tag))
    want_version = str(expected.get("version", ""))
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if tag != want_tag or (want_version and want_version.rsplit(".", 1)[0] != here):
        return (
            f"Kamailio embeds Python {sys.version.split()[0]} ({tag}) but fanzha was installed "
            f"for Python {want_version} ({want_tag}); compiled packages cannot load across "
            f"minor versions. Create the virtualenv with the same minor version as the "
            f"system python3 (e.g. '/usr/bin/python3 -m venv .venv'), then re-render."
        )
    return None


def activate(paths: list[str], isolate: bool = True) -> list[str]:
    """Put ``paths`` (site-packages dirs, then plain dirs) first on sys.path; return sys.path."""
    if isolate:
        system = {
            p
            for p in sys.path
            if os.path.basename(p.rstrip("/")) in ("dist-packages", "site-packages")
        }
        sys.path[:] = [p for p in sys.path if p not in system]
    before = list(sys.path)
    for path in paths:
        if os.path.isdir(path) and os.path.basename(path.rstrip("/")) == "site-packages":
            site.addsitedir(path)  # also runs the .pth files (editable installs)
        elif path not in sys.path:
            sys.path.append(path)
    added = [p for p in sys.path if p not in before]
    sys.path[:] = added + before
    if not getattr(sys, "argv", None):
        sys.argv = ["kamailio"]  # embedded interpreters have no argv; some libraries read it
    return list(sys.path)


def probe(modules: list[str]) -> str:
    """Import each compiled module and say where from: proof the venv's wheels load here."""
    parts = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # (reported, not fatal: the handler may not need it)
            parts.append(f"{name} FAILED ({type(exc).__name__}: {str(exc)[:120]})")
            continue
        top = sys.modules.get(name.split(".", 1)[0])
        version = getattr(module, "__version__", None) or getattr(top, "__version__", "?")
        parts.append(f"{name} {version}")
    return ", ".join(parts)


class Unavailable:
    """Stands in for the handler when fanzha could not be loaded."""

    def __init__(self, reason: str, fail: str) -> None:
        self.reason = reason
        self.fail = fail
        self._last_log = 0.0

    def child_init(self, rank: int) -> int:
        return 0

    def on_invite(self, msg: Any) -> int:
        now = time.monotonic()
        if now - self._last_log > 10.0:  # at most one line per process every 10 s
            self._last_log = now
            _ksr().err(f"fanzha: handler unavailable ({self.reason}); failing {self.fail}\n")
        _ksr().statistics.update_stat("fanzha_handler_errors", 1)
        return FAILED


def load_settings(directory: str = _HERE) -> dict[str, Any]:
    with open(os.path.join(directory, SETTINGS_NAME), encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{SETTINGS_NAME} is not a JSON object")
    return data


def mod_init() -> Any:
    fail = "as configured in kamailio.cfg"
    try:
        settings = load_settings()
        fail = str(settings.get("handler", {}).get("fail", fail))
        python = settings.get("python", {})
        problem = abi_problem(python)
        if problem:
            _log_error(problem)
            return Unavailable("Python version mismatch", fail)
        activate([str(p) for p in python.get("sys_path", [])], bool(python.get("isolate", True)))
        if python.get("probe"):
            _ksr().notice(f"fanzha: compiled modules: {probe(list(python['probe']))}\n")
        module_name, _, factory_name = str(settings["handler"]["handler_factory"]).partition(":")
        factory = getattr(importlib.import_module(module_name), factory_name)
        handler = factory(settings["handler"], _ksr())
        _ksr().notice(
            f"fanzha: handler {type(handler).__name__} ready in Python {sys.version.split()[0]} "
            f"from {sys.path[0]}; fail {fail}\n"
        )
        return handler
    except BaseException as exc:
        _log_error(
            "cannot load the fanzha handler; every INVITE will fail "
            f"{fail}. sys.path={sys.path!r}\n{traceback.format_exc(limit=4)}"
        )
        return Unavailable(f"{type(exc).__name__}: {str(exc)[:200]}", fail)
