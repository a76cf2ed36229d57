"""Deterministic synthetic call traffic shared by the screening benchmarks.

Every number is generated in a real range and checked once with
``fanzha.numbers.parse_number`` (callers of this module clear the parse caches
afterwards), so the benchmarks measure decisions, not rejections.

The mix is made up but shaped like an operator's: most callers are domestic
mobiles presented in a few common formats, some are fixed lines, virtual-operator
(170/165/167/171) numbers and foreign numbers; a few calls show official numbers
(95588, 110, 96110); callers repeat with a Zipf-like popularity; most calls enter
through the domestic network, some through international gateways or VoIP.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fanzha.core import InvalidNumberError
from fanzha.numbers import parse
from fanzha.numbers.parse import parse_number

MOBILE_PREFIXES = (
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
    "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186",
    "133", "153", "177", "180", "181", "189", "199", "191",
)  # fmt: skip
VIRTUAL_PREFIXES = ("1700", "1703", "1705", "1709", "1710", "1711", "162", "165", "167")
# Area codes without the trunk 0; the first subscriber digit is 2-8 (8 digits in
# the big cities, 7 or 8 elsewhere; phonenumbers decides validity).
FIXED_AREAS = (("10", 8), ("21", 8), ("20", 8), ("755", 8), ("571", 8), ("28", 8), ("27", 8))
# (country code, leading digits, remaining digits)
FOREIGN_PLANS = (
    ("852", ("5", "6", "9"), 7),  # Hong Kong mobiles
    ("853", ("6",), 7),  # Macao
    ("886", ("9",), 8),  # Taiwan mobiles
    ("63", ("917", "918", "920"), 7),  # Philippines
    ("855", ("12", "15", "17"), 6),  # Cambodia
    ("60", ("12", "16", "17"), 7),  # Malaysia
    ("44", ("7400", "7700"), 6),  # United Kingdom
    ("1", ("212", "415", "646"), 7),  # NANP
    ("81", ("90", "80"), 8),  # Japan
)
OFFICIALS = ("95588", "110", "96110")
INGRESSES = ("domestic", "international", "voip")


@dataclass(frozen=True, slots=True)
class Call:
    caller: str
    callee: str
    ingress: str  # "domestic" | "international" | "voip"
    kind: str  # what the generator meant the caller to be (for the tables)

    def body(self) -> dict[str, str]:
        return {"caller": self.caller, "callee": self.callee, "ingress": self.ingress}


def clear_caches() -> None:
    """Empty every parse cache fanzha has (so a measurement starts cold)."""
    parse.clear_parse_cache()
    block = getattr(parse, "_mobile_block", None)
    if block is not None and hasattr(block, "cache_clear"):
        block.cache_clear()


def _valid(raw: str) -> bool:
    try:
        parse_number(raw)
    except InvalidNumberError:
        return False
    return True


class Numbers:
    """Generators of valid numbers, each as a canonical national or +CC string."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def _until_valid(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            candidate = make()
            if _valid(candidate):
                return candidate
        raise RuntimeError("number generator produced no valid number in 1000 tries")

    def mobile(self) -> str:
        rng = self.rng
        return self._until_valid(
            lambda: rng.choice(MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=8))
        )

    def virtual(self) -> str:
        rng = self.rng

        def make() -> str:
            prefix = rng.choice(VIRTUAL_PREFIXES)
            return prefix + "".join(rng.choices("0123456789", k=11 - len(prefix)))

        return self._until_valid(make)

    def fixed(self) -> str:
        rng = self.rng

        def make() -> str:
            area, digits = rng.choice(FIXED_AREAS)
            return (
                "0"
                + area
                + rng.choice("2345678")
                + "".join(rng.choices("0123456789", k=digits - 1))
            )

        return self._until_valid(make)

    def foreign(self) -> str:
        rng = self.rng

        def make() -> str:
            cc, leads, rest = rng.choice(FOREIGN_PLANS)
            return "+" + cc + rng.choice(leads) + "".join(rng.choices("0123456789", k=rest))

        return self._until_valid(make)

    def clean(self) -> tuple[str, str]:
        """A caller nobody reported: (kind, number)."""
        roll = self.rng.random()
        if roll < 0.75:
            return "mobile", self.mobile()
        if roll < 0.87:
            return "fixed", self.fixed()
        if roll < 0.92:
            return "virtual", self.virtual()
        return "foreign", self.foreign()

    def scam(self) -> tuple[str, str]:
        """A number of the kind that gets reported: virtual ranges are over-represented."""
        roll = self.rng.random()
        if roll < 0.5:
            return "mobile", self.mobile()
        if roll < 0.85:
            return "virtual", self.virtual()
        if roll < 0.95:
            return "foreign", self.foreign()
        return "fixed", self.fixed()

    def present(self, number: str) -> str:
        """The number as a switch or an app might show it."""
        if number.startswith("+"):
            return number if self.rng.random() < 0.8 else "00" + number[1:]
        if number.startswith("0"):  # fixed line with trunk 0
            return number if self.rng.random() < 0.7 else "+86" + number[1:]
        roll = self.rng.random()
        if roll < 0.45:
            return "+86" + number
        if roll < 0.9:
            return number
        if roll < 0.95:
            return "0086" + number
        return f"+86 {number[:3]} {number[3:7]} {number[7:]}"


def zipf_picker(rng: random.Random, size: int, s: float = 1.0) -> Callable[[], int]:
    """Index 0..size-1 with P(rank k) proportional to 1/(k+1)^s."""
    cum = list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(size)))

    def pick() -> int:
        return rng.choices(range(size), cum_weights=cum)[0]

    return pick


def ingress_for(kind: str, rng: random.Random) -> str:
    """Foreign callers arrive through international gateways; a few domestic-looking
    callers do too (the "number change" scam) or over VoIP interconnects."""
    if kind == "foreign":
        return "international"
    roll = rng.random()
    if roll < 0.92:
        return "domestic"
    if roll < 0.97:
        return "international"
    return "voip"


def cold_calls(count: int, seed: int = 1) -> list[Call]:
    """Every caller and every callee distinct: nothing can come from a cache."""
    gen = Numbers(seed)
    rng = gen.rng
    seen: set[str] = set()
    calls = []
    while len(calls) < count:
        kind, caller = gen.clean()
        callee = gen.mobile()
        if caller in seen or callee in seen:
            continue
        seen.update((caller, callee))
        calls.append(Call(gen.present(caller), callee, ingress_for(kind, rng), kind))
    return calls


@dataclass(frozen=True, slots=True)
class Population:
    clean: Sequence[tuple[str, str]]  # (kind, number), most popular first
    scams: Sequence[tuple[str, str]]
    subscribers: Sequence[str]


def population(
    clean: int, scams: int, subscribers: int, seed: int = 2, *, reported: Sequence[str] = ()
) -> Population:
    """Caller and subscriber populations; ``reported`` numbers lead the scam list."""
    gen = Numbers(seed)
    scam_list = [("reported", number) for number in reported]
    while len(scam_list) < scams:
        scam_list.append(gen.scam())
    return Population(
        clean=[gen.clean() for _ in range(clean)],
        scams=scam_list,
        subscribers=[gen.mobile() for _ in range(subscribers)],
    )


def mixed_calls(
    pop: Population,
    count: int,
    seed: int = 3,
    *,
    scam_share: float = 0.15,
    official_share: float = 0.03,
    withheld_share: float = 0.01,
) -> list[Call]:
    """Calls with repeating callers (Zipf over each population) and a traffic mix."""
    gen = Numbers(seed)
    rng = gen.rng
    pick_clean = zipf_picker(rng, len(pop.clean))
    pick_scam = zipf_picker(rng, len(pop.scams)) if pop.scams else None
    pick_subscriber = zipf_picker(rng, len(pop.subscribers), s=0.6)
    calls = []
    for _ in range(count):
        callee = pop.subscribers[pick_subscriber()]
        roll = rng.random()
        if roll < official_share:
            official = rng.choice(OFFICIALS)
            ingress = rng.choices(INGRESSES, weights=(0.6, 0.3, 0.1))[0]
            calls.append(Call(official, callee, ingress, f"official {official}"))
            continue
        if roll < official_share + withheld_share:
            ingress = rng.choices(INGRESSES, weights=(0.5, 0.4, 0.1))[0]
            calls.append(Call("anonymous", callee, ingress, "withheld"))
            continue
        if pick_scam is not None and roll < official_share + withheld_share + scam_share:
            kind, number = pop.scams[pick_scam()]
            label = "reported"
        else:
            kind, number = pop.clean[pick_clean()]
            label = "clean"
        foreign = kind == "foreign" or (number.startswith("+") and not number.startswith("+86"))
        ingress = ingress_for("foreign" if foreign else kind, rng)
        calls.append(Call(gen.present(number), callee, ingress, label))
    return calls
