"""Telecom simulator: subscribers, call and SMS records, and the truth behind them.

Real CDRs are private, so fanzha simulates an operator's network. Everything is
vectorised with numpy (10 million records take well under a minute) and fully
determined by ``ScenarioConfig`` (the seed included): the same configuration
writes the same Parquet files, byte for byte.

The population
--------------
Normal subscribers come in segments (``ScenarioConfig.mix``), chosen so that no
single easy rule separates them from fraud:

* ``family``, ``elderly``, ``new_user``, ``traveller``: personal mobiles calling a
  stable, reciprocal circle of contacts (on-net contacts are symmetric), SMS with
  replies, home and work cells, one handset (some change phones, some use dual-SIM
  handsets shared by two lines). New users are freshly activated, some in campus
  batches of consecutive numbers; travellers roam abroad for a few days; some
  people switch their phone off for days, and some get a long call from a new number.
* ``courier``: many short calls to fresh customers every day, many of whom call
  back; many cells along a route; pickup SMS that nobody answers.
* ``sales``: calls to a book of clients and to new leads, longer calls.
* ``telemarketer``: a legitimate telemarketer on a personal mobile: many short
  calls to fresh numbers, few callbacks, one stationary office cell.
* ``call_centre`` and ``cloud_voice``: enterprise fixed and cloud-voice lines with
  outbound campaigns and inbound hotline traffic; cloud voice is originated over
  VoIP trunks; after-hours calls are forwarded to staff mobiles.
* ``office_line``: ordinary enterprise lines; some forward calls to a mobile, a
  few to an office abroad (Hong Kong, Singapore, the US).
* ``gateway``: corporate GSM gateways, the same hardware as a SIM box used for
  legitimate outbound notification calls: many calls from one cell, incoming
  calls never answered, SMS nobody answers; but cards keep their ports for
  months, are not fresh and work office hours.
* ``iot``: IoT cards with machine SMS and no voice.

Fraud (``fraud_share`` of the subscribers, split by ``fraud_mix``) is organised in
rings (dens), after the seed articles:

* ``fraud_sim``: freshly activated card batches (consecutive numbers, same day and
  region, often virtual-operator or IoT ranges) used for a few days in a den's
  handsets, rotated between phones: dozens of short outgoing calls a day to
  strangers, almost no incoming calls, SMS spam without replies, one or two cells.
* ``simbox``: SIMs in GoIP / SIM boxes that relay calls from an overseas den: many
  SIMs behind few IMEIs (ports) and one cell, very many short outgoing calls, no
  incoming calls answered, no SMS replies.
* ``abused_enterprise_line``: enterprise fixed or cloud-voice lines rented or
  "cut" to an overseas den: after the abuse starts, calls are originated over
  VoIP at all hours and callbacks are forwarded abroad.
* ``victim``: a subscriber who got a long call from a den (or from a spoofed
  number through an international / VoIP gateway) and then called nobody for days.

``stealth`` (0 to 1) makes dens look more like normal users: fewer and longer
calls, repeat dialling, accomplices calling in and answering SMS, nurtured (aged)
cards in smaller batches, more handsets, SIM boxes that move and do not rotate
SIMs, forwarding to domestic numbers instead of abroad, office hours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.schema import (
    Direction,
    Ingress,
    LineType,
    RealName,
    Role,
    arrow_schema,
)
from fanzha.core import InvalidInputError

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

DAY = 86_400
HOUR = 3_600
LOCAL_OFFSET = 8 * HOUR  # China Standard Time; timestamps are written in UTC

NORMAL_SEGMENTS: tuple[str, ...] = (
    "family",
    "elderly",
    "new_user",
    "traveller",
    "courier",
    "sales",
    "telemarketer",
    "call_centre",
    "cloud_voice",
    "office_line",
    "gateway",
    "iot",
)
FRAUD_SEGMENTS: tuple[str, ...] = ("fraud_sim", "simbox", "abused_enterprise_line")
SEGMENTS: tuple[str, ...] = NORMAL_SEGMENTS + FRAUD_SEGMENTS
_SEG = {name: i for i, name in enumerate(SEGMENTS)}

DEFAULT_MIX: dict[str, float] = {
    "family": 0.70,
    "elderly": 0.07,
    "new_user": 0.03,
    "traveller": 0.015,
    "courier": 0.03,
    "sales": 0.03,
    "telemarketer": 0.004,
    "call_centre": 0.006,
    "cloud_voice": 0.005,
    "office_line": 0.03,
    "gateway": 0.003,
    "iot": 0.08,
}
DEFAULT_FRAUD_MIX: dict[str, float] = {
    "fraud_sim": 0.45,
    "simbox": 0.40,
    "abused_enterprise_line": 0.15,
}

_SOCIAL = ("family", "elderly", "new_user", "traveller", "courier", "sales", "telemarketer")
_PERSONAL = (*_SOCIAL, "gateway", "fraud_sim", "simbox")
_FIXED = ("call_centre", "cloud_voice", "office_line", "abused_enterprise_line")

# Our network's mobile prefixes, virtual operators hosted on it, and other operators.
_OUR_PREFIXES = np.array(
    [134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188, 198]
)
_MVNO_PREFIXES = np.array([1703, 1705, 1706, 1650, 1651])
_OFFNET_PREFIXES = np.array(
    [130, 131, 132, 155, 156, 166, 185, 186, 133, 153, 173, 177, 180, 181, 189, 199]
)
_AREA_CODES = np.array([10, 20, 21, 22, 23, 24, 25, 27, 28, 29, 755, 571, 591, 512, 531, 871])
_DEN_COUNTRIES = np.array([855, 95, 63, 856, 60, 971])  # where overseas dens sit
_LEGIT_ABROAD = np.array([852, 65, 1, 44, 81])  # where legitimate offices and trips go
REGIONS: tuple[str, ...] = ("BJ", "SH", "GD", "ZJ", "JS", "SC", "HB", "HN", "FJ", "YN", "GX", "HA")

_ING = {Ingress.DOMESTIC: 0, Ingress.INTERNATIONAL: 1, Ingress.VOIP: 2}
_ING_NAMES = [Ingress.DOMESTIC.value, Ingress.INTERNATIONAL.value, Ingress.VOIP.value]


def _profile(*weights: float) -> F64:
    values = np.asarray(weights, dtype=np.float64)
    assert values.shape == (24,)
    return np.cumsum(values / values.sum())


# Local hour-of-day profiles (cumulative), 00h .. 23h.
_H_FAMILY = _profile(
    1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 4, 5, 5, 5, 6, 5, 5, 5, 5, 6, 7, 8, 8, 7, 4, 2
)
_H_BUSINESS = _profile(
    0, 0, 0, 0, 0, 0, 0.1, 0.5, 3, 8, 9, 8, 4, 5, 8, 9, 8, 6, 2, 0.8, 0.4, 0.2, 0.1, 0
)
_H_COURIER = _profile(0, 0, 0, 0, 0, 0, 0.5, 3, 7, 8, 8, 8, 6, 7, 8, 8, 8, 7, 6, 4, 2, 0.5, 0.1, 0)
_H_ELDERLY = _profile(
    0.1, 0, 0, 0, 0.2, 1, 3, 5, 7, 8, 8, 6, 4, 4, 6, 7, 7, 6, 5, 4, 2, 0.5, 0.2, 0.1
)
_H_DEN = _profile(
    0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 6, 8, 8, 8, 6, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1
)
_H_FLAT = _profile(3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 4, 3)


@dataclass(frozen=True, slots=True)
class ScenarioConfig:
    """Everything that determines a simulated data set.

    ``subscribers`` lines are simulated over ``days`` days from ``start``. The
    default population makes about ``7 * subscribers * days`` call records (both
    legs of on-net calls are recorded) and a fifth as many SMS records.
    """

    seed: int = 0
    subscribers: int = 20_000
    days: int = 14
    start: date = date(2026, 1, 5)
    fraud_share: float = (
        0.006  # share of the lines that are fraud SIMs, SIM-box SIMs or abused lines
    )
    stealth: float = 0.0  # 0: textbook dens; 1: dens that imitate normal users as well as they can
    hook_rate: float = 0.004  # share of answered den calls to personal lines that hook a victim
    onnet_share: float = 0.45  # share of contacts and den targets that are on this network
    mix: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    fraud_mix: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FRAUD_MIX))

    def validate(self) -> None:
        problems: list[str] = []
        if self.subscribers < 200:
            problems.append("subscribers must be at least 200")
        if not 2 <= self.days <= 366:
            problems.append("days must be between 2 and 366")
        if not 0.0 <= self.fraud_share <= 0.2:
            problems.append("fraud_share must be between 0 and 0.2")
        if not 0.0 <= self.stealth <= 1.0:
            problems.append("stealth must be between 0 and 1")
        if not 0.0 <= self.hook_rate <= 0.5:
            problems.append("hook_rate must be between 0 and 0.5")
        if not 0.0 <= self.onnet_share <= 1.0:
            problems.append("onnet_share must be between 0 and 1")
        for name, mapping, known in (
            ("mix", self.mix, NORMAL_SEGMENTS),
            ("fraud_mix", self.fraud_mix, FRAUD_SEGMENTS),
        ):
            unknown = set(mapping) - set(known)
            if unknown:
                problems.append(f"{name}: unknown segments {sorted(unknown)}; known: {list(known)}")
            if any(v < 0 for v in mapping.values()) or sum(mapping.values()) <= 0:
                problems.append(f"{name}: weights must be non-negative with a positive sum")
        if sum(self.mix.get(s, 0.0) for s in _SOCIAL) <= 0:
            problems.append("mix: needs at least one personal segment")
        if problems:
            raise InvalidInputError(
                "invalid scenario: " + "; ".join(problems),
                code="CDR.SCENARIO_INVALID",
                details={"problems": problems},
            )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["mix"] = dict(self.mix)
        data["fraud_mix"] = dict(self.fraud_mix)
        return data


def parse_mix(text: str, known: tuple[str, ...]) -> dict[str, float]:
    """``"family=0.6,courier=0.1"`` -> weights, checked against ``known`` names."""
    mix: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in known:
            raise InvalidInputError(
                f"bad mix item {item!r}: expected name=weight with name in {list(known)}",
                code="CDR.SCENARIO_INVALID",
            )
        try:
            mix[name] = float(value)
        except ValueError:
            raise InvalidInputError(
                f"bad weight in mix item {item!r}", code="CDR.SCENARIO_INVALID"
            ) from None
    return mix


@dataclass(slots=True)
class SimResult:
    """The four tables as Arrow tables, and the configuration that made them."""

    config: ScenarioConfig
    subscribers: pa.Table
    cdr: pa.Table
    sms: pa.Table
    truth: pa.Table

    def tables(self) -> dict[str, pa.Table]:
        return {
            "subscribers": self.subscribers,
            "cdr": self.cdr,
            "sms": self.sms,
            "truth": self.truth,
        }

    def write(self, out_dir: str | Path) -> Path:
        """Write ``<name>.parquet`` for each table and ``scenario.json``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, table in self.tables().items():
            pq.write_table(table, out / f"{name}.parquet", row_group_size=1_000_000)
        meta = {"generator": "fanzha.cdr.simulate", "config": self.config.to_dict()}
        (out / "scenario.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        return out


class _Records:
    """Columns of calls (or SMS) accumulated batch by batch."""

    def __init__(self) -> None:
        self.parts: dict[str, list[npt.NDArray[Any]]] = {}

    def add(self, **cols: npt.NDArray[Any]) -> None:
        n = {len(v) for v in cols.values()}
        assert len(n) == 1, n
        for key, value in cols.items():
            self.parts.setdefault(key, []).append(value)

    def build(self) -> dict[str, npt.NDArray[Any]]:
        return {key: np.concatenate(values) for key, values in self.parts.items()}


class _Simulator:
    def __init__(self, config: ScenarioConfig) -> None:
        config.validate()
        self.cfg = config
        seeds = np.random.SeedSequence(config.seed).spawn(16)
        self._rngs = [np.random.Generator(np.random.PCG64(s)) for s in seeds]
        self.days = config.days
        start = datetime(config.start.year, config.start.month, config.start.day, tzinfo=UTC)
        self.t0 = int(start.timestamp()) - LOCAL_OFFSET  # local midnight of day 0, in UTC
        self.t_end = self.t0 + self.days * DAY
        self.weekday0 = config.start.weekday()
        self.calls = _Records()
        self.sms = _Records()

    def rng(self, i: int) -> np.random.Generator:
        return self._rngs[i]

    # ------------------------------------------------------------------ numbers

    def _unique_numbers(self, rng: np.random.Generator, prefixes: I64, digits: int, n: int) -> I64:
        """``n`` distinct numbers 86<prefix><digits random digits>."""
        out = np.empty(0, dtype=np.int64)
        while len(out) < n:
            k = int((n - len(out)) * 1.05) + 16
            pre = rng.choice(prefixes, size=k).astype(np.int64)
            body = rng.integers(0, 10**digits, size=k, dtype=np.int64)
            scale = 10 ** (digits + np.floor(np.log10(pre)).astype(np.int64) + 1)
            nums = 86 * scale + pre * 10**digits + body
            out = np.unique(np.concatenate([out, nums]))
        return rng.permutation(out)[:n]

    def _mobile(self, pre: I64, body: I64) -> I64:
        """86 + 3-digit prefix + 8 digits, or 86 + 4-digit prefix + 7 digits."""
        four = pre >= 1000
        return np.where(
            four,
            8_600_000_000_000 + pre * 10_000_000 + body % 10_000_000,
            8_600_000_000_000 + pre * 100_000_000 + body,
        )

    def offnet_numbers(self, rng: np.random.Generator, n: int) -> I64:
        pre = rng.choice(_OFFNET_PREFIXES, size=n).astype(np.int64)
        return self._mobile(pre, rng.integers(0, 100_000_000, size=n, dtype=np.int64))

    def foreign_numbers(self, rng: np.random.Generator, n: int, countries: I64) -> I64:
        cc = rng.choice(countries, size=n).astype(np.int64)
        digits = np.where(cc == 1, 10, 9)
        body = rng.integers(10**8, 10**9, size=n, dtype=np.int64)
        scale = np.power(np.int64(10), digits.astype(np.int64))
        return np.asarray(cc * scale + body % scale, dtype=np.int64)

    # ------------------------------------------------------------------ population

    def population(self) -> None:
        cfg, rng = self.cfg, self.rng(0)
        n = cfg.subscribers
        n_fraud = round(n * cfg.fraud_share)
        fmix = np.array([cfg.fraud_mix.get(s, 0.0) for s in FRAUD_SEGMENTS])
        fraud_counts = np.floor(n_fraud * fmix / fmix.sum()).astype(np.int64)
        fraud_counts[0] += n_fraud - fraud_counts.sum()
        mix = np.array([cfg.mix.get(s, 0.0) for s in NORMAL_SEGMENTS])
        normal_counts = rng.multinomial(n - n_fraud, mix / mix.sum())
        seg = np.repeat(
            np.arange(len(SEGMENTS), dtype=np.int8),
            np.concatenate([normal_counts, fraud_counts]),
        )
        self.n = n
        self.seg = seg
        self.is_fraud = seg >= len(NORMAL_SEGMENTS)
        self.idx = {name: np.flatnonzero(seg == _SEG[name]) for name in SEGMENTS}
        self.in_seg = {name: seg == _SEG[name] for name in SEGMENTS}
        s = cfg.stealth

        line = np.zeros(n, dtype=np.int8)  # index into LineType order below
        fixed_like = np.isin(seg, [_SEG[x] for x in _FIXED])
        line[fixed_like] = 1
        line[self.in_seg["cloud_voice"]] = 2
        line[self.in_seg["iot"]] = 3
        ent = self.idx["abused_enterprise_line"]
        line[ent] = np.where(rng.random(len(ent)) < 0.4, 2, 1)
        fsim = self.idx["fraud_sim"]
        line[fsim] = np.where(rng.random(len(fsim)) < 0.15 * (1 - s), 3, 0)
        self.line = line
        self.is_fixed = (line == 1) | (line == 2)

        # Rings: fraud entities are spread over dens of about 60 lines each.
        n_rings = max(1, math.ceil(n_fraud / 60)) if n_fraud else 0
        ring = np.full(n, -1, dtype=np.int32)
        if n_fraud:
            fraud_idx = np.flatnonzero(self.is_fraud)
            ring[fraud_idx] = rng.integers(0, n_rings, size=len(fraud_idx))
        self.ring = ring
        self.n_rings = n_rings

        # Activation day relative to day 0 (negative: before the window).
        act = -np.minimum(rng.exponential(4 * 365, size=n), 15 * 365).astype(np.int64) - 1
        new = self.idx["new_user"]
        act[new] = rng.integers(-20, max(self.days - 3, 1), size=len(new))
        act[ent] = -rng.integers(200, 3000, size=len(ent))
        self.act = act

        msisdn = np.zeros(n, dtype=np.int64)
        personal = np.flatnonzero(np.isin(seg, [_SEG[x] for x in _PERSONAL]))
        mvno = rng.random(len(personal)) < 0.05
        msisdn[personal] = self._unique_numbers(rng, _OUR_PREFIXES, 8, len(personal))
        msisdn[personal[mvno]] = self._unique_numbers(rng, _MVNO_PREFIXES, 7, int(mvno.sum()))
        carrier_mvno = np.zeros(n, dtype=bool)
        carrier_mvno[personal[mvno]] = True
        fixed = np.flatnonzero(self.is_fixed)
        msisdn[fixed] = self._unique_numbers(rng, _AREA_CODES, 8, len(fixed))
        iot = np.flatnonzero(line == 3)
        msisdn[iot] = self._unique_numbers(rng, np.array([1064, 1440, 1441]), 9, len(iot))
        self.carrier_mvno = carrier_mvno

        region = rng.integers(0, len(REGIONS), size=n).astype(np.int8)
        real = np.zeros(n, dtype=np.int8)  # 0 verified, 1 unverified, 2 corporate
        real[rng.random(n) < 0.03] = 1
        real[self.is_fixed] = 2
        real[self.idx["gateway"]] = 2
        real[iot] = np.where(rng.random(len(iot)) < 0.8, 2, 1)

        # Campus batches: half the new users get consecutive numbers on one day.
        campus = new[rng.random(len(new)) < 0.5]
        self._batches(rng, msisdn, act, region, campus, (10, 30), spread=0, carrier_mvno=None)

        # Fraud card batches: consecutive numbers, one day (spread with stealth), one region.
        for name, lo, hi in (("fraud_sim", -3, self.days // 2), ("simbox", -10, self.days // 3)):
            members = self.idx[name]
            if not len(members):
                continue
            aged = rng.random(len(members)) < s
            act[members] = rng.integers(lo, max(hi, lo + 1), size=len(members))
            size = (max(3, round(8 * (1 - 0.6 * s))), max(4, round(30 * (1 - 0.6 * s))))
            self._batches(
                rng,
                msisdn,
                act,
                region,
                members,
                size,
                spread=round(4 * s),
                carrier_mvno=0.35 * (1 - s),
            )
            act[members[aged]] = -rng.integers(30, 180, size=int(aged.sum()))
            unverified = rng.random(len(members)) < 0.25 * (1 - s)
            real[members[unverified]] = 1
        iot_fsim = fsim[line[fsim] == 3]
        msisdn[iot_fsim] = self._unique_numbers(rng, np.array([1064, 1440]), 9, len(iot_fsim))
        carrier_mvno[iot_fsim] = False
        self._dedupe_numbers(rng, msisdn)
        self.msisdn = msisdn
        self.region = region
        self.real = real
        self.num_to_sub = dict(zip(msisdn.tolist(), range(n), strict=True))

        # Devices and cells.
        self.n_cells = max(200, n // 15)
        self.home_cell = rng.integers(0, self.n_cells, size=n).astype(np.int64)
        self.work_cell = rng.integers(0, self.n_cells, size=n).astype(np.int64)
        self.imei_a = 35_000_000_000_000 + rng.permutation(n).astype(np.int64) * 97 + 11
        self.imei_b = self.imei_a + 13
        self.switch_t = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        social = np.flatnonzero(np.isin(seg, [_SEG[x] for x in _SOCIAL]))
        changers = social[rng.random(len(social)) < 0.05]
        self.switch_t[changers] = self.t0 + rng.integers(0, self.days * DAY, size=len(changers))
        # Dual-SIM handsets: pairs of personal lines share one IMEI.
        dual = rng.permutation(social[rng.random(len(social)) < 0.06])
        half = len(dual) // 2
        self.imei_a[dual[half : 2 * half]] = self.imei_a[dual[:half]]
        self.switch_t[dual] = np.iinfo(np.int64).max
        self._fraud_devices(rng)
        self._gateway_devices(rng)

    def _batches(
        self,
        rng: np.random.Generator,
        msisdn: I64,
        act: I64,
        region: npt.NDArray[np.int8],
        members: I64,
        size: tuple[int, int],
        spread: int,
        carrier_mvno: float | None,
    ) -> None:
        """Give ``members`` consecutive numbers in batches sold on one day in one region."""
        members = rng.permutation(members)
        pos = 0
        while pos < len(members):
            k = int(rng.integers(size[0], size[1] + 1))
            chunk = members[pos : pos + k]
            pos += k
            use_mvno = carrier_mvno is not None and rng.random() < carrier_mvno
            if use_mvno:
                pre = int(rng.choice(_MVNO_PREFIXES))
                base = 8_600_000_000_000 + pre * 10_000_000 + int(rng.integers(0, 9_990)) * 1000
            else:
                pre = int(rng.choice(_OUR_PREFIXES))
                base = 8_600_000_000_000 + pre * 100_000_000 + int(rng.integers(0, 99_990)) * 1000
            offset = int(rng.integers(0, 1000 - len(chunk)))
            msisdn[chunk] = base + offset + np.arange(len(chunk))
            self.carrier_mvno[chunk] = use_mvno
            day = act[chunk[0]]
            act[chunk] = day + (rng.integers(0, spread + 1, size=len(chunk)) if spread else 0)
            region[chunk] = rng.integers(0, len(REGIONS))

    def _dedupe_numbers(self, rng: np.random.Generator, msisdn: I64) -> None:
        """Batches may land on numbers already given out: renumber the normal lines hit."""
        for _ in range(20):
            _, first, counts = np.unique(msisdn, return_index=True, return_counts=True)
            if (counts == 1).all():
                return
            seen = np.zeros(len(msisdn), dtype=bool)
            seen[first] = True
            clash = np.flatnonzero(~seen)
            clash = np.concatenate(
                [clash, np.flatnonzero(np.isin(msisdn, msisdn[clash]) & ~self.is_fraud)]
            )
            clash = np.unique(clash[~self.is_fraud[clash]])
            if not len(clash):
                clash = np.flatnonzero(~seen)
            pre = msisdn[clash] // 100_000_000
            msisdn[clash] = pre * 100_000_000 + rng.integers(0, 100_000_000, size=len(clash))
        raise RuntimeError("could not allocate distinct numbers")  # pragma: no cover

    def _fraud_devices(self, rng: np.random.Generator) -> None:
        s = self.cfg.stealth
        n = self.n
        # Den handsets (fraud SIMs): a pool per ring; cards rotate between them.
        self.ring_cells = rng.integers(0, self.n_cells, size=(max(self.n_rings, 1), 6))
        self.ring_ncells = 1 + np.round(rng.random(max(self.n_rings, 1)) + 4 * s).astype(np.int64)
        self.ring_ncells = np.minimum(self.ring_ncells, 6)
        fsim = self.idx["fraud_sim"]
        per_ring = np.bincount(self.ring[fsim], minlength=max(self.n_rings, 1))
        self.ring_handsets = np.maximum(2, np.ceil(per_ring / (2.0 - s))).astype(np.int64)
        self.ring_handset_base = 86_000_000_000_000 + np.arange(max(self.n_rings, 1)) * 10_000
        self.sim_rotates = np.zeros(n, dtype=bool)
        self.sim_rotates[fsim] = rng.random(len(fsim)) < 0.8 * (1 - s)
        self.slot = np.zeros(n, dtype=np.int64)
        self.slot[fsim] = rng.integers(0, 10_000, size=len(fsim))
        # SIM boxes: boxes of 16-48 SIMs per ring; ports with their own IMEIs.
        sb = self.idx["simbox"]
        self.box = np.full(n, -1, dtype=np.int64)
        boxes: list[I64] = []
        for r in range(self.n_rings):
            members = sb[self.ring[sb] == r]
            pos = 0
            while pos < len(members):
                k = int(rng.integers(16, 49))
                boxes.append(members[pos : pos + k])
                pos += k
        n_boxes = len(boxes)
        self.box_ports = np.zeros(max(n_boxes, 1), dtype=np.int64)
        self.box_rotates = rng.random(max(n_boxes, 1)) < 0.85 * (1 - s)
        self.box_cells = rng.integers(0, self.n_cells, size=(max(n_boxes, 1), 4))
        self.box_moves = 1 + np.round(3 * s * rng.random(max(n_boxes, 1))).astype(np.int64)
        self.box_imei_base = 86_100_000_000_000 + np.arange(max(n_boxes, 1)) * 1_000
        # Each port hosts cards one after another: a card is used until it is blocked,
        # then the next card of the batch takes its port (and its IMEI).
        self.box_first = np.zeros(n, dtype=np.int64)
        self.box_last = np.zeros(n, dtype=np.int64)
        for b, members in enumerate(boxes):
            self.box[members] = b
            k = len(members)
            ports = min(int(rng.choice([8, 16, 32])), max(k // 2, 1))
            self.box_ports[b] = ports
            slot = np.arange(k)
            self.slot[members] = slot
            gen, port = slot // ports, slot % ports
            gens = np.bincount(port, minlength=ports)[port]
            start = int(rng.integers(0, max(self.days // 3, 1)))
            span = self.days - start
            self.box_first[members] = start + (gen * span) // gens
            self.box_last[members] = np.maximum(
                start + ((gen + 1) * span) // gens, self.box_first[members] + 1
            )

    def _gateway_devices(self, rng: np.random.Generator) -> None:
        """Corporate GSM gateways: the same hardware as a SIM box, used legitimately for
        outbound notification calls. Each card keeps its port for months; no rotation."""
        gw = self.idx["gateway"]
        self.gw_imei = np.zeros(self.n, dtype=np.int64)
        self.gw_cell = np.zeros(self.n, dtype=np.int64)
        pos, device = 0, 0
        while pos < len(gw):
            k = int(rng.integers(8, 33))
            members = gw[pos : pos + k]
            self.gw_imei[members] = 86_200_000_000_000 + device * 1_000 + np.arange(len(members))
            self.gw_cell[members] = rng.integers(0, self.n_cells)
            pos += k
            device += 1

    # ------------------------------------------------------------------ helpers

    def times(
        self,
        rng: np.random.Generator,
        day_lo: I64,
        day_hi: I64,
        profile: F64,
        weekday_keep: float = 1.0,
    ) -> tuple[I64, B]:
        """Call times (UTC epoch seconds) on days in [day_lo, day_hi); keep mask for weekends."""
        n = len(day_lo)
        span = np.maximum(day_hi - day_lo, 1)
        day = day_lo + np.floor(rng.random(n) * span).astype(np.int64)
        hour = np.searchsorted(profile, rng.random(n), side="right").astype(np.int64)
        hour = np.minimum(hour, 23)
        t = self.t0 + day * DAY + hour * HOUR + rng.integers(0, HOUR, size=n)
        keep = np.ones(n, dtype=bool)
        if weekday_keep < 1.0:
            weekend = (day + self.weekday0) % 7 >= 5
            keep = ~weekend | (rng.random(n) < weekday_keep)
        return t, keep

    def durations(
        self, rng: np.random.Generator, n: int, median: float | F64, sigma: float, answer: float
    ) -> I64:
        """Lognormal conversation seconds around ``median``; 0 for unanswered calls."""
        answered = rng.random(n) < answer
        dur = np.exp(np.log(median) + sigma * rng.standard_normal(n))
        return np.where(answered, np.clip(dur, 1, 4 * HOUR), 0).astype(np.int64)

    def active_window(self, subs: I64) -> tuple[I64, I64]:
        lo = np.clip(self.act[subs] + 1, 0, self.days)
        return lo, np.full(len(subs), self.days, dtype=np.int64)

    def add_calls(
        self,
        caller_sub: I64,
        caller: I64,
        callee_sub: I64,
        callee: I64,
        t: I64,
        dur: I64,
        mo_ing: int | npt.NDArray[np.integer[Any]] = 0,
        mt_ing: int | npt.NDArray[np.integer[Any]] = 0,
        fwd: I64 | None = None,
        kind: int = 0,
    ) -> None:
        n = len(t)
        self.calls.add(
            caller_sub=caller_sub.astype(np.int64),
            caller=caller.astype(np.int64),
            callee_sub=callee_sub.astype(np.int64),
            callee=callee.astype(np.int64),
            t=t.astype(np.int64),
            dur=dur.astype(np.int64),
            mo_ing=np.broadcast_to(np.asarray(mo_ing, dtype=np.int8), (n,)).copy(),
            mt_ing=np.broadcast_to(np.asarray(mt_ing, dtype=np.int8), (n,)).copy(),
            fwd=np.zeros(n, dtype=np.int64) if fwd is None else fwd.astype(np.int64),
            kind=np.full(n, kind, dtype=np.int16),
        )

    def add_sms(
        self, sender_sub: I64, sender: I64, rcpt_sub: I64, rcpt: I64, t: I64, mt_ing: int = 0
    ) -> None:
        n = len(t)
        self.sms.add(
            sender_sub=sender_sub.astype(np.int64),
            sender=sender.astype(np.int64),
            rcpt_sub=rcpt_sub.astype(np.int64),
            rcpt=rcpt.astype(np.int64),
            t=t.astype(np.int64),
            mt_ing=np.full(n, mt_ing, dtype=np.int8),
        )

    def random_targets(
        self, rng: np.random.Generator, n: int, pool: I64, onnet: float
    ) -> tuple[I64, I64]:
        """Random people to call: on-net lines from ``pool`` or off-net mobiles."""
        on = rng.random(n) < onnet
        sub = np.full(n, -1, dtype=np.int64)
        num = self.offnet_numbers(rng, n)
        if len(pool):
            picks = pool[rng.integers(0, len(pool), size=int(on.sum()))]
            sub[on] = picks
            num[on] = self.msisdn[picks]
        return sub, num

    def counts(self, rng: np.random.Generator, rate: F64 | float, days: I64) -> I64:
        return rng.poisson(np.maximum(rate, 0) * np.maximum(days, 0)).astype(np.int64)

    # ------------------------------------------------------------------ normal traffic

    def social(self) -> None:
        """Calls and SMS between people who know each other."""
        rng, cfg = self.rng(1), self.cfg
        params = {  # out calls/day, on-net contacts, off-net contacts, in-calls/day from off-net, median s
            "family": (2.5, 6, 8, 1.2, 100),
            "elderly": (0.8, 3, 3, 0.6, 180),
            "new_user": (2.0, 3, 5, 0.8, 90),
            "traveller": (2.5, 6, 8, 1.2, 100),
            "courier": (1.0, 4, 4, 0.5, 80),
            "sales": (1.0, 4, 5, 0.5, 80),
            "telemarketer": (0.8, 4, 5, 0.5, 80),
            "office_line": (3.0, 0, 30, 4.0, 120),
        }
        subs_l, rate_l, kon_l, koff_l, inoff_l, med_l = [], [], [], [], [], []
        for name, (rate_d, kon_d, koff_d, inoff_d, med_d) in params.items():
            members = self.idx[name]
            m = len(members)
            subs_l.append(members)
            rate_l.append(rng.gamma(2.0, rate_d / 2.0, size=m))
            kon_l.append(rng.poisson(kon_d, size=m) * (cfg.onnet_share / 0.45))
            koff_l.append(1 + rng.poisson(koff_d, size=m))
            inoff_l.append(rng.gamma(2.0, inoff_d / 2.0, size=m))
            med_l.append(np.full(m, med_d, dtype=np.float64))
        subs = np.concatenate(subs_l)
        rate = np.concatenate(rate_l)
        kon = np.round(np.concatenate(kon_l)).astype(np.int64)
        koff = np.concatenate(koff_l).astype(np.int64)
        inoff = np.concatenate(inoff_l)
        med = np.concatenate(med_l)
        # Symmetric on-net contacts (configuration model), off-net contacts per person.
        stubs = rng.permutation(np.repeat(subs, kon))
        if len(stubs) % 2:
            stubs = stubs[:-1]
        a, b = stubs[0::2], stubs[1::2]
        ok = a != b
        a, b = a[ok], b[ok]
        owner_on = np.concatenate([a, b])
        peer_on = np.concatenate([b, a])
        owner_off = np.repeat(subs, koff)
        peer_off_num = self.offnet_numbers(rng, len(owner_off))
        owner = np.concatenate([owner_on, owner_off])
        peer_sub = np.concatenate([peer_on, np.full(len(owner_off), -1, dtype=np.int64)])
        peer_num = np.concatenate([self.msisdn[peer_on], peer_off_num])
        order = np.lexsort((rng.random(len(owner)), owner))
        owner, peer_sub, peer_num = owner[order], peer_sub[order], peer_num[order]
        start = np.searchsorted(owner, np.arange(self.n))
        deg = np.bincount(owner, minlength=self.n)

        def pick(callers: I64, skew: float = 2.0) -> tuple[I64, I64]:
            k = deg[callers]
            off = np.floor(k * rng.random(len(callers)) ** skew).astype(np.int64)
            j = start[callers] + np.minimum(off, np.maximum(k - 1, 0))
            return peer_sub[j], peer_num[j]

        lo, hi = self.active_window(subs)
        n_out = self.counts(rng, rate, hi - lo)
        callers = np.repeat(subs, n_out)
        callers = callers[deg[callers] > 0]
        c_lo, c_hi = self.active_window(callers)
        profile = np.where(self.in_seg["elderly"][callers], 1, 0)
        t_fam, _ = self.times(rng, c_lo, c_hi, _H_FAMILY)
        t_old, _ = self.times(rng, c_lo, c_hi, _H_ELDERLY)
        t_off, keep = self.times(rng, c_lo, c_hi, _H_BUSINESS, weekday_keep=0.2)
        is_office = self.in_seg["office_line"][callers]
        t = np.where(profile == 1, t_old, np.where(is_office, t_off, t_fam))
        keep = keep | ~is_office
        callee_sub, callee = pick(callers)
        med_by_sub = np.zeros(self.n)
        med_by_sub[subs] = med
        dur = self.durations(rng, len(callers), med_by_sub[callers], 1.0, 0.85)
        mo_ing = np.zeros(len(callers), dtype=np.int8)
        self.add_calls(
            callers[keep],
            self.msisdn[callers[keep]],
            callee_sub[keep],
            callee[keep],
            t[keep],
            dur[keep],
            mo_ing[keep],
        )

        # Incoming calls from off-net contacts.
        n_in = self.counts(rng, inoff, hi - lo)
        callees = np.repeat(subs, n_in)
        callees = callees[deg[callees] > 0]
        i_lo, i_hi = self.active_window(callees)
        t, keep = self.times(rng, i_lo, i_hi, _H_FAMILY)
        is_office = self.in_seg["office_line"][callees]
        t_off, keep_off = self.times(rng, i_lo, i_hi, _H_BUSINESS, weekday_keep=0.2)
        t = np.where(is_office, t_off, t)
        keep = np.where(is_office, keep_off, keep)
        # Calls from contacts on other networks (on-net contacts call by themselves).
        caller_sub, caller = pick(callees)
        dur = self.durations(rng, len(callees), med_by_sub[callees], 1.0, 0.8)
        mask = keep & (caller_sub < 0)
        fwd = self._enterprise_forward(rng, callees, t)
        self.add_calls(
            caller_sub[mask],
            caller[mask],
            callees[mask],
            self.msisdn[callees[mask]],
            t[mask],
            dur[mask],
            fwd=fwd[mask],
        )

        # SMS to contacts, with replies; A2P messages (codes, bills) to every mobile.
        sms_rate = np.where(np.isin(self.seg[subs], [_SEG["office_line"]]), 0.0, 0.35)
        n_sms = self.counts(rng, sms_rate * rng.gamma(2.0, 0.5, size=len(subs)), hi - lo)
        senders = np.repeat(subs, n_sms)
        senders = senders[deg[senders] > 0]
        s_lo, s_hi = self.active_window(senders)
        t, _ = self.times(rng, s_lo, s_hi, _H_FAMILY)
        rsub, rnum = pick(senders)
        self.add_sms(senders, self.msisdn[senders], rsub, rnum, t)
        reply = rng.random(len(senders)) < 0.55
        t_r = t[reply] + rng.integers(20, 900, size=int(reply.sum()))
        self.add_sms(rsub[reply], rnum[reply], senders[reply], self.msisdn[senders[reply]], t_r)
        self.contacts = (owner, peer_sub, peer_num, start, deg)

        # Long calls from new numbers (a relative's new phone, an old friend) - not fraud.
        social_subs = np.flatnonzero(
            np.isin(self.seg, [_SEG[x] for x in ("family", "elderly", "new_user", "traveller")])
        )
        k = rng.poisson(0.006 * self.days * len(social_subs))
        who = social_subs[rng.integers(0, len(social_subs), size=k)]
        t, _ = self.times(rng, *self.active_window(who), _H_FAMILY)
        dur = rng.integers(900, 5400, size=k)
        num = self.offnet_numbers(rng, k)
        self.add_calls(np.full(k, -1), num, who, self.msisdn[who], t, dur)

    def a2p(self) -> None:
        rng = self.rng(2)
        mobiles = np.flatnonzero((self.line == 0) | (self.line == 3))
        lo, hi = self.active_window(mobiles)
        rate = np.where(self.line[mobiles] == 3, 0.2, 0.4)
        n = self.counts(rng, rate, hi - lo)
        rcpt = np.repeat(mobiles, n)
        t, _ = self.times(rng, *self.active_window(rcpt), _H_BUSINESS)
        codes = 86_106_900_000_000 + rng.integers(0, 500, size=len(rcpt)) * 1_000
        self.add_sms(np.full(len(rcpt), -1), codes, rcpt, self.msisdn[rcpt], t)
        # IoT modules report to their platform by SMS.
        iot = np.flatnonzero(self.line == 3)
        iot = iot[~self.is_fraud[iot]]
        n = self.counts(
            rng, np.full(len(iot), 2.0), self.active_window(iot)[1] - self.active_window(iot)[0]
        )
        snd = np.repeat(iot, n)
        t, _ = self.times(rng, *self.active_window(snd), _H_FLAT)
        platform = 86_106_988_000_000 + (snd % 20)
        self.add_sms(snd, self.msisdn[snd], np.full(len(snd), -1), platform, t)

    def business(self) -> None:
        """Calls to people the caller does not know yet, and their callbacks."""
        rng = self.rng(3)
        social = np.flatnonzero(np.isin(self.seg, [_SEG[x] for x in _SOCIAL]))
        # Office lines: some forward calls to a staff mobile, a few to an office abroad.
        self.forward_domestic = np.zeros(self.n, dtype=bool)
        self.forward_abroad = np.zeros(self.n, dtype=bool)
        fixed_normal = np.flatnonzero(self.is_fixed & ~self.is_fraud)
        self.forward_domestic[fixed_normal] = rng.random(len(fixed_normal)) < 0.35
        self.forward_abroad[fixed_normal] = rng.random(len(fixed_normal)) < 0.04
        self.forward_target = np.zeros(self.n, dtype=np.int64)
        self.forward_target[fixed_normal] = self.offnet_numbers(rng, len(fixed_normal))
        abroad = fixed_normal[self.forward_abroad[fixed_normal]]
        self.forward_target[abroad] = self.foreign_numbers(rng, len(abroad), _LEGIT_ABROAD)

        spec = {  # out/day, median s, answer, callback, hours, weekday keep, in hotline/day
            "courier": (25.0, 25, 0.8, 0.35, _H_COURIER, 0.8, 0.0),
            "sales": (14.0, 120, 0.7, 0.25, _H_BUSINESS, 0.3, 0.0),
            "telemarketer": (45.0, 30, 0.5, 0.05, _H_BUSINESS, 0.3, 0.0),
            "call_centre": (50.0, 45, 0.55, 0.08, _H_BUSINESS, 0.3, 25.0),
            "cloud_voice": (35.0, 40, 0.55, 0.06, _H_BUSINESS, 0.3, 10.0),
            "gateway": (50.0, 40, 0.6, 0.08, _H_BUSINESS, 0.1, 0.0),
        }
        for name, (rate, med, answer, cb, hours, wk, hotline) in spec.items():
            members = self.idx[name]
            if not len(members):
                continue
            lo, hi = self.active_window(members)
            per = rng.gamma(4.0, rate / 4.0, size=len(members))
            callers = np.repeat(members, self.counts(rng, per, hi - lo))
            t, keep = self.times(rng, *self.active_window(callers), hours, weekday_keep=wk)
            callers, t = callers[keep], t[keep]
            m = len(callers)
            callee_sub, callee = self.random_targets(rng, m, social, self.cfg.onnet_share)
            if name == "sales":  # half the calls go to a book of 60 clients on other networks
                book = rng.random(m) < 0.5
                client = rng.integers(0, 60, size=m)
                callee = np.where(book, 8_613_000_000_000 + callers * 100 + client, callee)
                callee_sub = np.where(book, -1, callee_sub)
            dur = self.durations(rng, m, med, 0.9, answer)
            mo_ing = _ING[Ingress.VOIP] if name == "cloud_voice" else 0
            self.add_calls(callers, self.msisdn[callers], callee_sub, callee, t, dur, mo_ing)
            # Callbacks from customers who missed the call or want to talk again.
            back = rng.random(m) < np.where(dur == 0, cb * 1.5, cb)
            t_b = t[back] + rng.exponential(1800, size=int(back.sum())).astype(np.int64) + 30
            # A gateway relays outgoing calls only: calls back ring out.
            b_dur = self.durations(
                rng, int(back.sum()), med * 1.5, 0.9, 0.0 if name == "gateway" else 0.9
            )
            tgt = callers[back]
            fwd = self._enterprise_forward(rng, tgt, t_b)
            self.add_calls(
                callee_sub[back], callee[back], tgt, self.msisdn[tgt], t_b, b_dur, fwd=fwd
            )
            if name in ("courier", "gateway"):  # notices by SMS; hardly anyone answers them
                note = rng.random(m) < 0.3
                self.add_sms(
                    callers[note],
                    self.msisdn[callers[note]],
                    callee_sub[note],
                    callee[note],
                    t[note] + 60,
                )
                ans = note & (rng.random(m) < 0.03)
                self.add_sms(
                    callee_sub[ans],
                    callee[ans],
                    callers[ans],
                    self.msisdn[callers[ans]],
                    t[ans] + 400,
                )
            if hotline:
                per_in = rng.gamma(4.0, hotline / 4.0, size=len(members))
                callees = np.repeat(members, self.counts(rng, per_in, hi - lo))
                t, keep = self.times(
                    rng, *self.active_window(callees), _H_BUSINESS, weekday_keep=0.5
                )
                callees, t = callees[keep], t[keep]
                csub, cnum = self.random_targets(rng, len(callees), social, self.cfg.onnet_share)
                dur = self.durations(rng, len(callees), 180, 0.8, 0.85)
                fwd = self._enterprise_forward(rng, callees, t)
                self.add_calls(csub, cnum, callees, self.msisdn[callees], t, dur, fwd=fwd)

    def _enterprise_forward(self, rng: np.random.Generator, callee: I64, t: I64) -> I64:
        """Forwarding of incoming calls to normal enterprise lines (after hours)."""
        hour = ((t + LOCAL_OFFSET) % DAY) // HOUR
        after = (hour < 9) | (hour >= 18)
        fwd_on = (self.forward_domestic[callee] & after) | (
            self.forward_abroad[callee] & (rng.random(len(callee)) < 0.3)
        )
        return np.where(fwd_on, self.forward_target[callee], 0)

    def travellers(self) -> None:
        """Travellers abroad: roaming legs come in over the international gateway."""
        rng = self.rng(4)
        tr = self.idx["traveller"]
        self.abroad_from = np.full(self.n, np.iinfo(np.int64).max, dtype=np.int64)
        self.abroad_to = np.full(self.n, np.iinfo(np.int64).max, dtype=np.int64)
        if not len(tr):
            return
        start = rng.integers(0, max(self.days - 2, 1), size=len(tr))
        length = rng.integers(2, 8, size=len(tr))
        self.abroad_from[tr] = self.t0 + start * DAY
        self.abroad_to[tr] = self.t0 + np.minimum(start + length, self.days) * DAY
        # Local calls while abroad (hotels, local friends).
        k = self.counts(rng, np.full(len(tr), 1.5), length)
        who = np.repeat(tr, k)
        t = (
            self.abroad_from[who]
            + rng.integers(0, DAY, size=len(who))
            + DAY * np.floor(rng.random(len(who)) * np.repeat(length, k)).astype(np.int64)
        )
        num = self.foreign_numbers(rng, len(who), _LEGIT_ABROAD)
        dur = self.durations(rng, len(who), 90, 1.0, 0.8)
        self.add_calls(
            who, self.msisdn[who], np.full(len(who), -1), num, t, dur, _ING[Ingress.INTERNATIONAL]
        )

    # ------------------------------------------------------------------ fraud

    def dens(self) -> None:
        rng, s = self.rng(5), self.cfg.stealth
        targets_pool = np.flatnonzero(
            np.isin(self.seg, [_SEG[x] for x in ("family", "elderly", "new_user", "traveller")])
        )
        # The elderly are called three times as often.
        weights = np.where(self.in_seg["elderly"][targets_pool], 3.0, 1.0)
        self.target_pool = np.repeat(targets_pool, weights.astype(np.int64))
        self.den_number = np.zeros(self.n, dtype=bool)
        self.lifetime = np.zeros((self.n, 2), dtype=np.int64)

        for name in FRAUD_SEGMENTS:
            members = self.idx[name]
            if not len(members):
                continue
            m = len(members)
            act_day = np.clip(self.act[members] + 1, 0, self.days - 1)
            if name == "abused_enterprise_line":
                first = rng.integers(0, max(self.days - 2, 1), size=m)
                last = np.full(m, self.days)
                rate = rng.uniform(60, 200, size=m) * (1 - 0.5 * s)
                med, answer, hours = 30 + 60 * s, 0.45, _H_FLAT if s < 0.5 else _H_DEN
            elif name == "simbox":
                first = np.minimum(np.maximum(act_day, self.box_first[members]), self.days - 1)
                last = np.minimum(np.maximum(self.box_last[members], first + 1), self.days)
                rate = rng.uniform(80, 200, size=m) * (1 - 0.6 * s)
                med, answer, hours = 20 + 40 * s, 0.4, _H_DEN
            else:
                life = rng.integers(2, 8, size=m) * (1 + 2 * s)
                first = np.maximum(act_day, rng.integers(0, max(self.days - 2, 1), size=m))
                first = np.minimum(first, self.days - 1)
                last = np.minimum(first + np.ceil(life).astype(np.int64), self.days)
                if name == "fraud_sim":
                    rate = rng.uniform(40, 120, size=m) * (1 - 0.6 * s)
                    med, answer, hours = 25 + 40 * s, 0.45, _H_DEN
                else:
                    rate = rng.uniform(80, 200, size=m) * (1 - 0.6 * s)
                    med, answer, hours = 20 + 40 * s, 0.4, _H_DEN
            self.lifetime[members, 0] = first
            self.lifetime[members, 1] = last
            callers = np.repeat(members, self.counts(rng, rate, last - first))
            idx = np.searchsorted(members, callers)  # members are sorted
            t, _ = self.times(rng, first[idx], last[idx], hours)
            k = len(callers)
            callee_sub, callee = self.random_targets(rng, k, self.target_pool, self.cfg.onnet_share)
            # Repeat dialling: call an earlier target of the same line again.
            rep = rng.random(k) < 0.08 + 0.35 * s
            order = np.argsort(callers, kind="stable")
            prev = np.roll(order, 1)
            same = callers[prev] == callers[order]
            src = np.where(same & rep[order], prev, order)
            callee_sub[order] = callee_sub[src]
            callee[order] = callee[src]
            dur = self.durations(rng, k, med, 0.9, answer)
            if name == "abused_enterprise_line":
                voip = rng.random(k) < 1 - 0.3 * s
                mo = np.where(
                    voip,
                    _ING[Ingress.VOIP],
                    np.where(rng.random(k) < 0.5, _ING[Ingress.INTERNATIONAL], 0),
                ).astype(np.int8)
                mo = np.where(self.line[callers] == 2, _ING[Ingress.VOIP], mo).astype(np.int8)
            else:
                mo = np.zeros(k, dtype=np.int8)
            self.add_calls(callers, self.msisdn[callers], callee_sub, callee, t, dur, mo, kind=1)
            self._callbacks(rng, name, callers, callee_sub, callee, t, dur)
            self._accomplices(rng, name, members, first, last, rate)
            if name != "abused_enterprise_line":
                self._spam_sms(rng, name, members, first, last)
            else:
                self._legit_before_abuse(rng, members, first)

        # Calls from the overseas dens with spoofed caller IDs, straight through gateways.
        for r in range(self.n_rings):
            k = rng.poisson(400 * self.days * (1 - 0.5 * s))
            callee_sub = (
                self.target_pool[rng.integers(0, len(self.target_pool), size=k)]
                if len(self.target_pool)
                else np.full(k, -1)
            )
            if not len(self.target_pool):
                continue
            t, _ = self.times(rng, np.zeros(k, dtype=np.int64), np.full(k, self.days), _H_DEN)
            spoof_domestic = rng.random(k) < 0.6
            caller = np.where(
                spoof_domestic,
                self.offnet_numbers(rng, k),
                self.foreign_numbers(rng, k, _DEN_COUNTRIES),
            )
            ing = np.where(
                rng.random(k) < 0.5, _ING[Ingress.VOIP], _ING[Ingress.INTERNATIONAL]
            ).astype(np.int8)
            dur = self.durations(rng, k, 30, 0.9, 0.4)
            self.add_calls(
                np.full(k, -1),
                caller,
                callee_sub,
                self.msisdn[callee_sub],
                t,
                dur,
                0,
                ing,
                kind=2 + r,
            )

    def _callbacks(
        self, rng: np.random.Generator, name: str, den: I64, tsub: I64, tnum: I64, t: I64, dur: I64
    ) -> None:
        """People called by a den who call the number back."""
        s = self.cfg.stealth
        p = {"fraud_sim": 0.03, "simbox": 0.02, "abused_enterprise_line": 0.07}[name]
        back = rng.random(len(den)) < np.where(dur == 0, p * 1.5, p)
        k = int(back.sum())
        t_b = t[back] + rng.exponential(3 * HOUR, size=k).astype(np.int64) + 20
        d = den[back]
        if name == "simbox":  # a GoIP relays outgoing calls only: nobody answers
            b_dur = np.zeros(k, dtype=np.int64)
            fwd = np.zeros(k, dtype=np.int64)
        elif name == "fraud_sim":
            b_dur = self.durations(rng, k, 40, 0.9, 0.5)
            fwd = np.zeros(k, dtype=np.int64)
        else:
            b_dur = self.durations(rng, k, 150, 0.9, 0.85)
            abroad = rng.random(k) < 1 - 0.7 * s
            mates = self.idx["fraud_sim"]
            domestic = (
                self.msisdn[mates[rng.integers(0, len(mates), size=k)]]
                if len(mates)
                else self.offnet_numbers(rng, k)
            )
            fwd = np.where(abroad, self.foreign_numbers(rng, k, _DEN_COUNTRIES), domestic)
        self.add_calls(tsub[back], tnum[back], d, self.msisdn[d], t_b, b_dur, fwd=fwd, kind=1)

    def _accomplices(
        self, rng: np.random.Generator, name: str, members: I64, first: I64, last: I64, rate: F64
    ) -> None:
        """Stealth: accomplices call den lines so that they receive calls too."""
        s = self.cfg.stealth
        if s <= 0:
            return
        share = {"fraud_sim": 0.25, "simbox": 0.15, "abused_enterprise_line": 0.2}[name]
        n_in = self.counts(rng, rate * share * s, last - first)
        callees = np.repeat(members, n_in)
        idx = np.searchsorted(members, callees)
        t, _ = self.times(rng, first[idx], last[idx], _H_DEN)
        k = len(callees)
        # A small circle of accomplice numbers per ring, so the den lines look socially anchored.
        ring = self.ring[callees]
        pal = 8_617_100_000_000 + ring.astype(np.int64) * 100 + rng.integers(0, 8, size=k)
        dur = self.durations(rng, k, 70, 1.0, 0.0 if name == "simbox" else 0.9)
        self.add_calls(np.full(k, -1), pal, callees, self.msisdn[callees], t, dur, kind=1)
        # ... and the den lines call them back.
        k2 = int(k * 0.6)
        sel = rng.integers(0, max(k, 1), size=k2) if k else np.zeros(0, dtype=np.int64)
        mo = _ING[Ingress.VOIP] if name == "abused_enterprise_line" else 0
        self.add_calls(
            callees[sel],
            self.msisdn[callees[sel]],
            np.full(k2, -1),
            pal[sel],
            t[sel] + 600,
            self.durations(rng, k2, 70, 1.0, 0.9),
            mo,
            kind=1,
        )
        if name != "abused_enterprise_line":  # and chat by SMS
            n_sms = self.counts(rng, np.full(len(members), 3.0 * s), last - first)
            snd = np.repeat(members, n_sms)
            idx = np.searchsorted(members, snd)
            t, _ = self.times(rng, first[idx], last[idx], _H_DEN)
            pal = (
                8_617_100_000_000
                + self.ring[snd].astype(np.int64) * 100
                + rng.integers(0, 8, size=len(snd))
            )
            self.add_sms(snd, self.msisdn[snd], np.full(len(snd), -1), pal, t)
            self.add_sms(
                np.full(len(snd), -1),
                pal,
                snd,
                self.msisdn[snd],
                t + rng.integers(30, 900, size=len(snd)),
            )

    def _spam_sms(
        self, rng: np.random.Generator, name: str, members: I64, first: I64, last: I64
    ) -> None:
        s = self.cfg.stealth
        rate = (8.0 if name == "fraud_sim" else 20.0) * (1 - 0.6 * s)
        n = self.counts(rng, np.full(len(members), rate), last - first)
        snd = np.repeat(members, n)
        idx = np.searchsorted(members, snd)
        t, _ = self.times(rng, first[idx], last[idx], _H_DEN)
        rsub, rnum = self.random_targets(rng, len(snd), self.target_pool, self.cfg.onnet_share)
        self.add_sms(snd, self.msisdn[snd], rsub, rnum, t)
        reply = rng.random(len(snd)) < 0.004
        self.add_sms(rsub[reply], rnum[reply], snd[reply], self.msisdn[snd[reply]], t[reply] + 300)
        # Registration codes and operator notices reach den SIMs too.
        k = self.counts(rng, np.full(len(members), 0.3), last - first)
        rc = np.repeat(members, k)
        idx = np.searchsorted(members, rc)
        t, _ = self.times(rng, first[idx], last[idx], _H_BUSINESS)
        self.add_sms(
            np.full(len(rc), -1),
            86_106_900_000_000 + rng.integers(0, 500, size=len(rc)) * 1000,
            rc,
            self.msisdn[rc],
            t,
        )

    def _legit_before_abuse(self, rng: np.random.Generator, members: I64, first: I64) -> None:
        """An abused line was an ordinary office line before the den got it."""
        k = self.counts(rng, np.full(len(members), 3.0), first)
        who = np.repeat(members, k)
        idx = np.searchsorted(members, who)
        t, keep = self.times(
            rng, np.zeros(len(who), dtype=np.int64), first[idx], _H_BUSINESS, weekday_keep=0.2
        )
        who, t = who[keep], t[keep]
        m = len(who)
        out = rng.random(m) < 0.45
        num = self.offnet_numbers(rng, m)
        dur = self.durations(rng, m, 120, 1.0, 0.8)
        self.add_calls(
            who[out], self.msisdn[who[out]], np.full(int(out.sum()), -1), num[out], t[out], dur[out]
        )
        inn = ~out
        self.add_calls(
            np.full(int(inn.sum()), -1), num[inn], who[inn], self.msisdn[who[inn]], t[inn], dur[inn]
        )

    # ------------------------------------------------------------------ victims and quiet spells

    def victims(self, calls: dict[str, npt.NDArray[Any]]) -> dict[str, npt.NDArray[Any]]:
        rng = self.rng(6)
        n = self.n
        kind = calls["kind"]
        callee_sub = calls["callee_sub"]
        social_target = np.zeros(n + 1, dtype=bool)
        social_target[np.unique(self.target_pool)] = True
        cand = (
            (kind >= 1)
            & (callee_sub >= 0)
            & social_target[callee_sub]
            & (calls["dur"] > 0)
            & (calls["caller_sub"] != callee_sub)
        )
        cand &= rng.random(len(kind)) < self.cfg.hook_rate
        rows = np.flatnonzero(cand)
        rows = rows[np.argsort(calls["t"][rows], kind="stable")]
        _, first = np.unique(callee_sub[rows], return_index=True)
        hooked = rows[first]
        hooked = hooked[calls["t"][hooked] < self.t_end - DAY // 2]
        calls["dur"][hooked] = rng.integers(1500, 7200, size=len(hooked))
        victim = callee_sub[hooked]
        self.victim_ring = np.full(n, -1, dtype=np.int32)
        caller_sub = calls["caller_sub"][hooked]
        ring_of_call = np.where(
            caller_sub >= 0,
            self.ring[np.maximum(caller_sub, 0)],
            (kind[hooked].astype(np.int32) - 2),
        )
        self.victim_ring[victim] = np.maximum(ring_of_call, 0)
        q_start = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        q_end = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        q_start[victim] = calls["t"][hooked]
        q_end[victim] = (
            calls["t"][hooked]
            + calls["dur"][hooked]
            + rng.integers(int(1.5 * DAY), 4 * DAY, size=len(hooked))
        )
        # Normal quiet spells: phone off for a few days (travel, hospital, lost phone).
        social = np.flatnonzero(
            np.isin(self.seg, [_SEG[x] for x in ("family", "elderly", "new_user")])
        )
        spell = social[rng.random(len(social)) < 0.04]
        spell = spell[q_start[spell] == np.iinfo(np.int64).max]
        q_start[spell] = self.t0 + rng.integers(0, self.days * DAY, size=len(spell))
        q_end[spell] = q_start[spell] + rng.integers(2 * DAY, 5 * DAY, size=len(spell))
        self.q_start, self.q_end = q_start, q_end
        cs = calls["caller_sub"]
        safe = np.maximum(cs, 0)
        drop = (cs >= 0) & (calls["t"] > q_start[safe]) & (calls["t"] < q_end[safe])
        calls = {k: v[~drop] for k, v in calls.items()}
        # About a third of victims call the den number back once while under its spell.
        back = hooked[rng.random(len(hooked)) < 0.35]
        if len(back):
            v = callee_sub[back]
            t_b = q_start[v] + rng.integers(HOUR, 12 * HOUR, size=len(back))
            den_sub = self._sub_of(self._orig_caller[back])
            # Nobody answers on a SIM box: the call back rings out.
            box = (den_sub >= 0) & self.in_seg["simbox"][np.maximum(den_sub, 0)]
            extra = {
                "caller_sub": v,
                "caller": self.msisdn[v],
                "callee_sub": den_sub,
                "callee": self._orig_caller[back],
                "t": t_b,
                "dur": np.where(box, 0, rng.integers(60, 900, size=len(back))),
                "mo_ing": np.zeros(len(back), dtype=np.int8),
                "mt_ing": np.zeros(len(back), dtype=np.int8),
                "fwd": np.zeros(len(back), dtype=np.int64),
                "kind": np.zeros(len(back), dtype=np.int16),
            }
            calls = {k: np.concatenate([calls[k], extra[k].astype(calls[k].dtype)]) for k in calls}
        return calls

    def _sub_of(self, numbers: I64) -> I64:
        return np.array([self.num_to_sub.get(int(x), -1) for x in numbers], dtype=np.int64)

    # ------------------------------------------------------------------ records

    def legs(self, calls: dict[str, npt.NDArray[Any]]) -> pa.Table:
        rng = self.rng(7)
        keep = (calls["t"] >= self.t0) & (calls["t"] < self.t_end)
        # Nobody calls from or to a line before it was activated.
        for side in ("caller_sub", "callee_sub"):
            sub = calls[side]
            active_from = self.t0 + (self.act[np.maximum(sub, 0)] + 1) * DAY
            keep &= (sub < 0) | (calls["t"] >= active_from)
        calls = {k: v[keep] for k, v in calls.items()}
        mo = np.flatnonzero(calls["caller_sub"] >= 0)
        mt = np.flatnonzero(calls["callee_sub"] >= 0)
        served = np.concatenate([calls["caller_sub"][mo], calls["callee_sub"][mt]])
        t = np.concatenate([calls["t"][mo], calls["t"][mt]])
        direction = np.concatenate(
            [np.zeros(len(mo), dtype=np.int8), np.ones(len(mt), dtype=np.int8)]
        )
        ingress = np.concatenate([calls["mo_ing"][mo], calls["mt_ing"][mt]])
        fwd = np.concatenate([np.zeros(len(mo), dtype=np.int64), calls["fwd"][mt]])
        caller = np.concatenate([calls["caller"][mo], calls["caller"][mt]])
        callee = np.concatenate([calls["callee"][mo], calls["callee"][mt]])
        dur = np.concatenate([calls["dur"][mo], calls["dur"][mt]])
        # Roaming abroad: originated legs enter by the international gateway.
        abroad = (t >= self.abroad_from[served]) & (t < self.abroad_to[served])
        ingress = np.where(abroad & (direction == 0), _ING[Ingress.INTERNATIONAL], ingress).astype(
            np.int8
        )
        cell, imei = self.devices(rng, served, t)
        cell = np.where(abroad, -1, cell)
        order = np.lexsort((direction, callee, caller, t))
        cols = {
            "caller": caller[order],
            "callee": callee[order],
            "t": t[order],
            "dur": dur[order],
            "direction": direction[order],
            "cell": cell[order],
            "imei": imei[order],
            "ingress": ingress[order],
            "fwd": fwd[order],
        }
        dup = np.zeros(len(order), dtype=bool)
        if len(order) > 1:
            dup[1:] = (
                (cols["caller"][1:] == cols["caller"][:-1])
                & (cols["callee"][1:] == cols["callee"][:-1])
                & (cols["t"][1:] == cols["t"][:-1])
                & (cols["direction"][1:] == cols["direction"][:-1])
            )
        cols = {k: v[~dup] for k, v in cols.items()}
        return pa.table(
            {
                "caller": _e164(cols["caller"]),
                "callee": _e164(cols["callee"]),
                "start_time": _ts(cols["t"]),
                "duration_s": pa.array(cols["dur"].astype(np.int32)),
                "direction": _enum(cols["direction"], [Direction.OUT.value, Direction.IN.value]),
                "cell_id": _cells(cols["cell"]),
                "imei": _imei(cols["imei"]),
                "ingress": _enum(cols["ingress"], _ING_NAMES),
                "forwarded_to": _e164(cols["fwd"], null_zero=True),
            },
            schema=arrow_schema("cdr"),
        )

    def devices(self, rng: np.random.Generator, served: I64, t: I64) -> tuple[I64, I64]:
        """Serving cell and handset IMEI of each leg (-1 / 0 when there is none)."""
        local = t + LOCAL_OFFSET
        hour = (local % DAY) // HOUR
        day = (t - self.t0) // DAY
        weekday = (day + self.weekday0) % 7 < 5
        u = rng.random(len(served))
        at_work = weekday & (hour >= 9) & (hour < 18)
        home, work = self.home_cell[served], self.work_cell[served]
        near = (home + rng.integers(-25, 26, size=len(served))) % self.n_cells
        cell = np.where(
            at_work,
            np.where(u < 0.7, work, np.where(u < 0.85, home, near)),
            np.where(u < 0.8, home, near),
        )
        seg = self.seg[served]
        courier = seg == _SEG["courier"]
        cell = np.where(
            courier,
            (self.home_cell[served] + rng.integers(0, 30, size=len(served))) % self.n_cells,
            cell,
        )
        telem = seg == _SEG["telemarketer"]
        cell = np.where(telem & at_work, work, cell)
        iot = self.line[served] == 3
        cell = np.where(iot, home, cell)
        imei = np.where(t < self.switch_t[served], self.imei_a[served], self.imei_b[served])
        # Fraud SIMs: den handsets, cards rotated between them; one to a few den cells.
        fs = seg == _SEG["fraud_sim"]
        if fs.any():
            r = self.ring[served[fs]]
            hs = self.ring_handsets[r]
            home_h = self.slot[served[fs]] % hs
            # Cards swap between neighbouring dual-SIM phones every couple of days.
            swapped = (home_h + (day[fs] // 2 + self.slot[served[fs]]) % 2) % hs
            h = np.where(self.sim_rotates[served[fs]], swapped, home_h)
            imei[fs] = self.ring_handset_base[r] + h
            c = rng.integers(0, 6, size=int(fs.sum())) % self.ring_ncells[r]
            cell[fs] = self.ring_cells[r, c]
        gw = seg == _SEG["gateway"]
        imei = np.where(gw, self.gw_imei[served], imei)
        cell = np.where(gw, self.gw_cell[served], cell)
        sb = seg == _SEG["simbox"]
        if sb.any():
            b = self.box[served[sb]]
            ports = self.box_ports[b]
            slot = self.slot[served[sb]]
            # A SIM bank moves cards between ports every few hours.
            block = day[sb] * 6 + hour[sb] // 4
            rot = (slot * 2_654_435_761 + block * 40_503 + (slot * block) % 7) % ports
            port = np.where(self.box_rotates[b], rot, slot % ports)
            imei[sb] = self.box_imei_base[b] + port
            moves = self.box_moves[b]
            cell[sb] = self.box_cells[b, (day[sb] % moves) % 4]
        fixed = self.is_fixed[served]
        cell = np.where(fixed, -1, cell)
        imei = np.where(fixed, 0, imei)
        return cell, imei

    def sms_legs(self, sms: dict[str, npt.NDArray[Any]]) -> pa.Table:
        keep = (sms["t"] >= self.t0) & (sms["t"] < self.t_end)
        ss = sms["sender_sub"]
        safe = np.maximum(ss, 0)
        keep &= ~((ss >= 0) & (sms["t"] > self.q_start[safe]) & (sms["t"] < self.q_end[safe]))
        sms = {k: v[keep] for k, v in sms.items()}
        mo = np.flatnonzero(sms["sender_sub"] >= 0)
        mt = np.flatnonzero(sms["rcpt_sub"] >= 0)
        sender = np.concatenate([sms["sender"][mo], sms["sender"][mt]])
        rcpt = np.concatenate([sms["rcpt"][mo], sms["rcpt"][mt]])
        t = np.concatenate([sms["t"][mo], sms["t"][mt]])
        direction = np.concatenate(
            [np.zeros(len(mo), dtype=np.int8), np.ones(len(mt), dtype=np.int8)]
        )
        ing = np.concatenate([np.zeros(len(mo), dtype=np.int8), sms["mt_ing"][mt]])
        order = np.lexsort((direction, rcpt, sender, t))
        sender, rcpt, t, direction, ing = (
            sender[order],
            rcpt[order],
            t[order],
            direction[order],
            ing[order],
        )
        dup = np.zeros(len(t), dtype=bool)
        if len(t) > 1:
            dup[1:] = (
                (sender[1:] == sender[:-1])
                & (rcpt[1:] == rcpt[:-1])
                & (t[1:] == t[:-1])
                & (direction[1:] == direction[:-1])
            )
        return pa.table(
            {
                "sender": _e164(sender[~dup]),
                "recipient": _e164(rcpt[~dup]),
                "sent_at": _ts(t[~dup]),
                "direction": _enum(direction[~dup], [Direction.OUT.value, Direction.IN.value]),
                "ingress": _enum(ing[~dup], _ING_NAMES),
            },
            schema=arrow_schema("sms"),
        )

    def subscriber_table(self) -> pa.Table:
        line_names = [
            LineType.PERSONAL_MOBILE.value,
            LineType.ENTERPRISE_FIXED.value,
            LineType.CLOUD_VOICE.value,
            LineType.IOT.value,
        ]
        real_names = [RealName.VERIFIED.value, RealName.UNVERIFIED.value, RealName.CORPORATE.value]
        imsi = np.where(
            self.is_fixed, 0, 460_000_000_000_000 + np.arange(self.n, dtype=np.int64) * 37 + 5
        )
        imsi_text = pc.cast(pa.array(imsi), pa.string())
        reg_imei = np.where(self.is_fixed, 0, self.imei_a)
        carrier = np.where(self.carrier_mvno, 1, 0).astype(np.int8)
        act_dates = np.datetime64(self.cfg.start.isoformat(), "D") + self.act.astype(
            "timedelta64[D]"
        )
        return pa.table(
            {
                "msisdn": _e164(self.msisdn),
                "imsi": pc.if_else(pa.array(imsi == 0), pa.nulls(self.n, pa.string()), imsi_text),
                "imei": _imei(reg_imei),
                "carrier": _enum(carrier, ["china_mobile", "mvno"]),
                "line_type": _enum(self.line, line_names),
                "activation_date": pa.array(act_dates, pa.date32()),
                "region": _enum(self.region, list(REGIONS)),
                "real_name": _enum(self.real, real_names),
            },
            schema=arrow_schema("subscribers"),
        )

    def truth_table(self) -> pa.Table:
        role = np.zeros(self.n, dtype=np.int8)
        role_names = [
            Role.NORMAL.value,
            Role.FRAUD_SIM.value,
            Role.SIMBOX.value,
            Role.ABUSED_ENTERPRISE_LINE.value,
            Role.VICTIM.value,
        ]
        for i, name in enumerate(FRAUD_SEGMENTS, start=1):
            role[self.idx[name]] = i
        ring = self.ring.copy()
        victims = self.victim_ring >= 0
        role[victims] = 4
        ring[victims] = self.victim_ring[victims]
        return pa.table(
            {
                "entity": _e164(self.msisdn),
                "role": _enum(role, role_names),
                "ring_id": pa.array(np.where(ring >= 0, ring, 0).astype(np.int32), mask=ring < 0),
                "segment": _enum(self.seg, list(SEGMENTS)),
            },
            schema=arrow_schema("truth"),
        )

    def run(self) -> SimResult:
        self.population()
        self.travellers()
        self.business()
        self.social()
        self.a2p()
        self.dens()
        calls = self.calls.build()
        self._orig_caller = calls["caller"]
        calls = self.victims(calls)
        cdr = self.legs(calls)
        sms = self.sms_legs(self.sms.build())
        return SimResult(self.cfg, self.subscriber_table(), cdr, sms, self.truth_table())


def _by_unique(values: I64, render: Any) -> pa.Array:
    """Render each distinct value once, then take: records repeat few distinct values."""
    uniq, inverse = np.unique(values, return_inverse=True)
    return pc.take(render(uniq), pa.array(inverse.astype(np.int64)))


def _e164(numbers: I64, null_zero: bool = False) -> pa.Array:
    def render(uniq: I64) -> pa.Array:
        out = pc.binary_join_element_wise("", pc.cast(pa.array(uniq), pa.string()), "+")
        if null_zero:
            out = pc.if_else(pa.array(uniq == 0), pa.nulls(len(uniq), pa.string()), out)
        return out

    return _by_unique(numbers, render)


def _luhn(body: I64) -> I64:
    """Append the Luhn check digit to 14-digit bodies."""
    total = np.zeros(len(body), dtype=np.int64)
    for k in range(14):  # k = position from the right; double positions 0, 2, ...
        digit = (body // 10**k) % 10
        if k % 2 == 0:
            digit = digit * 2
            digit = digit // 10 + digit % 10
        total += digit
    return body * 10 + (10 - total % 10) % 10


def _imei(values: I64) -> pa.Array:
    """15-digit IMEIs: 14 digits and a Luhn check digit; null where 0."""

    def render(uniq: I64) -> pa.Array:
        text = pc.utf8_lpad(pc.cast(pa.array(_luhn(uniq % 10**14)), pa.string()), 15, "0")
        return pc.if_else(pa.array(uniq == 0), pa.nulls(len(uniq), pa.string()), text)

    return _by_unique(values, render)


def _cells(values: I64) -> pa.Array:
    def render(uniq: I64) -> pa.Array:
        padded = pc.utf8_lpad(pc.cast(pa.array(uniq), pa.string()), 6, "0")
        text = pc.binary_join_element_wise("46000-", padded, "")
        return pc.if_else(pa.array(uniq < 0), pa.nulls(len(uniq), pa.string()), text)

    return _by_unique(values, render)


def _ts(seconds: I64) -> pa.Array:
    return pa.array(seconds * 1_000_000, pa.int64()).cast(pa.timestamp("us", tz="UTC"))


def _enum(codes: npt.NDArray[Any], names: list[str]) -> pa.Array:
    dictionary = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(names))
    return dictionary.cast(pa.string())


def simulate(config: ScenarioConfig | None = None, **overrides: Any) -> SimResult:
    """Simulate one scenario; keyword overrides replace fields of ``config``."""
    base = config or ScenarioConfig()
    if overrides:
        data = {**{k: getattr(base, k) for k in base.__dataclass_fields__}, **overrides}
        base = ScenarioConfig(**data)
    return _Simulator(base).run()
