"""The Kamailio handler's own cost per call, outside Kamailio.

Drives ``KamailioHandler.on_invite`` in a tight loop with a stand-in for
Kamailio's KSR object (pseudo-variables and header operations answered from
a dict), on the same population, store, PKI and fresh attestation-A
PASSporTs as ``sip_bench.py``. It shows where the handler's CPU goes without
sipp and Kamailio sharing the cores; ``--profile`` prints the top functions.

In the same run it times the bare ES256 check of the same tokens, the one
step no verifying handler can skip, and reports the handler per call as a
multiple of it.

``--evict-mb N`` writes N MB of memory between two calls, as sipp and
Kamailio's own work do between two INVITEs in the real proxy, so the handler
starts each call with its code and data pushed out of the CPU caches (the
eviction's own time is measured alone in the same run and taken off).

    .venv/bin/python benchmarks/sip_handler_loop.py [--calls 20000] [--profile] [--evict-mb 4]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sip_bench import X5U, build_world, pick_calls

from fanzha.callerid.kamailio.handler import (
    FORWARD,
    HandlerSettings,
    KamailioHandler,
    tune_gc,
)
from fanzha.callerid.shaken import es256, passport
from fanzha.core import CallEvent


class FakePV:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)


class FakeHdr:
    def __init__(self) -> None:
        self.appended = 0

    def append(self, line: str) -> int:
        self.appended += 1
        return 1

    def remove(self, name: str) -> int:
        return 1

    def append_to_reply(self, line: str) -> int:
        return 1


class FakeStats:
    def update_stat(self, name: str, value: int) -> int:
        return 1


class FakeUac:
    def uac_replace_from_uri(self, uri: str) -> int:
        return 1


class FakeSl:
    def send_reply(self, code: int, reason: str) -> int:
        return 1


class FakeKSR:
    def __init__(self) -> None:
        self.pv = FakePV()
        self.hdr = FakeHdr()
        self.statistics = FakeStats()
        self.uac = FakeUac()
        self.sl = FakeSl()

    def info(self, text: str) -> None:
        pass

    err = warn = dbg = info


def call_pvs(caller: str, callee: str, identity: str, serial: int) -> dict[str, str]:
    """What Kamailio's pseudo-variables show for one benchmark INVITE (see bench_uac.xml)."""
    return {
        "$si": "127.0.0.1",
        "$fu": f"sip:{caller}@127.0.0.1:5070;user=phone",
        "$rU": callee,
        "$tU": callee,
        "$ci": f"{serial}-bench@127.0.0.1",
        "$hdrc(P-Asserted-Identity)": "0",
        "$hdrc(Identity)": "1",
        "$(hdr(Identity)[0])": identity,
    }


def stage_costs(
    handler: KamailioHandler, ksr: FakeKSR, pvs: list[dict[str, str]]
) -> dict[str, float]:
    """CPU per call of each step of ``_terminating``, each timed in its own loop."""
    services = handler._services
    assert services is not None and services.shaken is not None
    shaken_glue = services.shaken
    views = []
    started = time.process_time()
    for values in pvs:
        ksr.pv.values = values
        views.append(handler._read_call())
    read_s = time.process_time() - started
    started = time.process_time()
    results = [shaken_glue.verify(v.identities, v.caller, v.callee, v.date) for v in views]
    verify_s = time.process_time() - started
    events = [
        CallEvent(caller=v.caller, callee=v.callee, ingress=v.ingress, trunk=v.trunk_name)
        for v in views
    ]
    started = time.process_time()
    for event, result in zip(events, results, strict=True):
        services.screener.screen(event, strict=False, verification=result)
    screen_s = time.process_time() - started
    n = len(pvs) / 1e6
    return {
        "read_call": round(read_s / n, 1),
        "verify": round(verify_s / n, 1),
        "screen": round(screen_s / n, 1),
    }


class Evictor:
    """Writes ``mb`` megabytes per call: what runs between two INVITEs in the proxy."""

    def __init__(self, mb: float) -> None:
        self.buffer = np.zeros(int(mb * (1 << 20)) // 8, dtype=np.float64)

    def __call__(self) -> None:
        if self.buffer.size:
            self.buffer += 1.0

    def alone(self, times: int) -> float:
        """CPU seconds that ``times`` evictions cost by themselves."""
        started = time.process_time()
        for _ in range(times):
            self()
        return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="print the top 30 functions")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--evict-mb", type=float, default=0.0, help="MB written between two calls (cold caches)"
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="fanzha-handler-loop-"))
    try:
        world = build_world(workdir)
        ca, sti, signer, pop, data_dir = (
            world.ca, world.sti, world.signer, world.pop, world.data_dir
        )  # fmt: skip
        settings = HandlerSettings.from_json(
            {
                "mode": "monitor",
                "trunks": [{"name": "sbc", "sources": ["127.0.0.1/32"], "trusted": True}],
                "verification": {"preload": {X5U: str(sti.chain)}},
                "fanzha_env": {
                    "FANZHA_DATA_DIR": str(data_dir),
                    "FANZHA_SHAKEN_TRUST_ANCHORS": str(ca.trust_anchors),
                    "FANZHA_SHAKEN_CRLS": str(world.crl),
                },
            }
        )
        ksr = FakeKSR()
        handler = KamailioHandler(settings, ksr)
        tune_gc()
        handler.child_init(1)

        now = int(time.time())
        calls = [
            (caller, callee, signer.sign(caller, callee, "A", iat=now))
            for caller, callee in pick_calls(pop, 2_000 + args.calls, seed=5)
        ]
        # the stages are timed on other calls of the same mix, before the handler's run
        stage_calls = [
            call_pvs(caller, callee, signer.sign(caller, callee, "A", iat=now), n)
            for n, (caller, callee) in enumerate(pick_calls(pop, args.calls, seed=6))
        ]
        timed = calls[2_000:]
        pvs = [call_pvs(c, d, i, n) for n, (c, d, i) in enumerate(calls)]
        for values in pvs[:2_000]:
            ksr.pv.values = values
            assert handler.on_invite() == FORWARD

        # the reference: the bare ES256 check of the same tokens, same key
        bundle = handler._services.shaken.verifier.fetcher.fetch(X5U)  # type: ignore[union-attr]
        key = bundle.public_key
        decoded = [passport.decode_token(i.split(";", 1)[0]) for _, _, i in timed]
        started = time.process_time()
        for token in decoded:
            es256.verify(key, token.signature, token.signing_input)
        signature_s = time.process_time() - started

        stages = stage_costs(handler, ksr, stage_calls)
        profiler = cProfile.Profile() if args.profile else None
        timed_pvs = pvs[2_000:]
        evict = Evictor(args.evict_mb)
        eviction_s = evict.alone(len(timed_pvs))
        started = time.process_time()
        if profiler:
            profiler.enable()
        for values in timed_pvs:
            ksr.pv.values = values
            evict()
            handler.on_invite()
        if profiler:
            profiler.disable()
        handler_s = time.process_time() - started - eviction_s

        per_call = handler_s / len(timed) * 1e6
        per_signature = signature_s / len(timed) * 1e6
        figures = {
            "calls": len(timed),
            "handler_us_per_call": round(per_call, 1),
            "signature_us_per_call": round(per_signature, 1),
            "handler_over_signature": round(per_call / per_signature, 2),
            "handler_calls_per_s": round(len(timed) / handler_s),
            "stages_us_per_call": stages,
            "evicted_mb_between_calls": args.evict_mb,
        }
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            cold = f" with {args.evict_mb:g} MB evicted between calls" if args.evict_mb else ""
            print(
                f"handler{cold} {per_call:.1f} us/call ({figures['handler_calls_per_s']}/s), "
                f"bare ES256 check {per_signature:.1f} us, ratio {figures['handler_over_signature']}"
            )
            print("  stages (us/call): " + ", ".join(f"{k} {v}" for k, v in stages.items()))
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
