"""The lexical model: loading, determinism, and train -> save -> load on synthetic data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fanzha.core import ConfigError
from fanzha.text.urls import load_model, train_url_model
from fanzha.text.urls.brands import load_brands
from fanzha.text.urls.features import NUMERIC_FEATURES, numeric, tokens
from fanzha.text.urls.knowledge import load_lists
from fanzha.text.urls.model import MODEL_FORMAT, model_from_json
from fanzha.text.urls.parse import parse_url
from fanzha.text.urls.synth import benign_links, lookalike_links, official_links
from fanzha.text.urls.train import domain_split, save_url_model

BENIGN_HOSTS = [
    "example.com", "wikipedia.org", "python.org", "baidu.com", "sina.com.cn", "163.com",
    "bilibili.com", "zhihu.com", "douban.com", "ctrip.com", "weather.com.cn", "people.com.cn",
    "xinhuanet.com", "cctv.com", "ifeng.com", "sohu.com", "youku.com", "iqiyi.com", "csdn.net",
    "gitee.com", "github.com", "mozilla.org", "debian.org", "bbc.co.uk", "nytimes.com",
    "lemonde.fr", "spiegel.de", "asahi.com", "nhk.or.jp", "ox.ac.uk", "mit.edu", "tsinghua.edu.cn",
    "pku.edu.cn", "fudan.edu.cn", "zju.edu.cn", "sjtu.edu.cn", "nju.edu.cn", "whu.edu.cn",
]  # fmt: skip


def _small_set(seed: int) -> list[tuple[str, bool]]:
    brands = load_brands()
    phishing = lookalike_links(brands, 500, seed)
    benign = benign_links(BENIGN_HOSTS, 8, seed) + official_links(brands, 200, seed)
    return [(u, True) for u in phishing] + [(u, False) for u in benign]


SMALL = {"min_domains": 1, "max_tokens": 5000, "test_share": 0.25, "calibration_share": 0.2}


def test_bundled_model_loads_fast_and_matches_features() -> None:
    load_model.cache_clear()
    started = time.perf_counter()
    model = load_model()
    assert time.perf_counter() - started < 1.0  # well under 200 ms on a quiet machine
    assert model.meta["format"] == MODEL_FORMAT
    assert len(model.numeric_weights) == len(NUMERIC_FEATURES)
    assert 1000 < len(model.token_weights) < 200_000
    path = Path(__file__).parents[3] / "src/fanzha/text/urls/data/url_model.json"
    assert path.stat().st_size < 3_000_000
    assert model.meta["metrics"]["test_model"]["roc_auc"] >= 0.97


def test_bundled_model_is_deterministic() -> None:
    model = load_model()
    lists = load_lists()
    parsed = parse_url("https://icbc-kefu.top/h5/#/renzheng")
    t, x = tokens(parsed, lists), numeric(parsed, lists, ())
    assert model.probability(t, x) == model.probability(set(sorted(t)), list(x))
    assert 0.0 <= model.probability(t, x) <= 1.0


def test_scoring_does_not_import_scikit_learn() -> None:
    code = (
        "import sys, fanzha.text.urls as u; u.score_url('icbc-cn.top'); "
        "print(any(m.split('.')[0] == 'sklearn' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_domain_split_keeps_a_domain_on_one_side() -> None:
    sides = {domain_split("icbc-cn.top", 7, 0.2, 0.15) for _ in range(3)}
    assert len(sides) == 1
    counts = {"train": 0, "calibration": 0, "test": 0}
    for i in range(2000):
        counts[domain_split(f"d{i}.com", 7, 0.2, 0.15)] += 1
    assert 300 < counts["test"] < 500 and 200 < counts["calibration"] < 400


def test_train_save_load_round_trip(tmp_path: Path) -> None:
    data = _small_set(3)
    model, metrics = train_url_model(data, seed=3, params=SMALL)
    assert metrics["split"]["test"]["links"] > 0
    assert metrics["test_model"]["roc_auc"] > 0.9
    path = save_url_model(model, tmp_path / "m.json")
    loaded = load_model(str(path))
    lists = load_lists()
    for url, _ in data[:50] + data[-50:]:
        parsed = parse_url(url)
        t, x = tokens(parsed, lists), numeric(parsed, lists, ())
        assert loaded.probability(t, x) == pytest.approx(model.probability(t, x), abs=1e-9)
    # No domain is on both sides of the split.
    assert metrics["split"]["train"]["domains"] + metrics["split"]["test"]["domains"] <= len(
        {parse_url(u).registered_domain for u, _ in data}
    )


def test_training_is_reproducible_with_a_seed() -> None:
    data = _small_set(5)
    first, m1 = train_url_model(data, seed=5, params=SMALL)
    second, m2 = train_url_model(list(data), seed=5, params=SMALL)
    assert first.to_json() == second.to_json()
    assert m1 == m2
    other, _ = train_url_model(data, seed=6, params=SMALL)
    assert other.to_json() != first.to_json()


def test_training_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="both classes"):
        train_url_model([(u, True) for u in lookalike_links(load_brands(), 50, 1)], seed=1)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        json.dumps({"format": "other/1"}),
        json.dumps({"format": MODEL_FORMAT, "tokens": {}}),
    ],
)
def test_invalid_model_files_raise_config_error(text: str) -> None:
    with pytest.raises(ConfigError):
        model_from_json(text, "test")


def test_model_from_other_features_is_refused() -> None:
    data = json.loads(load_model().to_json())
    data["numeric"]["names"] = data["numeric"]["names"][:-1]
    with pytest.raises(ConfigError) as info:
        model_from_json(json.dumps(data), "test")
    assert info.value.code == "URL.MODEL_MISMATCH"


def test_missing_model_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_model(str(tmp_path / "absent.json"))


def test_scores_do_not_depend_on_the_hash_seed() -> None:
    code = (
        "import fanzha.text.urls as u; "
        "print([u.score_url(x).score for x in ('icbc-kefu.top/h5', 'https://github.com/a/b')])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
