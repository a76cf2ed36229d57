"""`fanzha shaken ...`: sign and verify caller ID, and run a test PKI.

``register(main)`` adds the group to the one `fanzha` command. Errors follow
the CLI contract (one line on stderr, or the JSON error shape with --json);
``verify`` exits 0 when validation passed, 1 when it failed or nothing was
validated, and 2 when its own inputs are unusable (bad option values,
unreadable trust anchors).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from fanzha.cli_support import emit, handle_errors

if TYPE_CHECKING:
    from fanzha.callerid.shaken.supplied import CertSource, SuppliedCerts

Command = TypeVar("Command", bound=Callable[..., Any])


def register(main_group: click.Group) -> None:
    main_group.add_command(shaken)


def _config() -> Any:
    from fanzha.callerid.shaken import ShakenConfig

    return ShakenConfig.from_env()


@click.group()
def shaken() -> None:
    """STIR/SHAKEN: sign and verify caller ID (Identity headers), run a test PKI."""


@shaken.group()
def ca() -> None:
    """Test certification authority (root + intermediate) for closed networks."""


@ca.command("init")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="CA folder.")
@click.option("--org", default="fanzha test STI", show_default=True, help="Organisation name.")
@click.option("--days", type=click.IntRange(1, 36500), default=3650, show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing CA in the folder.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def ca_init(out: str, org: str, days: int, force: bool, as_json: bool) -> None:
    """Create a root CA and an intermediate STI-CA in OUT."""
    from fanzha.callerid.shaken.pki import init_ca

    files = init_ca(out, organisation=org, days=days, force=force)
    data = {
        "root_cert": str(files.root_cert),
        "ca_cert": str(files.ca_cert),
        "trust_anchors": str(files.trust_anchors),
    }
    if as_json:
        emit(data)
        return
    click.echo(f"root CA:         {files.root_cert}")
    click.echo(f"intermediate CA: {files.ca_cert}")
    click.echo(f"trust anchors:   {files.trust_anchors}  (FANZHA_SHAKEN_TRUST_ANCHORS)")


@ca.command("revoke")
@click.option("--ca", "ca_dir", required=True, type=click.Path(file_okay=False, exists=True))
@click.argument("certificate", type=click.Path(dir_okay=False))
@click.option(
    "--reason",
    type=click.Choice(
        ["unspecified", "key-compromise", "affiliation-changed", "superseded",
         "cessation-of-operation"]
    ),
    default="unspecified",
    show_default=True,
)  # fmt: skip
@click.option(
    "--days", type=click.IntRange(1, 365), default=7, show_default=True, help="CRL validity."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def ca_revoke(ca_dir: str, certificate: str, reason: str, days: int, as_json: bool) -> None:
    """Revoke an STI CERTIFICATE of this CA: add it to the CA's CRL (crl.pem) and re-sign."""
    from fanzha.callerid.shaken.pki import revoke_cert

    done = revoke_cert(ca_dir, certificate, reason=reason, days=days)
    data = {"crl": str(done.crl), "serial": format(done.serial, "x"), "revoked": done.revoked}
    if as_json:
        emit(data)
        return
    click.echo(f"revoked serial {data['serial']} ({reason})")
    click.echo(f"CRL:            {done.crl}  ({done.revoked} revoked; FANZHA_SHAKEN_CRLS)")


@shaken.group()
def cert() -> None:
    """STI certificates (with a TNAuthList) from the test CA."""


@cert.command("issue")
@click.option("--ca", "ca_dir", required=True, type=click.Path(file_okay=False, exists=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False))
@click.option("--spc", default=None, help="Service provider code (SPC) the certificate holds.")
@click.option(
    "--tn-range",
    "tn_ranges",
    multiple=True,
    help="Numbers START-END, E.164 digits without '+', e.g. 8613800000000-8613899999999.",
)
@click.option("--tn", "tns", multiple=True, help="One number (E.164 digits without '+').")
@click.option("--org", default="fanzha test carrier", show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=365, show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing certificate in OUT.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def cert_issue(
    ca_dir: str,
    out: str,
    spc: str | None,
    tn_ranges: tuple[str, ...],
    tns: tuple[str, ...],
    org: str,
    days: int,
    force: bool,
    as_json: bool,
) -> None:
    """Issue an STI certificate for an SPC and/or TN ranges into OUT."""
    from fanzha.callerid.shaken.pki import issue_cert, tn_auth_list

    tn_auth = tn_auth_list(spc=spc, tn_ranges=tn_ranges, tns=tns)
    files = issue_cert(ca_dir, out, tn_auth, organisation=org, days=days, force=force)
    data = {"key": str(files.key), "cert": str(files.cert), "chain": str(files.chain)}
    if as_json:
        emit(data)
        return
    click.echo(f"signing key: {files.key}  (FANZHA_SHAKEN_SIGNING_KEY)")
    click.echo(f"certificate: {files.cert}")
    click.echo(f"chain:       {files.chain}  (serve it at the URL in FANZHA_SHAKEN_X5U)")


def _signer(key: str | None, x5u: str | None) -> Any:
    from fanzha.callerid.shaken import Signer
    from fanzha.core import InvalidInputError

    config = _config()
    key_path = key or config.signing_key
    url = x5u or config.x5u
    if not key_path or not url:
        return config.signer()  # raises the not-configured error
    try:
        return Signer.from_files(key_path, url, config.region)
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read the signing key {key_path} ({exc.strerror})", code="SHAKEN.KEY_INVALID"
        ) from None


_KEY = click.option("--key", default=None, help="PEM signing key (FANZHA_SHAKEN_SIGNING_KEY).")
_X5U = click.option("--x5u", default=None, help="Certificate URL (FANZHA_SHAKEN_X5U).")
_IAT = click.option("--iat", type=click.IntRange(0), default=None, help="Unix time; now.")
_COMPACT = click.option("--compact", is_flag=True, help="Compact form (..signature).")


@shaken.command("sign")
@click.option("--orig", required=True, help="Calling number.")
@click.option("--dest", required=True, multiple=True, help="Called number (repeatable).")
@click.option("--attest", type=click.Choice(["A", "B", "C"]), default="A", show_default=True)
@click.option("--origid", default=None, help="Origination id (UUID); random by default.")
@_KEY
@_X5U
@_IAT
@_COMPACT
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def sign_cmd(
    orig: str,
    dest: tuple[str, ...],
    attest: str,
    origid: str | None,
    key: str | None,
    x5u: str | None,
    iat: int | None,
    compact: bool,
    as_json: bool,
) -> None:
    """Print the Identity header value of a SHAKEN PASSporT for one call."""
    identity = _signer(key, x5u).sign(orig, list(dest), attest, origid, iat=iat, compact=compact)
    if as_json:
        emit({"identity": identity})
    else:
        click.echo(identity)


@shaken.command("sign-div")
@click.option("--orig", required=True, help="Calling number (as in the original PASSporT).")
@click.option("--dest", required=True, multiple=True, help="New called number (repeatable).")
@click.option("--div", "div", required=True, help="The number that forwarded the call.")
@_KEY
@_X5U
@_IAT
@_COMPACT
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors()
def sign_div_cmd(
    orig: str,
    dest: tuple[str, ...],
    div: str,
    key: str | None,
    x5u: str | None,
    iat: int | None,
    compact: bool,
    as_json: bool,
) -> None:
    """Print the Identity header value of a div PASSporT (RFC 8946) for a forwarded call."""
    identity = _signer(key, x5u).sign_div(orig, list(dest), div, iat=iat, compact=compact)
    if as_json:
        emit({"identity": identity})
    else:
        click.echo(identity)


def _supplied(values: tuple[str, ...], fetcher: CertSource) -> SuppliedCerts:
    """``--cert`` values: FILE answers every x5u, URL=FILE one (URL up to the last '=')."""
    from fanzha.callerid.shaken.supplied import supplied_certs
    from fanzha.core import InvalidInputError

    chains: dict[str | None, bytes] = {}
    for value in values:
        url, _, path = value.rpartition("=")
        if not url or Path(value).is_file():
            url, path = "", value
        key = url or None
        if key in chains:
            raise InvalidInputError(f"--cert: {'every x5u' if key is None else key} given twice")
        try:
            chains[key] = Path(path).read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"--cert: cannot read {path} ({exc.strerror})") from None
    return supplied_certs(chains, fetcher)


def sip_message_option(reads: str) -> Callable[[Command], Command]:
    """``--sip-message FILE|-`` for commands that can take a recorded INVITE."""
    return click.option(
        "--sip-message",
        type=click.File("rb"),
        default=None,
        help=f"A recorded SIP INVITE as text (- for stdin): {reads} are read from it unless given.",
    )


@shaken.command("verify")
@click.option("--identity", "identities", multiple=True, help="Identity header.")
@click.option("--orig", help="Caller: P-Asserted-Identity or From.")
@click.option("--dest", help="Called number: Request-URI or To.")
@sip_message_option("Identity, caller, called number and Date")
@click.option(
    "--trust-anchors",
    type=click.Path(dir_okay=False),
    default=None,
    help="PEM bundle of trusted CAs (FANZHA_SHAKEN_TRUST_ANCHORS).",
)
@click.option(
    "--crl",
    "crls",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="CRL file (PEM or DER), in addition to FANZHA_SHAKEN_CRLS.",
)
@click.option(
    "--cert",
    "certs",
    multiple=True,
    metavar="[URL=]FILE",
    help="Certificate chain (PEM, leaf first) to use instead of downloading the x5u: "
    "FILE for every x5u, URL=FILE for one.",
)
@click.option(
    "--now", type=click.FloatRange(0, 1e11), default=None, help="Verify as of this Unix time."
)
@click.option("--date", type=click.IntRange(0), default=None, help="SIP Date (compact form iat).")
@click.option("--attest", type=click.Choice(["A", "B", "C"]), default=None, help="Compact form.")
@click.option("--origid", default=None, help="Compact form: origid.")
@click.option("--div", "div", default=None, help="Compact div form: the forwarding number.")
@click.option(
    "--x5u-allow-network",
    "allow_networks",
    multiple=True,
    help="CIDR certificate fetches may reach although private (test networks).",
)
@click.option("--x5u-allow-http", is_flag=True, help="Allow http:// certificate URLs.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors(input_exit=2)
def verify_cmd(
    identities: tuple[str, ...],
    orig: str | None,
    dest: str | None,
    sip_message: BinaryIO | None,
    trust_anchors: str | None,
    crls: tuple[str, ...],
    certs: tuple[str, ...],
    now: float | None,
    date: int | None,
    attest: str | None,
    origid: str | None,
    div: str | None,
    allow_networks: tuple[str, ...],
    x5u_allow_http: bool,
    as_json: bool,
) -> None:
    """Verify Identity header(s); exit 0 passed, 1 failed or none, 2 unusable input."""
    import dataclasses

    from fanzha.callerid.shaken import CertFetcher, Verifier
    from fanzha.callerid.shaken.addresses import parse_networks
    from fanzha.core import InvalidInputError

    headers: list[str] = list(identities)
    if sip_message is not None:
        from fanzha.callerid.sip_message import read_sip_request

        request = read_sip_request(sip_message)
        headers = headers or request.identities
        orig = orig or request.caller
        dest = dest or request.callee
        date = request.date if date is None else date
    elif not identities:
        raise InvalidInputError("give --identity (with --orig and --dest) or --sip-message")
    if not orig or not dest:
        missing = "the caller" if not orig else "the called number"
        raise InvalidInputError(f"{missing} is unknown: give --orig and --dest")
    config = _config()
    try:
        networks = parse_networks(",".join(allow_networks))
    except ValueError as exc:
        raise InvalidInputError(f"--x5u-allow-network: {exc}") from None
    config = dataclasses.replace(
        config,
        x5u_allow_http=config.x5u_allow_http or x5u_allow_http,
        x5u_allow_networks=(*config.x5u_allow_networks, *networks),
    )
    trust = config.trust_store(trust_anchors, crls)
    verifier = Verifier(trust, CertFetcher(config.fetch_policy()), config.max_age_s, config.region)
    compact: dict[str, str] = {}
    for name, value in (("attest", attest), ("origid", origid), ("div", div)):
        if value is not None:
            compact[name] = value
    result = verifier.verify(
        headers,
        orig,
        dest,
        now=now,
        date=date,
        compact_claims=compact,
        certs=_supplied(certs, verifier.fetcher) if certs else None,
    )
    if as_json:
        emit(result.to_dict())
    else:
        click.echo(f"verstat: {result.verstat.value}")
        if result.attest:
            click.echo(f"attest:  {result.attest}   origid: {result.origid}")
        if result.spc:
            click.echo(f"spc:     {result.spc}")
        for finding in result.findings:
            click.echo(f"  [{finding.code}] {finding.reason_zh} / {finding.reason}")
        if sip_message is not None and now is None and "SHAKEN.STALE_IAT" in result.codes:
            # Not taken from Date by default: a replayed PASSporT comes with a matching Date.
            click.echo(
                "  (a recorded call? add --now with the Unix time it was captured"
                + (f"; its Date header says {date}" if date is not None else "")
                + ")"
            )
    sys.exit(0 if result.passed else 1)
