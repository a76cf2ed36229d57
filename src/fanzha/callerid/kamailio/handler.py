"""The app_python3 handler: verify, screen and annotate or reject every initial INVITE.

Kamailio calls ``on_invite(msg)`` from route[FANZHA] of the generated config;
the return value tells the config what to do next:

    1  FORWARD  the call goes on to the next hop (verdict and verstat added)
    2  REPLIED  the handler already answered (rejected)
    3  FAILED   the handler failed: it logged and counted the error, and the
                config's route[FANZHA_FAILED] fails open or closed as configured

For a call from a peer network (the terminating side) the handler

1. classifies the ingress: the trunk table matches the source address; a
   trusted border controller may name it in ``X-Fanzha-Ingress``
   (``international; trunk=gw-sh-1; roaming-verified; official-trunk``), which
   is ignored and stripped from anyone else;
2. reads the caller (P-Asserted-Identity, else From), the callee
   (Request-URI, else To) and the Identity header(s);
3. verifies the Identity with ``fanzha.callerid.shaken`` when it is installed
   and configured, and feeds the result into screening;
4. screens with fanzha's CallScreener (``strict=False``: a switch answers
   every call) with reputation and subscriber choices from the store;
5. forwards with ``;verstat=`` on the caller's URI and ``X-Fanzha-Verdict``,
   or rejects (603 Decline, or 608 Rejected with an RFC 8688 Call-Info) with
   the reason in Reason and Warning headers.

Calls from own subscribers (trunks with ``role = "subscribers"``) are signed
(an Identity header is added) and forwarded: the terminating side verifies.

Kamailio forks its workers after ``mod_init``: everything that holds a
connection, a lock or a thread (the store, the certificate fetcher) is built
per process in ``child_init`` or on first use, never before the fork.
"""

from __future__ import annotations

import gc
import ipaddress
import logging
import os
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from fanzha.callerid.kamailio import shaken_glue
from fanzha.callerid.kamailio.config import DEFAULT_INGRESS_HEADER, VERDICT_HEADER
from fanzha.callerid.sip import (
    asserted_caller,
    header_safe,
    http_date_to_unix,
    parse_params,
    quoted,
    replace_uri,
    split_addresses,
    token,
    uri_of,
    user_of,
    with_verstat,
)
from fanzha.core import CallEvent, Ingress, InvalidNumberError, Settings, mask_number, mask_text
from fanzha.screening import Action, CallScreener, Decision

FORWARD = 1
REPLIED = 2
FAILED = 3

MAX_IDENTITY_READ = 9  # the verifier refuses more than 8; one more shows the excess
MAX_PAI = 4
PAI = "P-Asserted-Identity"
IDENTITY = "Identity"
_REASON_PHRASES = {603: "Decline", 607: "Unwanted", 608: "Rejected"}
_RETRY_SERVICES_S = 5.0

log = logging.getLogger("fanzha.callerid.kamailio")


# --- settings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrunkEntry:
    name: str
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    ingress: Ingress
    role: str
    trusted: bool
    official: bool
    attest: str | None


@dataclass(frozen=True, slots=True)
class HandlerSettings:
    """The ``handler`` part of fanzha-kamailio.json, parsed."""

    mode: str = "screen"
    fail: str = "open"
    default_ingress: Ingress = Ingress.VOIP
    ingress_header: str = DEFAULT_INGRESS_HEADER
    trunks: tuple[TrunkEntry, ...] = ()
    reject_status: int = 603
    call_info: str = ""
    verification_enabled: bool | None = None
    preload: dict[str, str] = field(default_factory=dict)
    signing_attest: str = "A"
    fanzha_env: dict[str, str] = field(default_factory=dict)
    log_calls: bool = False
    trunk_cache: dict[str, TrunkEntry | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HandlerSettings:
        trunks = tuple(
            TrunkEntry(
                name=str(t["name"]),
                networks=tuple(ipaddress.ip_network(s, strict=False) for s in t["sources"]),
                ingress=Ingress(t.get("ingress", "domestic")),
                role=str(t.get("role", "peer")),
                trusted=bool(t.get("trusted", False)),
                official=bool(t.get("official", False)),
                attest=t.get("attest"),
            )
            for t in data.get("trunks", [])
        )
        verification = data.get("verification", {})
        return cls(
            mode=str(data.get("mode", "screen")),
            fail=str(data.get("fail", "open")),
            default_ingress=Ingress(data.get("default_ingress", "voip")),
            ingress_header=str(data.get("ingress_header", DEFAULT_INGRESS_HEADER)),
            trunks=trunks,
            reject_status=int(data.get("reject_status", 603)),
            call_info=str(data.get("call_info", "")),
            verification_enabled=verification.get("enabled"),
            preload={str(k): str(v) for k, v in verification.get("preload", {}).items()},
            signing_attest=str(data.get("signing", {}).get("attest", "A")),
            fanzha_env={str(k): str(v) for k, v in data.get("fanzha_env", {}).items()},
            log_calls=bool(data.get("log_calls", False)),
        )

    def environ(self) -> dict[str, str]:
        """Kamailio's environment with the configured FANZHA_* settings on top."""
        return {**os.environ, **self.fanzha_env}

    def trunk_for(self, source: str) -> TrunkEntry | None:
        """The first trunk whose sources contain ``source`` (cached per address)."""
        cache = self.trunk_cache
        if source in cache:
            return cache[source]
        try:
            address = ipaddress.ip_address(source.strip("[]"))
        except ValueError:
            return None
        found = next((t for t in self.trunks if any(address in net for net in t.networks)), None)
        if len(cache) > 65536:
            cache.clear()
        cache[source] = found
        return found


# --- per-process services ---------------------------------------------------------------


@dataclass(slots=True)
class Services:
    """What one Kamailio worker screens with: built after the fork, once per process."""

    settings: Settings
    screener: CallScreener
    shaken: shaken_glue.Shaken | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in self.closers:
            try:
                close()
            except Exception:
                log.debug("closing a service failed", exc_info=True)


def build_services(settings: HandlerSettings) -> Services:
    """The screener on the platform's store, policy and registry, plus STIR/SHAKEN."""
    from fanzha.platform import Platform

    fanzha_settings = Settings.from_env(settings.environ())
    platform = Platform(fanzha_settings)
    shaken = shaken_glue.load(
        settings.environ(), enabled=settings.verification_enabled, preload=settings.preload
    )
    return Services(fanzha_settings, platform.screener, shaken, [platform.close])


ServicesFactory = Callable[[HandlerSettings], Services]


# --- what one call looks like -----------------------------------------------------------


@dataclass(slots=True)
class CallView:
    call_id: str
    source: str
    trunk: TrunkEntry | None
    ingress: Ingress
    trunk_name: str | None
    official_trunk: bool
    roaming_verified: bool
    caller: str  # number (or user) as presented: PAI, else From
    caller_from_pai: bool
    pai_bodies: list[str]
    from_uri: str
    callee: str
    to_user: str
    identities: list[str]
    date: int | None
    has_ingress_header: bool
    has_verdict_header: bool
    why_unverified: str = ""  # the verifier's failing codes, for the log line


@dataclass(slots=True)
class Plan:
    """Header changes decided for one call, applied together at the end."""

    remove: list[str] = field(default_factory=list)
    append: list[str] = field(default_factory=list)
    new_pai: list[str] | None = None
    new_from_uri: str | None = None


# --- the handler ------------------------------------------------------------------------


class KamailioHandler:
    """One instance per Kamailio (created in mod_init, shared by the forked workers)."""

    def __init__(
        self,
        settings: HandlerSettings,
        ksr: Any,
        *,
        services_factory: ServicesFactory = build_services,
    ) -> None:
        self.settings = settings
        self.ksr = ksr
        self._services_factory = services_factory
        self._services: Services | None = None
        self._services_error: str | None = None
        self._services_tried = 0.0
        self.rank: int | None = None
        environ = settings.environ()
        self.show_full_numbers = environ.get("FANZHA_SHOW_FULL_NUMBERS", "").lower() in {
            "1", "true", "yes", "on",
        }  # fmt: skip
        _install_log_bridge(ksr, self.show_full_numbers, environ.get("FANZHA_LOG_LEVEL", "INFO"))

    # -- Kamailio entry points ------------------------------------------------------------

    def prepare(self) -> bool:
        """Build and close the services once before the fork; False (logged) if that failed."""
        try:
            services = self._services_factory(self.settings)
        except Exception as exc:
            self._log(
                "err",
                f"screening cannot start: {type(exc).__name__}: "
                f"{self._mask_text(str(exc)[:300])}; calls fail {self.settings.fail} until "
                "it does",
            )
            return False
        shaken = services.shaken
        self._log(
            "info",
            f"screening checked before the fork: STIR/SHAKEN "
            f"{shaken.describe() if shaken else 'not installed'}",
        )
        services.close()
        return True

    def child_init(self, rank: int) -> int:
        """Called in every Kamailio process after the fork; SIP workers have rank > 0."""
        self.rank = rank
        if rank > 0 and self._ensure_services() is not None:
            gc.freeze()  # the worker's own long-lived objects (store, caches) join the frozen
        return 0

    def on_invite(self, msg: Any = None) -> int:
        call: CallView | None = None
        try:
            call = self._read_call()
            if call.trunk is not None and call.trunk.role == "subscribers":
                return self._originating(call)
            return self._terminating(call)
        except Exception as exc:
            return self._failed(exc, call)

    # -- reading the call -----------------------------------------------------------------

    def _pv(self, name: str) -> str:
        value = self.ksr.pv.get(name)
        return "" if value is None else str(value)

    def _count(self, name: str) -> int:
        try:
            return int(self._pv(name) or 0)
        except ValueError:
            return 0

    def _read_call(self) -> CallView:
        source = self._pv("$si")
        trunk = self.settings.trunk_for(source)
        ingress = trunk.ingress if trunk else self.settings.default_ingress
        trunk_name = trunk.name if trunk else None
        official = trunk.official if trunk else False
        roaming = False
        header = self.settings.ingress_header
        claimed = self._pv(f"$hdr({header})")
        if claimed and trunk is not None and trunk.trusted:
            ingress, trunk_name, official, roaming = _claimed_ingress(
                claimed, ingress, trunk_name, official
            )
        pai_bodies = [
            self._pv(f"$(hdr({PAI})[{i}])")
            for i in range(min(self._count(f"$hdrc({PAI})"), MAX_PAI))
        ]
        pai_caller = asserted_caller(pai_bodies)
        from_uri = self._pv("$fu")
        caller = pai_caller or user_of(from_uri)
        callee = self._pv("$rU") or self._pv("$tU")
        callee = callee.split(";", 1)[0]
        identities = [
            self._pv(f"$(hdr({IDENTITY})[{i}])")
            for i in range(min(self._count(f"$hdrc({IDENTITY})"), MAX_IDENTITY_READ))
        ]
        date_text = self._pv("$hdr(Date)")
        return CallView(
            call_id=self._pv("$ci"),
            source=source,
            trunk=trunk,
            ingress=ingress,
            trunk_name=trunk_name,
            official_trunk=official,
            roaming_verified=roaming,
            caller=caller,
            caller_from_pai=bool(pai_caller),
            pai_bodies=pai_bodies,
            from_uri=from_uri,
            callee=callee,
            to_user=self._pv("$tU"),
            identities=[i for i in identities if i],
            date=http_date_to_unix(date_text) if date_text else None,
            has_ingress_header=bool(claimed),
            has_verdict_header=bool(self._pv(f"$hdr({VERDICT_HEADER})")),
        )

    # -- terminating side: verify, screen, decide -----------------------------------------

    def _terminating(self, call: CallView) -> int:
        services = self._ensure_services()
        if services is None:
            raise RuntimeError(f"fanzha is not ready in this process: {self._services_error}")
        plan = self._base_plan(call)
        trusted = call.trunk is not None and call.trunk.trusted
        shaken = services.shaken
        verstat: str | None = None
        result = None
        if shaken is not None and shaken.verifier is not None:
            result = shaken.verify(call.identities, call.caller, call.callee, call.date)
            verstat = result.verstat.value
            if not result.passed and result.findings:
                call.why_unverified = ",".join(f.code for f in result.findings[:3])
            self._stat(f"fanzha_verstat_{_VERSTAT_STAT.get(verstat, 'none')}")
        if verstat is not None or not trusted:
            # we set our own verstat; a verstat from an untrusted hop is never passed on
            self._plan_verstat(call, plan, verstat)
        event = CallEvent(
            caller=call.caller,
            callee=call.callee,
            ingress=call.ingress,
            identity=call.identities[0] if call.identities else None,
            trunk=call.trunk_name,
            official_trunk=call.official_trunk,
            caller_roaming_verified=call.roaming_verified,
        )
        try:
            decision = _screen(services, event, result)
        except InvalidNumberError:
            # The callee is not a telephone number (e.g. sip:alice@...): nothing to screen.
            self._stat("fanzha_unscreened")
            plan.append.append(f"{VERDICT_HEADER}: unscreened; reason=callee-not-a-number")
            self._apply(plan)
            return FORWARD
        self._stat("fanzha_invites")
        verdict = _verdict(decision, verstat, call.ingress)
        if decision.action is Action.BLOCK and self.settings.mode == "screen":
            return self._reject(call, decision, verdict)
        if decision.action is Action.BLOCK:
            self._stat("fanzha_monitor_would_reject")
            verdict += "; monitor"
        self._stat("fanzha_warned" if decision.action is Action.WARN else "fanzha_allowed")
        plan.append.append(f"{VERDICT_HEADER}: {verdict}")
        self._apply(plan)
        if self.settings.log_calls or decision.action is not Action.ALLOW:
            self._log_decision("forwarded", call, decision, verstat)
        return FORWARD

    def _base_plan(self, call: CallView) -> Plan:
        plan = Plan()
        if call.has_ingress_header:
            plan.remove.append(self.settings.ingress_header)
        if call.has_verdict_header:
            plan.remove.append(VERDICT_HEADER)  # nobody upstream may hand us a verdict
        return plan

    def _plan_verstat(self, call: CallView, plan: Plan, verstat: str | None) -> None:
        """Set (or strip) verstat on the URI that carries the caller: PAI, else From."""
        if call.caller_from_pai:
            bodies = []
            changed = False
            for body in call.pai_bodies:
                parts = []
                for part in split_addresses(body):
                    uri = uri_of(part)
                    new = with_verstat(uri, verstat) if user_of(uri) else uri
                    changed |= new != uri
                    parts.append(replace_uri(part, new) if new != uri else part.strip())
                bodies.append(", ".join(parts))
            if changed:
                plan.new_pai = bodies
        elif call.from_uri and user_of(call.from_uri):
            new = with_verstat(call.from_uri, verstat)
            if new != call.from_uri:
                plan.new_from_uri = new

    def _reject(self, call: CallView, decision: Decision, verdict: str) -> int:
        status = self.settings.reject_status
        top = decision.findings[0] if decision.findings else None
        code = top.code if top is not None else "POLICY.BLOCKED"
        reason_en = top.reason if top is not None else "The call was rejected by policy."
        lines = []
        if status == 608 and self.settings.call_info:
            # RFC 8688 section 3.3: where to ask about the rejection (a signed jCard)
            lines.append(f"Call-Info: <{self.settings.call_info}>;purpose=jwscard")
        lines.append(f"Reason: SIP;cause={status};text={quoted(code, 80)}")
        lines.append(f"Warning: 399 fanzha {quoted(reason_en)}")
        lines.append(f"{VERDICT_HEADER}: {verdict}")
        for line in lines:
            self.ksr.hdr.append_to_reply(header_safe(line, 512) + "\r\n")
        self.ksr.sl.send_reply(status, _REASON_PHRASES.get(status, "Rejected"))
        self._stat("fanzha_rejected")
        self._log_decision(f"rejected {status}", call, decision, verdict_verstat(verdict))
        return REPLIED

    # -- originating side: sign ------------------------------------------------------------

    def _originating(self, call: CallView) -> int:
        services = self._ensure_services()
        signer = services.shaken.signer if services and services.shaken else None
        plan = self._base_plan(call)
        if signer is None:
            self._stat("fanzha_sign_skipped")
            self._apply(plan)
            return FORWARD
        attest = (call.trunk.attest if call.trunk else None) or self.settings.signing_attest
        try:
            identity = signer.sign(call.caller, call.callee, attest)
        except InvalidNumberError:
            # not a telephone number (e.g. a SIP user name): nothing to sign
            self._stat("fanzha_sign_skipped")
            self._apply(plan)
            return FORWARD
        if call.identities:
            plan.remove.append(IDENTITY)  # a subscriber cannot sign for the network
        plan.append.append(f"{IDENTITY}: {identity}")
        self._apply(plan)
        self._stat("fanzha_signed")
        if self.settings.log_calls:
            self._log(
                "info",
                f"signed call {call.call_id}: {self._mask(call.caller)} -> "
                f"{self._mask(call.callee)} attest {attest} (trunk {call.trunk_name})",
            )
        return FORWARD

    # -- applying, logging, counting -------------------------------------------------------

    def _apply(self, plan: Plan) -> None:
        hdr = self.ksr.hdr
        for name in dict.fromkeys(plan.remove):
            hdr.remove(name)
        if plan.new_pai is not None:
            hdr.remove(PAI)
            for body in plan.new_pai:
                hdr.append(f"{PAI}: {header_safe(body, 1024)}\r\n")
        if plan.new_from_uri is not None:
            self.ksr.uac.uac_replace_from_uri(plan.new_from_uri)
        for line in plan.append:
            hdr.append(header_safe(line, 8192) + "\r\n")

    def _failed(self, exc: Exception, call: CallView | None) -> int:
        self._stat("fanzha_handler_errors")
        where = ""
        if call is not None:
            where = (
                f" for call {call.call_id} {self._mask(call.caller)} -> "
                f"{self._mask(call.callee)} from {call.source}"
            )
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        at = "; ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in frames)
        message = str(exc)[:300]
        self._log(
            "err",
            f"handler error{where}: {type(exc).__name__}: {self._mask_text(message)} "
            f"[{at}]; failing {self.settings.fail}",
        )
        return FAILED

    def _log_decision(
        self, what: str, call: CallView, decision: Decision, verstat: str | None
    ) -> None:
        codes = ",".join(decision.codes) or "-"
        self._log(
            "info",
            f"{what} call {call.call_id}: {self._mask(call.caller)} -> "
            f"{self._mask(call.callee)} ingress {call.ingress.value}"
            f"{' trunk ' + call.trunk_name if call.trunk_name else ''} action "
            f"{decision.action.value} score {decision.score:.2f} codes {codes}"
            f"{' verstat ' + verstat if verstat else ''}"
            f"{' (' + call.why_unverified + ')' if call.why_unverified else ''}",
        )

    def _mask(self, number: str) -> str:
        if not number:
            return "(withheld)"
        if self.show_full_numbers:
            return header_safe(number, 64)
        return mask_number(header_safe(number, 64))

    def _mask_text(self, text: str) -> str:
        return text if self.show_full_numbers else mask_text(text)

    def _log(self, level: str, message: str) -> None:
        getattr(self.ksr, level)(f"fanzha: {header_safe(message, 2000)}\n")

    def _stat(self, name: str) -> None:
        try:
            self.ksr.statistics.update_stat(name, 1)
        except Exception:
            log.debug("cannot update statistic %s", name, exc_info=True)

    def _ensure_services(self) -> Services | None:
        if self._services is not None:
            return self._services
        now = time.monotonic()
        if self._services_tried and now - self._services_tried < _RETRY_SERVICES_S:
            return None
        self._services_tried = now
        started = time.perf_counter()
        try:
            self._services = self._services_factory(self.settings)
        except Exception as exc:
            self._services_error = f"{type(exc).__name__}: {self._mask_text(str(exc)[:300])}"
            self._log(
                "err",
                f"cannot start screening in process rank {self.rank}: {self._services_error}; "
                f"calls fail {self.settings.fail} until it starts (retry every "
                f"{_RETRY_SERVICES_S:.0f} s)",
            )
            return None
        self._services_error = None
        shaken = self._services.shaken
        self._log(
            "info" if self.rank in (None, 1) else "dbg",
            f"screening ready in process rank {self.rank} in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms; STIR/SHAKEN "
            f"{shaken.describe() if shaken else 'not installed'}",
        )
        return self._services


_VERSTAT_STAT = {
    "TN-Validation-Passed": "passed",
    "TN-Validation-Failed": "failed",
    "No-TN-Validation": "none",
}


def verdict_verstat(verdict: str) -> str | None:
    _, params = parse_params(verdict)
    return params.get("verstat")


def _screen(services: Services, event: CallEvent, result: Any) -> Decision:
    return services.screener.screen(event, strict=False, verification=result)


def _verdict(decision: Decision, verstat: str | None, ingress: Ingress) -> str:
    codes = ",".join(token(code) for code in decision.codes)
    parts = [decision.action.value, f"score={decision.score:.2f}"]
    if codes:
        parts.append(f"codes={codes}")
    if verstat:
        parts.append(f"verstat={verstat}")
    parts.append(f"ingress={ingress.value}")
    parts.append(f"policy={token(decision.policy_version)}")
    return "; ".join(parts)


def _claimed_ingress(
    value: str, ingress: Ingress, trunk: str | None, official: bool
) -> tuple[Ingress, str | None, bool, bool]:
    """Parse ``international; trunk=gw-1; roaming-verified; official-trunk`` (trusted SBC)."""
    first, params = parse_params(value)
    try:
        ingress = Ingress(first)
    except ValueError:
        log.debug("ignoring an ingress header with unknown ingress %r", first[:32])
        return ingress, trunk, official, False
    claimed_trunk = params.get("trunk")
    if claimed_trunk:
        trunk = token(claimed_trunk)
    return ingress, trunk, "official-trunk" in params, "roaming-verified" in params


class _KsrLogHandler(logging.Handler):
    """Python logging (fanzha's own loggers) into Kamailio's log, numbers masked."""

    def __init__(self, ksr: Any, show_full_numbers: bool) -> None:
        super().__init__()
        self.ksr = ksr
        self.show_full_numbers = show_full_numbers

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info and record.exc_info[0] is not None:
                text += f" ({record.exc_info[0].__name__}: {record.exc_info[1]})"
            if not self.show_full_numbers:
                text = mask_text(text)
            level = (
                "err"
                if record.levelno >= logging.ERROR
                else "warn"
                if record.levelno >= logging.WARNING
                else "info"
                if record.levelno >= logging.INFO
                else "dbg"
            )
            getattr(self.ksr, level)(f"{record.name}: {header_safe(text, 2000)}\n")
        except Exception:
            pass


def _install_log_bridge(ksr: Any, show_full_numbers: bool, level: str) -> None:
    root = logging.getLogger()
    if not any(isinstance(h, _KsrLogHandler) for h in root.handlers):
        root.addHandler(_KsrLogHandler(ksr, show_full_numbers))
    number = logging.getLevelName(level.upper()) if level else logging.INFO
    root.setLevel(number if isinstance(number, int) else logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations: one line per worker


def create_handler(data: Mapping[str, Any], ksr: Any) -> KamailioHandler:
    """The default ``handler_factory``: what the bootstrap calls in mod_init.

    Runs once in Kamailio's main process, before the workers are forked: it
    builds the services once (importing everything, migrating the store,
    loading keys and trust anchors) so configuration errors show at start-up,
    then closes them; each worker builds its own after the fork.
    """
    handler = KamailioHandler(HandlerSettings.from_json(data), ksr)
    handler.prepare()
    tune_gc()
    return handler


def tune_gc() -> None:
    """Keep the garbage collector off the long-lived objects, as the HTTP server does.

    Called before Kamailio forks (and again once a worker has built its
    services): frozen objects are never walked by a collection, so workers
    neither pay 50-100 ms full collections over the registry, the parse caches
    and the store's metadata, nor copy every page they share with the main
    process just to update GC headers.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def settings_with(settings: HandlerSettings, **changes: Any) -> HandlerSettings:
    return replace(settings, **changes)
