"""Every rule module is registered, has a stable code, a weight and two reasons."""

from __future__ import annotations

import pkgutil
import re
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest

import fanzha.text.redflags.rules as rules_package
from fanzha.core import ConfigError
from fanzha.text.normalize import normalize
from fanzha.text.redflags import RULES, find_red_flags, load_weights, rule_codes, weights_version
from fanzha.text.redflags.weights import default_weights

_MODULES = [
    import_module(f"{rules_package.__name__}.{info.name}")
    for info in pkgutil.iter_modules(rules_package.__path__)
]


def test_every_rule_module_is_registered_once() -> None:
    assert set(_MODULES) == set(RULES)
    assert len(set(rule_codes())) == len(RULES) == 23


@pytest.mark.parametrize("module", _MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_rule_module_has_code_weight_and_bilingual_reasons(module: ModuleType) -> None:
    code = module.CODE
    assert re.fullmatch(r"TEXT\.[A-Z_]+", code)
    assert 0.0 < default_weights().weight(code) <= 1.0
    reason, reason_zh = module.REASON, module.REASON_ZH
    assert re.search(r"[a-z]{3}", reason) and not re.search(r"[\u4e00-\u9fff]", reason)
    assert len(re.findall(r"[\u4e00-\u9fff]", reason_zh)) >= 6
    # The explainer quotes reasons inside its own sentence.
    assert not reason.endswith(".") and not reason_zh.endswith("。")
    # The module docstring starts with its code, as the screening rules do.
    assert (module.__doc__ or "").startswith(code)


def test_weights_file_has_exactly_the_rule_codes() -> None:
    assert sorted(default_weights().by_code) == sorted(rule_codes())
    assert weights_version() == default_weights().version != ""


def test_flag_weight_comes_from_the_weights_file() -> None:
    [flag] = find_red_flags(normalize("请转到安全账户"), [])
    assert flag.weight == default_weights().weight("TEXT.SAFE_ACCOUNT")


def test_operator_weights_file_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "weights.toml"
    good.write_text('version = "test.1"\n[weights]\n"TEXT.LINK" = 0.1\n', encoding="utf-8")
    weights = load_weights(str(good))
    assert (weights.version, weights.weight("TEXT.LINK")) == ("test.1", 0.1)
    with pytest.raises(ConfigError):
        weights.weight("TEXT.SAFE_ACCOUNT")
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "x"\n[weights]\n"TEXT.LINK" = 2.0\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be in"):
        load_weights(str(bad))
    bad.write_text('[weights]\n"TEXT.LINK" = 0.5\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid"):
        load_weights(str(bad))
