"""What a fanzha Kamailio proxy is told: listen sockets, next hop, mode, trunks, STIR/SHAKEN.

One ``ProxyConfig`` drives three things: the generated ``kamailio.cfg``, the
JSON file the embedded handler reads at start-up, and the launcher's command
line. It is read from a TOML file (``fanzha kamailio config --config FILE``)
or built in Python (tests, benchmarks)::

    listen = ["udp:0.0.0.0:5060"]
    next_hop = "10.0.0.5:5060"     # where screened calls go (core, SBC, softswitch)
    mode = "screen"                 # screen | monitor | plain
    fail = "open"                   # open | closed: what a handler error does to the call
    default_ingress = "voip"        # calls from unlisted sources

    [reject]
    status = 608
    call_info = "https://fanzha.example.cn/rejected.jws"

    [[trunks]]
    name = "intl-gw-sh"
    sources = ["203.0.113.0/24"]
    ingress = "international"

Every value is checked here, so a bad file fails at render time with a
ConfigError that names the field, not at the first call.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from fanzha.core import ConfigError, Ingress

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_INGRESS_HEADER = "X-Fanzha-Ingress"
VERDICT_HEADER = "X-Fanzha-Verdict"
DEFAULT_HANDLER_FACTORY = "fanzha.callerid.kamailio.handler:create_handler"
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
_FACTORY = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_URL_FORBIDDEN = re.compile(r"[\s<>\"]")


class Mode(StrEnum):
    SCREEN = "screen"  # verify, screen, reject what policy blocks
    MONITOR = "monitor"  # verify and screen, annotate only: nothing is rejected (rollout)
    PLAIN = "plain"  # no handler: Kamailio forwards as it would without fanzha


class FailMode(StrEnum):
    OPEN = "open"  # forward the call unscreened, marked as such
    CLOSED = "closed"  # reject the call (503 by default), so an upstream can try elsewhere


class Role(StrEnum):
    PEER = "peer"  # another network hands calls to us: verify and screen (terminating side)
    SUBSCRIBERS = "subscribers"  # our own subscribers: sign their calls (originating side)


@dataclass(frozen=True, slots=True)
class Listen:
    proto: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.proto}:{host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Trunk:
    """A known source of calls, matched by source address.

    ``trusted``: the source is our own border controller (SBC), so its
    ``X-Fanzha-Ingress`` header and any verstat it set are believed; from any
    other source both are stripped.
    """

    name: str
    sources: tuple[IPNetwork, ...]
    ingress: Ingress = Ingress.DOMESTIC
    role: Role = Role.PEER
    trusted: bool = False
    official: bool = False  # registered to the owner of the official numbers it presents
    attest: str | None = None  # for role=subscribers: A, B or C (default: [signing] attest)

    def __post_init__(self) -> None:
        # Python callers may pass plain strings; the TOML path gives checked values already.
        sources: Any = self.sources
        if isinstance(sources, str):
            sources = [sources]
        object.__setattr__(self, "sources", _networks(list(sources), f"trunk {self.name}"))
        object.__setattr__(self, "ingress", _enum(Ingress, self.ingress, f"trunk {self.name}"))
        object.__setattr__(self, "role", _enum(Role, self.role, f"trunk {self.name}"))
        if self.attest is not None:
            object.__setattr__(self, "attest", _attest(self.attest, f"trunk {self.name}"))

    def matches(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in self.sources)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sources": [str(s) for s in self.sources],
            "ingress": self.ingress.value,
            "role": self.role.value,
            "trusted": self.trusted,
            "official": self.official,
            "attest": self.attest,
        }


@dataclass(frozen=True, slots=True)
class Verification:
    """STIR/SHAKEN verification of incoming Identity headers (``fanzha.callerid.shaken``).

    Unset values fall back to the FANZHA_SHAKEN_* settings of the handler's
    environment (``[fanzha]`` table or Kamailio's own environment).
    """

    enabled: bool | None = None  # None: on when the library is there and trust anchors are set
    trust_anchors: str = ""  # PEM bundle (FANZHA_SHAKEN_TRUST_ANCHORS)
    crls: tuple[str, ...] = ()  # CRL files (FANZHA_SHAKEN_CRLS)
    max_age_s: int | None = None  # iat freshness (FANZHA_SHAKEN_MAX_AGE_SECONDS, 60)
    allow_http: bool | None = None  # closed test networks only (FANZHA_SHAKEN_X5U_ALLOW_HTTP)
    allow_networks: tuple[str, ...] = ()  # FANZHA_SHAKEN_X5U_ALLOW_NETWORKS
    preload: dict[str, str] = field(default_factory=dict)  # x5u URL -> local PEM file

    def env(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.trust_anchors:
            out["FANZHA_SHAKEN_TRUST_ANCHORS"] = self.trust_anchors
        if self.crls:
            out["FANZHA_SHAKEN_CRLS"] = ",".join(self.crls)
        if self.max_age_s is not None:
            out["FANZHA_SHAKEN_MAX_AGE_SECONDS"] = str(self.max_age_s)
        if self.allow_http is not None:
            out["FANZHA_SHAKEN_X5U_ALLOW_HTTP"] = "true" if self.allow_http else "false"
        if self.allow_networks:
            out["FANZHA_SHAKEN_X5U_ALLOW_NETWORKS"] = ",".join(self.allow_networks)
        return out


@dataclass(frozen=True, slots=True)
class Signing:
    """Signing calls from own subscribers (trunks with role = "subscribers")."""

    key: str = ""  # PEM private key, P-256 (FANZHA_SHAKEN_SIGNING_KEY)
    x5u: str = ""  # https URL of the certificate chain (FANZHA_SHAKEN_X5U)
    attest: str = "A"

    def env(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.key:
            out["FANZHA_SHAKEN_SIGNING_KEY"] = self.key
        if self.x5u:
            out["FANZHA_SHAKEN_X5U"] = self.x5u
        return out


@dataclass(frozen=True, slots=True)
class ProxyConfig:
    listen: tuple[Listen, ...]
    next_hop: str  # "host:port" or a SIP URI
    mode: Mode = Mode.SCREEN
    fail: FailMode = FailMode.OPEN
    fail_closed_status: int = 503
    default_ingress: Ingress = Ingress.VOIP
    ingress_header: str = DEFAULT_INGRESS_HEADER
    trunks: tuple[Trunk, ...] = ()
    reject_status: int | None = None  # None: 608 when call_info is set, else 603
    call_info: str = ""  # RFC 8688: URL of the operator's signed jCard (purpose=jwscard)
    children: int = 4
    bypass_listen: tuple[Listen, ...] = ()  # sockets forwarded without fanzha (A/B, benchmarks)
    record_route: bool = False
    verification: Verification = field(default_factory=Verification)
    signing: Signing = field(default_factory=Signing)
    fanzha_env: dict[str, str] = field(default_factory=dict)  # FANZHA_* for the handler
    handler_factory: str = DEFAULT_HANDLER_FACTORY
    python_path: tuple[str, ...] = ()  # extra dirs for the embedded Python, before the venv's
    debug: int = 2  # Kamailio log level: 1 notice, 2 info, 3 debug
    log_calls: bool = False  # log every decision (INFO), not only rejections and errors
    shm_mb: int = 512  # Kamailio shared memory: ~4 KB per transaction, kept ~5 s after the answer
    pkg_mb: int = 16

    @property
    def effective_reject_status(self) -> int:
        if self.reject_status is not None:
            return self.reject_status
        return 608 if self.call_info else 603

    @property
    def next_hop_uri(self) -> str:
        hop = self.next_hop.strip()
        return hop if hop.startswith(("sip:", "sips:")) else f"sip:{hop}"

    def with_changes(self, **changes: Any) -> ProxyConfig:
        return validate(replace(self, **changes))

    def handler_json(self) -> dict[str, Any]:
        """What the embedded handler reads (everything it needs, nothing Kamailio-only)."""
        return {
            "mode": self.mode.value,
            "fail": self.fail.value,
            "fail_closed_status": self.fail_closed_status,
            "default_ingress": self.default_ingress.value,
            "ingress_header": self.ingress_header,
            "trunks": [t.to_json() for t in self.trunks],
            "reject_status": self.effective_reject_status,
            "call_info": self.call_info,
            "verification": {
                "enabled": self.verification.enabled,
                "preload": dict(self.verification.preload),
            },
            "signing": {"attest": self.signing.attest},
            # explicit [verification] / [signing] values win over the [fanzha] table
            "fanzha_env": {**self.fanzha_env, **self.verification.env(), **self.signing.env()},
            "handler_factory": self.handler_factory,
            "log_calls": self.log_calls,
        }


# --- parsing and validation ---------------------------------------------------------------


def _fail(field_name: str, message: str) -> ConfigError:
    return ConfigError(f"kamailio config: {field_name}: {message}", details={"field": field_name})


def parse_listen(value: str, field_name: str = "listen") -> Listen:
    """``udp:127.0.0.1:5060``, ``tcp:[::1]:5060`` or ``127.0.0.1:5060`` (UDP)."""
    text = str(value).strip()
    proto = "udp"
    head, sep, rest = text.partition(":")
    if sep and head.lower() in {"udp", "tcp"}:
        proto, text = head.lower(), rest
    if text.startswith("["):
        host, _, port_text = text[1:].partition("]")
        port_text = port_text.removeprefix(":")
    else:
        host, _, port_text = text.rpartition(":")
    try:
        address = ipaddress.ip_address(host)
        port = int(port_text)
    except ValueError:
        raise _fail(field_name, f"{value!r} is not [udp:|tcp:]ADDRESS:PORT") from None
    if not 0 < port < 65536:
        raise _fail(field_name, f"port {port} out of range")
    return Listen(proto, str(address), port)


def _bool(data: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _fail(f"{where}{key}", "expected true or false")
    return value


def _int(data: Mapping[str, Any], key: str, default: int, where: str, lo: int, hi: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _fail(f"{where}{key}", f"expected an integer from {lo} to {hi}")
    return value


def _str(data: Mapping[str, Any], key: str, default: str, where: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _fail(f"{where}{key}", "expected a string")
    return value


def _strings(data: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(f"{where}{key}", "expected a list of strings")
    return value


def _enum(kind: type[Any], value: Any, field_name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise _fail(field_name, f"{value!r} is not one of {choices}") from None


def _networks(values: Any, field_name: str) -> tuple[IPNetwork, ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple) or not values:
        raise _fail(field_name, "expected a list of addresses or networks")
    out: list[IPNetwork] = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise _fail(field_name, f"{value!r} is not an address or network") from None
    return tuple(out)


def _attest(value: Any, field_name: str) -> str:
    level = str(value).strip().upper()
    if level not in {"A", "B", "C"}:
        raise _fail(field_name, "attestation must be A, B or C")
    return level


def parse_trunk(data: Mapping[str, Any], index: int) -> Trunk:
    where = f"trunks[{index}]."
    name = _str(data, "name", "", where)
    if not _TOKEN.fullmatch(name):
        raise _fail(f"{where}name", "a name of letters, digits, '.', '_' or '-'")
    attest = data.get("attest")
    return Trunk(
        name=name,
        sources=_networks(data.get("sources"), f"{where}sources"),
        ingress=_enum(Ingress, data.get("ingress", "domestic"), f"{where}ingress"),
        role=_enum(Role, data.get("role", "peer"), f"{where}role"),
        trusted=_bool(data, "trusted", False, where),
        official=_bool(data, "official", False, where),
        attest=None if attest is None else _attest(attest, f"{where}attest"),
    )


def from_mapping(data: Mapping[str, Any], *, base_dir: Path | None = None) -> ProxyConfig:
    """Build and validate a ProxyConfig from parsed TOML (or any mapping)."""
    known = {
        "listen", "next_hop", "mode", "fail", "fail_closed_status", "default_ingress",
        "ingress_header", "trunks", "reject", "children", "bypass_listen", "record_route",
        "verification", "signing", "fanzha", "handler_factory", "python_path", "debug",
        "log_calls", "shm_mb", "pkg_mb",
    }  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        raise _fail(unknown[0], "unknown setting")

    def path(value: str) -> str:
        if value and base_dir is not None and not Path(value).is_absolute():
            return str((base_dir / value).resolve())
        return value

    listen = data.get("listen", ["udp:127.0.0.1:5060"])
    if isinstance(listen, str):
        listen = [listen]
    bypass = data.get("bypass_listen", [])
    if isinstance(bypass, str):
        bypass = [bypass]
    reject = data.get("reject", {})
    verification = dict(data.get("verification", {}))
    signing = dict(data.get("signing", {}))
    fanzha_env = data.get("fanzha", {})
    if not isinstance(reject, Mapping) or not isinstance(fanzha_env, Mapping):
        raise _fail("reject/fanzha", "expected tables")
    status = reject.get("status")
    preload = verification.get("preload", {})
    enabled = verification.get("enabled")
    if not isinstance(preload, Mapping):
        raise _fail("verification.preload", "expected a table of URL = PEM file")
    config = ProxyConfig(
        listen=tuple(parse_listen(item) for item in listen),
        next_hop=_str(data, "next_hop", "", ""),
        mode=_enum(Mode, data.get("mode", "screen"), "mode"),
        fail=_enum(FailMode, data.get("fail", "open"), "fail"),
        fail_closed_status=_int(data, "fail_closed_status", 503, "", 400, 699),
        default_ingress=_enum(Ingress, data.get("default_ingress", "voip"), "default_ingress"),
        ingress_header=_str(data, "ingress_header", DEFAULT_INGRESS_HEADER, ""),
        trunks=tuple(parse_trunk(t, i) for i, t in enumerate(data.get("trunks", []))),
        reject_status=None if status is None else _int(reject, "status", 603, "reject.", 600, 699),
        call_info=_str(reject, "call_info", "", "reject."),
        children=_int(data, "children", 4, "", 1, 64),
        bypass_listen=tuple(parse_listen(item, "bypass_listen") for item in bypass),
        record_route=_bool(data, "record_route", False, ""),
        verification=Verification(
            enabled=None
            if enabled is None
            else _bool(verification, "enabled", True, "verification."),
            trust_anchors=path(_str(verification, "trust_anchors", "", "verification.")),
            crls=tuple(path(p) for p in _strings(verification, "crls", "verification.")),
            max_age_s=None
            if "max_age_s" not in verification
            else _int(verification, "max_age_s", 60, "verification.", 1, 3600),
            allow_http=None
            if "allow_http" not in verification
            else _bool(verification, "allow_http", False, "verification."),
            allow_networks=tuple(str(n) for n in verification.get("allow_networks", [])),
            preload={str(url): path(str(pem)) for url, pem in preload.items()},
        ),
        signing=Signing(
            key=path(_str(signing, "key", "", "signing.")),
            x5u=_str(signing, "x5u", "", "signing."),
            attest=_attest(signing.get("attest", "A"), "signing.attest"),
        ),
        fanzha_env={str(k): str(v) for k, v in fanzha_env.items()},
        handler_factory=_str(data, "handler_factory", DEFAULT_HANDLER_FACTORY, ""),
        python_path=tuple(path(str(p)) for p in data.get("python_path", [])),
        debug=_int(data, "debug", 2, "", -5, 5),
        log_calls=_bool(data, "log_calls", False, ""),
        shm_mb=_int(data, "shm_mb", 512, "", 16, 65536),
        pkg_mb=_int(data, "pkg_mb", 16, "", 4, 1024),
    )
    return validate(config)


def validate(config: ProxyConfig) -> ProxyConfig:
    """Cross-field checks; returns the config unchanged when it is usable."""
    if not config.listen:
        raise _fail("listen", "give at least one listen socket")
    if not config.next_hop.strip() or _URL_FORBIDDEN.search(config.next_hop.strip()):
        raise _fail("next_hop", "give the next hop as HOST:PORT or a SIP URI")
    sockets = [(s.proto, s.host, s.port) for s in (*config.listen, *config.bypass_listen)]
    if len(set(sockets)) != len(sockets):
        raise _fail("bypass_listen", "a socket is listed twice")
    if not _HEADER_NAME.fullmatch(config.ingress_header):
        raise _fail("ingress_header", "not a header name")
    if not _FACTORY.fullmatch(config.handler_factory):
        raise _fail("handler_factory", "expected module.path:function")
    if config.call_info and (
        not config.call_info.startswith("https://") or _URL_FORBIDDEN.search(config.call_info)
    ):
        raise _fail("reject.call_info", "expected an https URL (RFC 8688 jwscard)")
    if not 400 <= config.fail_closed_status <= 699:
        raise _fail("fail_closed_status", "expected a SIP failure status (400-699)")
    if config.reject_status is not None and config.reject_status not in {603, 607, 608}:
        raise _fail("reject.status", "use 603 (Decline), 607 (Unwanted) or 608 (Rejected)")
    names = [t.name for t in config.trunks]
    if len(set(names)) != len(names):
        raise _fail("trunks", "trunk names must be unique")
    for key in config.fanzha_env:
        if not key.startswith("FANZHA_"):
            raise _fail(f"fanzha.{key}", "only FANZHA_* settings can be passed to the handler")
    for network in config.verification.allow_networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise _fail("verification.allow_networks", f"{network!r} is not a network") from None
    return config


def load_config(path: str | Path) -> ProxyConfig:
    """Read a TOML proxy config; relative file paths in it are relative to the file."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read kamailio config {source}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"kamailio config {source} is not valid TOML: {exc}") from None
    return from_mapping(data, base_dir=source.resolve().parent)


def simple_config(
    listen: str | Sequence[str],
    next_hop: str,
    *,
    mode: Mode | str = Mode.SCREEN,
    fail: FailMode | str = FailMode.OPEN,
    **options: Any,
) -> ProxyConfig:
    """A ProxyConfig from keyword arguments (what the CLI flags and tests use)."""
    items = [listen] if isinstance(listen, str) else list(listen)
    return validate(
        ProxyConfig(
            listen=tuple(parse_listen(item) for item in items),
            next_hop=next_hop,
            mode=_enum(Mode, mode, "mode"),
            fail=_enum(FailMode, fail, "fail"),
            **options,
        )
    )


# Kamailio statistics the proxy keeps (group "script" in `kamcmd stats.get_statistics all`).
STATISTICS: tuple[str, ...] = (
    "fanzha_invites",  # initial INVITEs the handler screened
    "fanzha_allowed",
    "fanzha_warned",
    "fanzha_rejected",
    "fanzha_monitor_would_reject",  # mode=monitor: blocks that were only annotated
    "fanzha_unscreened",  # callee not a telephone number: forwarded unscreened
    "fanzha_signed",  # calls from own subscribers given an Identity header
    "fanzha_sign_skipped",  # subscriber calls that could not be signed
    "fanzha_verstat_passed",
    "fanzha_verstat_failed",
    "fanzha_verstat_none",
    "fanzha_handler_errors",  # every handler error, whatever the fail mode
    "fanzha_fail_open",  # calls forwarded unscreened because of an error
    "fanzha_fail_closed",  # calls rejected because of an error
)
