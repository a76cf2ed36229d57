from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.core import CallEvent, ConfigError, Ingress
from fanzha.numbers import NumberIntelligence
from fanzha.screening import Action, CallScreener, load_policy

BUNDLED = load_policy()


def test_bundled_policy_is_versioned_and_sane() -> None:
    assert BUNDLED.version
    assert 0 < BUNDLED.warn <= BUNDLED.block <= 1
    assert BUNDLED.floors["POLICY.INTERNATIONAL_CALL_BLOCKED"] is Action.BLOCK


def test_thresholds_come_from_the_policy_file(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/fanzha/screening/data/policy.toml").read_text()
    lenient = text.replace('version = "2026.11.2"', 'version = "test-lenient"').replace(
        "block = 0.85", "block = 0.999"
    )
    path = tmp_path / "lenient.toml"
    path.write_text(lenient)
    policy = load_policy(str(path))
    screener = CallScreener(policy=policy, intelligence=NumberIntelligence(cache_seconds=0))
    decision = screener.screen(CallEvent("+8613812345678", "13900001111", Ingress.INTERNATIONAL))
    assert decision.action is Action.WARN
    assert decision.policy_version == "test-lenient"


def test_rule_scores_come_from_the_policy_file(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/fanzha/screening/data/policy.toml").read_text()
    path = tmp_path / "p.toml"
    path.write_text(
        text.replace(
            "[rules.virtual_operator]\nscore = 0.15", "[rules.virtual_operator]\nscore = 0.6"
        )
    )
    screener = CallScreener(policy=load_policy(str(path)))
    assert screener.screen(CallEvent("17091234567", "13900001111")).action is Action.WARN


@pytest.mark.parametrize(
    "content",
    [
        "not toml at all [",
        'version = "x"',
        'version = "x"\n[bands]\nwarn = 0.9\nblock = 0.5',
        'version = "x"\n[bands]\nwarn = "high"\nblock = 0.9',
        'version = "x"\n[bands]\nwarn = 0.5\nblock = 0.9\n[floors]\n"X" = "explode"',
    ],
)
def test_invalid_policy_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(ConfigError):
        load_policy(str(path))


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy"):
        load_policy(str(tmp_path / "nope.toml"))
