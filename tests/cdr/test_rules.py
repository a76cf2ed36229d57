from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fanzha.cdr.features import FEATURES
from fanzha.cdr.policy import load_policy
from fanzha.cdr.rules import CDR_RULES
from fanzha.core import ConfigError


def row(**values: float) -> dict[str, float]:
    base = {name: 0.0 for name in FEATURES}
    base.update(values)
    return base


# One line each rule must flag, and the ordinary line none may flag.
TRIGGERS: dict[str, dict[str, float]] = {
    "simbox_shared_ports": row(imei_peers=20, imei_count=12, top_cell_share=1.0, out_per_day=120),
    "simbox_never_answers": row(in_calls=12, in_answered_share=0.0, out_per_day=90),
    "fresh_batch": row(batch_size=20, activation_age_days=2, out_per_day=60),
    "fanout_no_callback": row(out_distinct=400, callback_rate=0.02, out_short_share=0.8),
    "one_way": row(out_calls=500, in_calls=3, in_out_ratio=0.006),
    "device_rotation": row(imei_count=3, imei_max_sims=5, out_per_day=40),
    "iot_voice": row(is_iot=1, out_calls=40, out_distinct=38),
    "sms_no_replies": row(sms_out_distinct=80, sms_reply_rate=0.0),
    "forward_abroad": row(is_fixed=1, fwd_intl_share=0.9, fwd_targets=40, in_calls=60),
    "voip_originated_line": row(is_fixed=1, out_intl_share=0.95, out_per_day=80, night_share=0.2),
    "long_call_then_quiet": row(unknown_in_max_dur=3600, unknown_caller_fanout=400, quiet_drop=0.9),
}
ORDINARY = row(
    out_calls=40, in_calls=45, out_per_day=3, in_out_ratio=1.1, out_distinct=15, callback_rate=0.7,
    imei_count=1, imei_max_sims=1, imei_peers=1, top_cell_share=0.5, batch_size=1,
    activation_age_days=900, sms_out_distinct=4, sms_reply_rate=0.8, in_answered_share=0.9,
)  # fmt: skip


def test_every_rule_has_a_trigger_and_a_policy_section() -> None:
    policy = load_policy()
    assert {r.name for r in CDR_RULES} == set(TRIGGERS) == set(policy.rules)
    codes = [r.code for r in CDR_RULES]
    assert len(set(codes)) == len(codes) and all(c.startswith("CDR.") for c in codes)


@pytest.mark.parametrize("rule", CDR_RULES, ids=lambda r: r.name)
def test_rule_fires_on_its_pattern_only(rule: Any) -> None:
    policy = load_policy()
    frame = pd.DataFrame([TRIGGERS[rule.name], ORDINARY])
    hits = rule.mask(frame, policy.rule(rule.name))
    assert hits.tolist() == [True, False]
    (finding,) = rule.findings(frame, np.flatnonzero(hits), policy.rule(rule.name))
    assert finding.code == rule.code and finding.detector == f"cdr.{rule.name}"
    assert finding.score == policy.rule(rule.name)["score"]
    assert set(finding.evidence) == set(rule.evidence)
    assert "{" not in finding.reason and "{" not in finding.reason_zh
    assert finding.reason_zh and finding.reason.endswith(".")


def test_thresholds_come_from_the_policy(tmp_path: Path) -> None:
    text = (
        Path(load_policy.__wrapped__.__code__.co_filename)
        .parent.joinpath("data/policy.toml")
        .read_text()
    )
    stricter = text.replace("min_imei_peers = 6", "min_imei_peers = 50").replace(
        'version = "', 'version = "test-'
    )
    path = tmp_path / "policy.toml"
    path.write_text(stricter, encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.version.startswith("test-")
    rule = next(r for r in CDR_RULES if r.name == "simbox_shared_ports")
    frame = pd.DataFrame([TRIGGERS["simbox_shared_ports"]])
    assert not rule.mask(frame, policy.rule(rule.name)).any()


@pytest.mark.parametrize(
    "text",
    [
        "not toml [",
        'version = "x"\n[score]\nrole_min = 3',
        'version = "x"\n[disposal]\nroles = ["pirate"]',
        "[score]\n",
    ],
)
def test_bad_policies_are_config_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_policy(str(path))


def test_missing_policy_file() -> None:
    with pytest.raises(ConfigError):
        load_policy("/nonexistent/policy.toml")
