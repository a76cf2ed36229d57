"""Render a ProxyConfig into a Kamailio run directory.

``render(config, run_dir)`` writes three files and returns where they are:

    run_dir/kamailio.cfg           the Kamailio configuration (from templates/kamailio.cfg.j2)
    run_dir/fanzha_kamailio.py     the app_python3 bootstrap (a copy of bootstrap.py)
    run_dir/fanzha-kamailio.json   what the bootstrap and the handler read

The JSON records the Python that rendered it (this one: fanzha's virtualenv)
so the bootstrap can put that interpreter's site-packages on the embedded
interpreter's path, and refuse clearly when the ABI differs.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import shutil
import sys
import sysconfig
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

import fanzha
from fanzha.callerid.kamailio.config import STATISTICS, VERDICT_HEADER, Mode, ProxyConfig
from fanzha.core import ConfigError

CFG_NAME = "kamailio.cfg"
BOOTSTRAP_NAME = "fanzha_kamailio.py"
SETTINGS_NAME = "fanzha-kamailio.json"
CTL_NAME = "kamailio_ctl"
MODULE_DIR_ENV = "FANZHA_KAMAILIO_MODULES"
PROBE_MODULES = (
    "cryptography.hazmat.bindings._rust",  # the compiled part of cryptography (ES256)
    "orjson",
    "pydantic_core",
    "sqlalchemy",
    "phonenumbers",
)
_MODULE_DIRS = (
    "/usr/lib/x86_64-linux-gnu/kamailio/modules",
    "/usr/lib/aarch64-linux-gnu/kamailio/modules",
    "/usr/lib/*/kamailio/modules",
    "/usr/lib64/kamailio/modules",
    "/usr/lib/kamailio/modules",
    "/usr/local/lib64/kamailio/modules",
    "/usr/local/lib/kamailio/modules",
)
_REASONS = {
    500: "Server Internal Error",
    503: "Service Unavailable",
    480: "Temporarily Unavailable",
    603: "Decline",
}


def find_module_dir(required: str = "app_python3.so") -> str | None:
    """Kamailio's module directory ($FANZHA_KAMAILIO_MODULES, then the usual places)."""
    candidates = [os.environ[MODULE_DIR_ENV]] if os.environ.get(MODULE_DIR_ENV) else []
    for pattern in _MODULE_DIRS:
        candidates += sorted(glob.glob(pattern))
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, required)):
            return candidate
    return None


def find_kamailio() -> str | None:
    return shutil.which("kamailio") or next(
        (p for p in ("/usr/sbin/kamailio", "/usr/local/sbin/kamailio") if os.access(p, os.X_OK)),
        None,
    )


def python_info(extra_paths: tuple[str, ...] = ()) -> dict[str, Any]:
    """This interpreter's version, ABI tag and the paths that make fanzha importable.

    ``extra_paths`` (the config's ``python_path``) come first: directories of
    the operator's own handler factory or policy plug-ins.
    """
    paths: list[str] = [str(Path(p).resolve()) for p in extra_paths]
    for key in ("purelib", "platlib"):
        path = sysconfig.get_paths()[key]
        if path not in paths:
            paths.append(path)
    package_root = str(Path(fanzha.__file__).resolve().parents[1])  # src/ or site-packages
    if package_root not in paths:
        paths.append(package_root)
    return {
        "version": ".".join(str(v) for v in sys.version_info[:3]),
        "cache_tag": sys.implementation.cache_tag,
        "executable": sys.executable,
        "prefix": sys.prefix,
        "sys_path": paths,
        "isolate": True,
        # compiled wheels whose loading the bootstrap reports (ABI proof in the log)
        "probe": [name for name in PROBE_MODULES if _installed(name)],
    }


def _absolute_data_dir(fanzha_env: dict[str, str]) -> dict[str, str]:
    """Kamailio runs in "/": a relative FANZHA_DATA_DIR is made absolute here, at render time."""
    env = {**os.environ, **fanzha_env}
    if env.get("FANZHA_DATABASE_URL"):
        return fanzha_env
    data_dir = env.get("FANZHA_DATA_DIR", "var")
    if not os.path.isabs(data_dir):
        return {**fanzha_env, "FANZHA_DATA_DIR": str(Path(data_dir).resolve())}
    return fanzha_env


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


@dataclass(frozen=True, slots=True)
class Rendered:
    run_dir: Path
    cfg: Path
    bootstrap: Path | None
    settings: Path | None
    ctl_socket: Path
    config: ProxyConfig

    def command(self, kamailio: str | None = None, *, foreground: bool = True) -> list[str]:
        """The command line that runs Kamailio on this configuration.

        Foreground (``-DD -E``): no daemon, logs on stderr; what systemd, a
        container or a test wants. Memory: shared ``-m`` and per-process ``-M`` MB.
        """
        binary = kamailio or find_kamailio() or "kamailio"
        command = [binary, "-f", str(self.cfg), "-Y", str(self.run_dir)]
        command += ["-m", str(self.config.shm_mb), "-M", str(self.config.pkg_mb)]
        if foreground:
            command += ["-DD", "-E"]
        else:
            command += ["-P", str(self.run_dir / "kamailio.pid")]
        return command


def _template() -> jinja2.Template:
    text = (
        resources.files("fanzha.callerid.kamailio")
        .joinpath("templates/kamailio.cfg.j2")
        .read_text("utf-8")
    )
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # a Kamailio config, not HTML; every value is validated
    )
    return env.from_string(text)


def render_text(
    config: ProxyConfig,
    *,
    run_dir: Path,
    module_dir: str,
    generator: str = "fanzha.callerid.kamailio.render",
) -> str:
    handler = config.mode is not Mode.PLAIN
    return _template().render(
        version=fanzha.__version__,
        generator=generator,
        kamailio_series="5.6+",
        mode=config.mode.value,
        fail=config.fail.value,
        fail_status=config.fail_closed_status,
        fail_reason=_REASONS.get(config.fail_closed_status, "Service Unavailable"),
        next_hop=config.next_hop_uri,
        handler=handler,
        handler_factory=config.handler_factory,
        bootstrap=str(run_dir / BOOTSTRAP_NAME),
        settings_file=str(run_dir / SETTINGS_NAME),
        debug=config.debug,
        children=config.children,
        listen=[str(s) for s in config.listen],
        bypass_listen=config.bypass_listen,
        tcp=any(s.proto == "tcp" for s in (*config.listen, *config.bypass_listen)),
        module_dir=module_dir,
        ctl_socket=str(run_dir / CTL_NAME),
        statistics=STATISTICS,
        verdict_header=VERDICT_HEADER,
        record_route=config.record_route,
    )


def render(
    config: ProxyConfig,
    run_dir: str | Path,
    *,
    module_dir: str | None = None,
) -> Rendered:
    """Write kamailio.cfg, the bootstrap and its settings into ``run_dir``."""
    folder = Path(run_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    modules = module_dir or find_module_dir()
    if modules is None:
        raise ConfigError(
            "Kamailio's modules (app_python3.so) were not found: install the Debian packages "
            "'kamailio' and 'kamailio-python3-modules', or set "
            f"{MODULE_DIR_ENV} to the directory holding them",
            code="KAMAILIO.NOT_INSTALLED",
        )
    if len(str(folder / CTL_NAME)) > 100:
        raise ConfigError(f"run directory path too long for a control socket: {folder}")
    cfg = folder / CFG_NAME
    cfg.write_text(render_text(config, run_dir=folder, module_dir=modules), encoding="utf-8")
    bootstrap = settings = None
    if config.mode is not Mode.PLAIN:
        bootstrap = folder / BOOTSTRAP_NAME
        source = resources.files("fanzha.callerid.kamailio").joinpath("bootstrap.py")
        bootstrap.write_text(source.read_text("utf-8"), encoding="utf-8")
        settings = folder / SETTINGS_NAME
        handler = config.handler_json()
        handler["fanzha_env"] = _absolute_data_dir(handler["fanzha_env"])
        data = {
            "fanzha_version": fanzha.__version__,
            "python": python_info(config.python_path),
            "handler": handler,
        }
        settings.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        # the settings may name key files and database URLs: owner-readable only
        settings.chmod(0o600)
    return Rendered(folder, cfg, bootstrap, settings, folder / CTL_NAME, config)
