"""The one `fanzha` command. With no subcommand it serves the console and API."""

from __future__ import annotations

from typing import Any, BinaryIO

import click

from fanzha import __version__
from fanzha.callerid.cli import register as register_shaken
from fanzha.callerid.cli import sip_message_option
from fanzha.callerid.kamailio.cli import register as register_kamailio
from fanzha.cdr.cli import register as register_cdr
from fanzha.cli_support import emit, handle_errors
from fanzha.core import CATEGORY_LABELS, Ingress, ReportKind, Settings
from fanzha.core.settings import settings_markdown
from fanzha.text.cli import register as register_text


def _platform() -> Any:
    from fanzha.platform import Platform

    return Platform(Settings.from_env())


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="fanzha")
@click.pass_context
def main(ctx: click.Context) -> None:
    """fanzha (反诈): screen calls, check numbers and report scams.

    Run without a command to serve the console and API (same as `fanzha serve`).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@main.command()
@click.option("--host", default=None, help="Listen address (FANZHA_HOST).")
@click.option("--port", type=int, default=None, help="Listen port (FANZHA_PORT).")
@click.option("--workers", type=int, default=None, help="Worker processes (FANZHA_WORKERS).")
@click.option("--demo/--no-demo", default=False, help="Load the demo data set first.")
@handle_errors()
def serve(host: str | None, port: int | None, workers: int | None, demo: bool) -> None:
    """Serve the web console and the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    settings = Settings.from_env(host=host, port=port, workers=workers)
    if demo:
        from fanzha.demo import load_demo

        platform = _platform()
        try:
            added = load_demo(platform)
        finally:
            platform.close()
        click.echo(f"demo data: {added} reports added", err=True)
    click.echo(f"fanzha {__version__} on http://{settings.host}:{settings.port}/", err=True)
    uvicorn.run(
        "fanzha.service.asgi:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@main.group()
def number() -> None:
    """Number intelligence."""


@number.command("check")
@click.argument("raw", metavar="NUMBER")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def number_check(raw: str, as_json: bool) -> None:
    """Classify NUMBER and show its reputation."""
    platform = _platform()
    try:
        data = platform.check_number(raw).to_dict()
    finally:
        platform.close()
    if as_json:
        emit(data)
        return
    click.echo(f"number:     {data['number']}")
    click.echo(f"class:      {data['class']}")
    if data["carrier_name"]:
        click.echo(f"carrier:    {data['carrier_name']['zh']} ({data['carrier_name']['en']})")
    if data["location"]:
        click.echo(f"location:   {data['location']['zh'] or ''} {data['location']['en'] or ''}")
    if data["official"]:
        owner = data["official"]["owner"]
        click.echo(
            f"official:   {owner['zh']} ({owner['en']}), call back {data['official']['callback']}"
        )
    rep = data["reputation"]
    click.echo(
        f"reputation: {rep['level']} (score {rep['score']:.2f}, {rep['report_count']} reports "
        f"from {rep['distinct_reporters']} reporters)"
    )
    for finding in rep["findings"]:
        click.echo(f"  [{finding['code']}] {finding['reason_zh']} / {finding['reason']}")


@main.group()
def call() -> None:
    """Call screening."""


@call.command("screen")
@click.option("--caller", default=None, help="Caller ID as presented.")
@click.option("--callee", default=None, help="Called subscriber.")
@sip_message_option("caller, callee and Identity")
@click.option(
    "--ingress",
    type=click.Choice([i.value for i in Ingress]),
    default=Ingress.DOMESTIC.value,
    show_default=True,
    help="Where the call entered the network.",
)
@click.option("--identity", default=None, help="SIP Identity header (STIR/SHAKEN).")
@click.option("--trunk", default=None, help="Name of the ingress trunk.")
@click.option("--official-trunk", is_flag=True, help="The trunk belongs to the official owner.")
@click.option("--roaming", is_flag=True, help="The home network confirms the caller roams abroad.")
@click.option("--claimed", default=None, help="Who the caller claims to be (公安, ICBC, relative).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def call_screen(
    caller: str | None,
    callee: str | None,
    sip_message: BinaryIO | None,
    ingress: str,
    identity: str | None,
    trunk: str | None,
    official_trunk: bool,
    roaming: bool,
    claimed: str | None,
    as_json: bool,
) -> None:
    """Decide allow / warn / block for one call, with findings and advice."""
    from fanzha.core import CallEvent, InvalidInputError

    if sip_message is not None:
        from fanzha.callerid.sip_message import read_sip_request

        request = read_sip_request(sip_message)
        caller = caller or request.caller
        callee = callee or request.callee
        # the verifier splits Identity values a proxy joined with commas
        identity = identity or ", ".join(request.identities) or None
    if not caller or not callee:
        raise InvalidInputError("give --caller and --callee, or a --sip-message that has them")
    event = CallEvent(
        caller=caller,
        callee=callee,
        ingress=Ingress(ingress),
        identity=identity,
        trunk=trunk,
        official_trunk=official_trunk,
        caller_roaming_verified=roaming,
        claimed_identity=claimed,
    )
    platform = _platform()
    try:
        decision = platform.screen_call(event)
    finally:
        platform.close()
    if as_json:
        emit(decision.to_dict())
        return
    click.echo(f"action: {decision.action.value}  (score {decision.score:.2f})")
    for finding in decision.findings:
        click.echo(f"  [{finding.code}] {finding.reason_zh} / {finding.reason}")
    click.echo(f"advice: {decision.advice.zh}")
    click.echo(f"        {decision.advice.en}")


@main.group()
def report() -> None:
    """Scam reports (举报)."""


@report.command("add")
@click.argument("raw", metavar="NUMBER")
@click.option(
    "--kind", type=click.Choice([k.value for k in ReportKind]), default="call", show_default=True
)
@click.option(
    "--category",
    type=click.Choice([c.value for c in CATEGORY_LABELS]),
    default="other_fraud",
    show_default=True,
)
@click.option("--text", default="", help="What happened, in your words.")
@click.option("--reporter", default="cli", show_default=True, help="Reporter id (hashed).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def report_add(raw: str, kind: str, category: str, text: str, reporter: str, as_json: bool) -> None:
    """Report NUMBER as a scam."""
    from fanzha.platform import report_to_dict

    platform = _platform()
    try:
        stored, number_report = platform.add_report(raw, kind, category, text, reporter, "cli")
    finally:
        platform.close()
    data = {"report": report_to_dict(stored), "number": number_report.to_dict()}
    if as_json:
        emit(data)
        return
    rep = data["number"]["reputation"]
    click.echo(f"report #{stored.id} stored for {stored.number}")
    click.echo(f"reputation now: {rep['level']} (score {rep['score']:.2f})")


@report.command("list")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def report_list(limit: int, as_json: bool) -> None:
    """Show the latest reports (numbers masked)."""
    from fanzha.platform import report_to_dict

    platform = _platform()
    try:
        reports = [report_to_dict(r, mask=True) for r in platform.store.recent_reports(limit=limit)]
    finally:
        platform.close()
    if as_json:
        emit({"reports": reports})
        return
    for item in reports:
        click.echo(
            f"#{item['id']} {item['created_at'][:19]} {item['number']} {item['kind']} "
            f"{item['category']} {item['text'][:60]}"
        )


@main.group()
def subscriber() -> None:
    """Per-subscriber screening choices."""


@subscriber.command("set")
@click.argument("msisdn")
@click.option("--international-calls", type=click.Choice(["allow", "block"]), default=None)
@click.option("--international-sms", type=click.Choice(["allow", "block"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def subscriber_set(
    msisdn: str, international_calls: str | None, international_sms: str | None, as_json: bool
) -> None:
    """Opt MSISDN in to (allow) or out of (block) international calls and SMS."""
    from fanzha.platform import subscriber_to_dict

    platform = _platform()
    try:
        policy = platform.set_subscriber_policy(
            msisdn,
            allow_international_calls=None
            if international_calls is None
            else international_calls == "allow",
            allow_international_sms=None
            if international_sms is None
            else international_sms == "allow",
        )
    finally:
        platform.close()
    data = subscriber_to_dict(policy)
    if as_json:
        emit(data)
    else:
        click.echo(
            f"{data['msisdn']}: international calls "
            f"{'allowed' if data['allow_international_calls'] else 'blocked'}, international SMS "
            f"{'allowed' if data['allow_international_sms'] else 'blocked'}"
        )


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@handle_errors()
def db_upgrade() -> None:
    """Create or migrate the database to the latest schema."""
    platform = _platform()  # opening the platform upgrades the schema
    platform.close()
    click.echo("database is up to date")


@main.group()
def demo() -> None:
    """Demo data."""


@demo.command("load")
@handle_errors()
def demo_load() -> None:
    """Load the demo data set (idempotent)."""
    from fanzha.demo import load_demo

    platform = _platform()
    try:
        added = load_demo(platform)
    finally:
        platform.close()
    click.echo(f"demo data: {added} reports added")


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (docs/settings.md).")
def settings_cmd(markdown: bool) -> None:
    """Show every setting, its environment variable and its default."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    from fanzha.core.settings import SETTINGS

    for setting in SETTINGS:
        click.echo(f"{setting.env:34} {setting.default or '(empty)':22} {setting.help}")


@main.group()
def registry() -> None:
    """The official-number registry."""


@registry.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def registry_list(as_json: bool) -> None:
    """List official service numbers (110, 96110, 95588 ...)."""
    from dataclasses import asdict

    from fanzha.numbers import load_registry

    reg = load_registry(Settings.from_env().registry_file or None)
    if as_json:
        emit({"version": reg.version, "numbers": [asdict(e) for e in reg.entries]})
        return
    click.echo(f"registry version {reg.version}")
    for entry in reg.entries:
        click.echo(f"{entry.number:>8}  {entry.owner_zh} ({entry.owner_en})  [{entry.category}]")


register_shaken(main)
register_kamailio(main)
register_cdr(main)
register_text(main)

if __name__ == "__main__":
    main()
