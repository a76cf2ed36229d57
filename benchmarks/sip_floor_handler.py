"""A reference handler for ``sip_bench.py --floor``: one ES256 check per call, nothing else.

It is what any handler that verifies every call must at least spend: read the
Identity header through KSR, split the PASSporT, check its signature with the
key of the (preloaded) certificate. No header parsing rules, no claims, no
certificate checks, no screening. The benchmark runs it beside plain
forwarding and the full fanzha handler, in the same run, to show how much of
the plain path's rate is left once each call carries one P-256 verification
on this machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import es256
from fanzha.callerid.shaken.encoding import b64url_decode

FORWARD = 1


class FloorHandler:
    def __init__(self, data: dict[str, Any], ksr: Any) -> None:
        self.ksr = ksr
        pem = Path(next(iter(data["verification"]["preload"].values()))).read_bytes()
        key = x509.load_pem_x509_certificates(pem)[0].public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        self.key = key

    def child_init(self, rank: int) -> int:
        return 0

    def on_invite(self, msg: Any = None) -> int:
        value = self.ksr.pv.get("$(hdr(Identity)[0])") or ""
        head, payload, signature = value.split(";", 1)[0].split(".")
        ok = es256.verify(self.key, b64url_decode(signature), f"{head}.{payload}".encode())
        self.ksr.statistics.update_stat(
            "fanzha_verstat_passed" if ok else "fanzha_verstat_failed", 1
        )
        return FORWARD


def create_handler(data: dict[str, Any], ksr: Any) -> FloorHandler:
    return FloorHandler(data, ksr)
