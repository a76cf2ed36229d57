"""``fanzha kamailio ...``: render, check and run the Kamailio screening proxy.

Wire it into the main CLI with ``register(main)`` (fanzha/cli.py); until then
the same commands run as ``python -m fanzha.callerid.kamailio ...``.
"""

from __future__ import annotations

import functools
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from fanzha.core import FanzhaError

F = TypeVar("F", bound=Callable[..., Any])


def _errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FanzhaError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(1 if exc.status >= 500 else 2)

    return wrapper  # type: ignore[return-value]


def _config_options(func: F) -> F:
    options = [
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False),
            help="Proxy configuration (TOML); the flags below override it.",
        ),
        click.option("--listen", multiple=True, help="[udp:|tcp:]ADDRESS:PORT (repeatable)."),
        click.option("--next-hop", help="Where screened calls go: HOST:PORT or a SIP URI."),
        click.option("--mode", type=click.Choice(["screen", "monitor", "plain"]), default=None),
        click.option("--fail", type=click.Choice(["open", "closed"]), default=None),
        click.option(
            "--default-ingress",
            type=click.Choice(["domestic", "international", "voip"]),
            default=None,
            help="Ingress of calls from sources not in the trunk table.",
        ),
        click.option("--children", type=int, default=None, help="Kamailio UDP workers."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _build(
    config_file: str | None,
    listen: tuple[str, ...],
    next_hop: str | None,
    mode: str | None,
    fail: str | None,
    default_ingress: str | None,
    children: int | None,
) -> Any:
    from fanzha.callerid.kamailio.config import from_mapping, load_config, parse_listen
    from fanzha.core import Ingress

    if config_file:
        config = load_config(config_file)
    else:
        if not next_hop:
            raise click.UsageError("give --config FILE or at least --next-hop")
        config = from_mapping(
            {"listen": list(listen) or ["udp:127.0.0.1:5060"], "next_hop": next_hop}
        )
    changes: dict[str, Any] = {}
    if listen and config_file:
        changes["listen"] = tuple(parse_listen(item) for item in listen)
    if next_hop and config_file:
        changes["next_hop"] = next_hop
    if mode:
        from fanzha.callerid.kamailio.config import Mode

        changes["mode"] = Mode(mode)
    if fail:
        from fanzha.callerid.kamailio.config import FailMode

        changes["fail"] = FailMode(fail)
    if default_ingress:
        changes["default_ingress"] = Ingress(default_ingress)
    if children:
        changes["children"] = children
    return config.with_changes(**changes) if changes else config


@click.group("kamailio")
def kamailio_group() -> None:
    """Run fanzha inside a SIP network: Kamailio with an app_python3 handler."""


@kamailio_group.command("config")
@_config_options
@click.option(
    "--run-dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Where kamailio.cfg, the bootstrap and its settings are written.",
)
@_errors
def config_command(run_dir: str, **options: Any) -> None:
    """Render kamailio.cfg (+ bootstrap) and print the command that runs it."""
    from fanzha.callerid.kamailio.render import render

    rendered = render(_build(**options), Path(run_dir))
    click.echo(f"kamailio config: {rendered.cfg}")
    if rendered.bootstrap is not None:
        click.echo(f"bootstrap:       {rendered.bootstrap}")
        click.echo(f"settings:        {rendered.settings}")
    click.echo(f"statistics:      kamcmd -s unix:{rendered.ctl_socket} stats.get_statistics all")
    click.echo(f"run:             {shlex.join(rendered.command())}")


@kamailio_group.command("check")
@_config_options
@click.option("--timeout", type=float, default=30.0, show_default=True)
@_errors
def check_command(timeout: float, **options: Any) -> None:
    """Start Kamailio briefly on a free loopback port and load the handler in it."""
    from fanzha.callerid.kamailio.launcher import check

    config = _build(**options) if options.get("config_file") or options.get("next_hop") else None
    if config is None:
        from fanzha.callerid.kamailio.config import simple_config

        config = simple_config("127.0.0.1:5060", "127.0.0.1:5080")
    result = check(config, timeout=timeout)
    if result.ok:
        click.echo(f"ok: {result.message}")
        return
    click.echo(f"failed: {result.message}", err=True)
    tail = "\n".join(result.log.splitlines()[-30:])
    if tail:
        click.echo(tail, err=True)
    sys.exit(1)


@kamailio_group.command("run")
@_config_options
@click.option(
    "--run-dir",
    type=click.Path(file_okay=False),
    default="var/kamailio",
    show_default=True,
    help="Where the rendered configuration and the control socket live.",
)
@_errors
def run_command(run_dir: str, **options: Any) -> None:
    """Render and run Kamailio in the foreground (logs on stderr)."""
    from fanzha.callerid.kamailio.launcher import run

    run(_build(**options), Path(run_dir))


def register(main_group: click.Group) -> None:
    """Add ``fanzha kamailio`` to the main command group."""
    main_group.add_command(kamailio_group)
