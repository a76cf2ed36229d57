from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fanzha.cdr.features import FEATURES
from fanzha.cdr.model import HELD_OUT_SCENARIOS, TRAINING_SCENARIOS, load_model, train_model
from fanzha.cdr.schema import ROLES
from fanzha.cdr.simulate import ScenarioConfig
from fanzha.core import ConfigError


def test_bundled_model_is_small_and_matches_the_features() -> None:
    model = load_model()
    assert model.meta["features"] == list(FEATURES)
    assert model.roles == ROLES
    path = Path(__file__).parents[2] / "src/fanzha/cdr/data/model.json"
    assert path.stat().st_size < 3_000_000
    assert model.meta["held_out"], "the model card's held-out results are stored with the model"


def test_held_out_scenarios_differ_from_training() -> None:
    def params(config: ScenarioConfig) -> dict[str, object]:
        data = config.to_dict()
        del data["seed"]
        return data

    seeds = {c.seed for c in TRAINING_SCENARIOS}
    for config in HELD_OUT_SCENARIOS.values():
        assert config.seed not in seeds
        assert all(params(config) != params(c) for c in TRAINING_SCENARIOS)
    stealthier = [
        c
        for c in HELD_OUT_SCENARIOS.values()
        if c.stealth not in {t.stealth for t in TRAINING_SCENARIOS}
    ]
    assert len(stealthier) >= 2


def test_predict_and_explain(small_features: pd.DataFrame) -> None:
    model = load_model()
    probs = model.predict(small_features)
    assert probs.shape == (len(small_features), len(ROLES))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    top = model.explain(small_features.iloc[:3], np.array([1, 2, 3]), top=4)
    assert len(top) == 3 and all(len(items) <= 4 for items in top)


def test_model_files_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(str(bad))
    assert err.value.code == "CDR.MODEL_INVALID"
    data = json.loads(load_model().to_json())
    data["meta"]["features"] = ["something_else"]
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(str(other))
    assert err.value.code == "CDR.MODEL_MISMATCH"
    with pytest.raises(ConfigError):
        load_model(str(tmp_path / "missing.json"))


def test_training_is_deterministic(tmp_path: Path) -> None:
    scenarios = (
        ScenarioConfig(seed=31, subscribers=800, days=4, fraud_share=0.05, stealth=0.0),
        ScenarioConfig(seed=32, subscribers=800, days=4, fraud_share=0.05, stealth=0.8),
    )
    a = train_model(scenarios, rounds=15)
    b = train_model(scenarios, rounds=15)
    assert a.booster.model_to_string() == b.booster.model_to_string()
    path = a.save(tmp_path / "m.json")
    again = load_model(str(path))
    assert again.meta["training_rows"] == a.meta["training_rows"]
