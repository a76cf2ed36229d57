"""Conformance suite run over every call-screening rule (river-style)."""

from __future__ import annotations

import importlib
import re
from itertools import product

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from fanzha.callerid.shaken import (
    CertFetcher,
    FetchPolicy,
    Signer,
    TrustStore,
    Verifier,
    make_root,
    make_sti_cert,
    tn_auth_list,
)
from fanzha.core import CallEvent, Detector, Ingress, SubscriberPolicy
from fanzha.numbers import NumberIntelligence, parse_number
from fanzha.screening import load_policy
from fanzha.screening.context import CallContext, Rule
from fanzha.screening.rules import CALL_RULES

CODE = re.compile(r"^[A-Z]+(\.[A-Z0-9_]+)+$")
CALLERS = [
    None,
    "+8613812345678",
    "01064001234",
    "4008123123",
    "17091234567",
    "14512345678",
    "110",
    "95588",
    "96110",
    "+12025550123",
    "+85251234567",
]
POLICY = load_policy()
INTEL = NumberIntelligence(cache_seconds=0)


def contexts() -> list[CallContext]:
    out = []
    for raw, ingress, opted_in, trunk in product(
        CALLERS, list(Ingress), [False, True], [None, "reseller"]
    ):
        caller = parse_number(raw) if raw else None
        callee = parse_number("13900001111")
        out.append(
            CallContext(
                event=CallEvent(raw or "anonymous", "13900001111", ingress, trunk=trunk),
                caller=caller,
                callee=callee,
                subscriber=SubscriberPolicy(callee.e164, opted_in, opted_in),
                reputation=INTEL.reputation_of(caller or callee),
                policy=POLICY,
            )
        )
    return out


def verified_contexts() -> list[CallContext]:
    """Calls with STIR/SHAKEN results: passed with A and C, and failed."""
    root = make_root()
    key, cert = make_sti_cert(root, tn_auth_list(spc="1001"))
    fetcher = CertFetcher(FetchPolicy())
    fetcher.put("https://sti.example/c.pem", cert.public_bytes(Encoding.PEM))
    verifier = Verifier(TrustStore.from_pem(root[1].public_bytes(Encoding.PEM)), fetcher)
    signer = Signer(key, "https://sti.example/c.pem")
    out = []
    callee = parse_number("13900001111")
    for attest, dest, ingress in product("AC", ["13900001111", "13900002222"], list(Ingress)):
        identity = signer.sign("+8613812345678", dest, attest)
        caller = parse_number("+8613812345678")
        out.append(
            CallContext(
                event=CallEvent("+8613812345678", "13900001111", ingress, identity=identity),
                caller=caller,
                callee=callee,
                subscriber=SubscriberPolicy(callee.e164),
                reputation=INTEL.reputation_of(caller),
                policy=POLICY,
                verification=verifier.verify([identity], "+8613812345678", "13900001111"),
            )
        )
    return out


CONTEXTS = contexts() + verified_contexts()


@pytest.mark.parametrize("rule", CALL_RULES, ids=lambda r: r.name)
def test_rule_follows_the_detector_protocol(rule: Rule) -> None:
    assert isinstance(rule, Detector)
    assert rule.name and rule.version


@pytest.mark.parametrize("rule", CALL_RULES, ids=lambda r: r.name)
def test_rule_findings_are_well_formed(rule: Rule) -> None:
    doc = importlib.import_module(type(rule).__module__).__doc__ or ""
    fired = 0
    for context in CONTEXTS:
        for finding in rule.score_one(context):
            fired += 1
            assert finding.detector == f"screening.{rule.name}"
            assert finding.version == rule.version
            assert 0.0 <= finding.score <= 1.0
            assert CODE.match(finding.code), finding.code
            assert finding.code in doc, f"{finding.code} not documented in its module"
            assert finding.reason.strip() and finding.reason_zh.strip()
    if rule.name != "reputation":  # needs reports; covered in test_rules
        assert fired, f"{rule.name} never fired on the conformance contexts"


def test_rule_names_are_unique_and_in_the_policy() -> None:
    names = [rule.name for rule in CALL_RULES]
    assert len(names) == len(set(names))
    assert set(names) <= set(POLICY.rules)


def test_rules_are_deterministic() -> None:
    for rule, context in product(CALL_RULES, CONTEXTS[:40]):
        assert rule.score_one(context) == rule.score_one(context)
