from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from fanzha.core.errors import ConfigError, InvalidInputError
from fanzha.text.model.features import message_features
from fanzha.text.model.linear import TextModel, platt_fit
from fanzha.text.model.training import build_vocabulary, fit_text_model

SCAMS = [
    ("您的账户涉嫌洗钱,请转账到安全账户配合调查", "impersonate_authority"),
    ("刷单返利日赚300元,加微信领取任务", "part_time_brushing"),
    ("恭喜您中奖,点击链接领取奖品", "fake_prize"),
    ("congratulations you won a prize, call now to claim", "fake_prize"),
    ("urgent: your account is locked, verify at the link", "phishing_credentials"),
]
NORMALS = [
    "妈妈我今晚回家吃饭",
    "您的快递已到驿站,取件码1234",
    "明天上午十点开会别忘了",
    "see you at lunch tomorrow",
    "your parcel was delivered to the front door",
]


def _corpus(size: int, seed: int) -> tuple[list[list[str]], list[bool], list[str]]:
    rng = random.Random(seed)
    features, labels, categories = [], [], []
    for _ in range(size):
        fraud = rng.random() < 0.5
        if fraud:
            text, category = rng.choice(SCAMS)
        else:
            text, category = rng.choice(NORMALS), "not_fraud"
        features.append(message_features(f"{text} {rng.randint(0, 99)}"))
        labels.append(fraud)
        categories.append(category)
    return features, labels, categories


def test_features_chinese_ngrams_latin_words_and_folded_digits() -> None:
    features = message_features("验证码 call 0800 now", ["flag:TEXT.ASKS_SMS_CODE"])
    assert {"验", "验证", "验证码", "w:call", "w:0000", "b:call 0000"} <= set(features)
    assert "c:<ca" in features
    assert "x:flag:TEXT.ASKS_SMS_CODE" in features


def test_vocabulary_keeps_frequent_terms_with_idf() -> None:
    vocabulary, idf = build_vocabulary([["a", "b"], ["a"], ["a", "c"]], min_df=2, max_features=10)
    assert vocabulary == {"a": 0}
    assert idf[0] == pytest.approx(1.0)


def test_fit_save_load_round_trip_is_exact(tmp_path: Path) -> None:
    features, labels, categories = _corpus(400, seed=1)
    model = fit_text_model(features, labels, categories, seed=3, version="test-1")
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = TextModel.load(path)
    assert loaded.version == "test-1"
    assert loaded.categories == tuple(
        sorted({c for c, f in zip(categories, labels, strict=True) if f})
    )
    before, after = model.predict(features[:50]), loaded.predict(features[:50])
    np.testing.assert_allclose(before.fraud, after.fraud, rtol=1e-5)
    np.testing.assert_allclose(before.categories, after.categories, atol=1e-3)
    assert ((after.fraud >= 0.5) == np.array(labels[:50])).all()
    top = [loaded.categories[int(i)] for i in after.categories.argmax(axis=1)]
    for guess, truth, fraud in zip(top, categories[:50], labels[:50], strict=True):
        if fraud:
            assert guess == truth


def test_training_is_reproducible_with_a_seed() -> None:
    features, labels, categories = _corpus(300, seed=2)
    first = fit_text_model(features, labels, categories, seed=5, version="a")
    second = fit_text_model(features, labels, categories, seed=5, version="a")
    a, b = first.heads[first.fallback], second.heads[second.fallback]
    np.testing.assert_array_equal(a.fraud_weights, b.fraud_weights)
    assert (a.platt_a, a.platt_b) == (b.platt_a, b.platt_b)


def test_platt_scaling_recovers_a_known_sigmoid() -> None:
    rng = np.random.default_rng(0)
    margins = rng.normal(0, 2, 20_000)
    labels = rng.random(20_000) < 1 / (1 + np.exp(-(1.5 * margins - 0.5)))
    a, b = platt_fit(margins, labels)
    assert a == pytest.approx(1.5, abs=0.1)
    assert b == pytest.approx(-0.5, abs=0.1)


def test_empty_messages_score_the_prior() -> None:
    features, labels, categories = _corpus(200, seed=4)
    model = fit_text_model(features, labels, categories, seed=1, version="t")
    prediction = model.predict([[], ["never-seen-feature"]])
    assert prediction.fraud[0] == pytest.approx(prediction.fraud[1])
    assert prediction.categories.sum(axis=1) == pytest.approx([1.0, 1.0])


def test_unreadable_or_foreign_files_are_config_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ConfigError) as error:
        TextModel.load(junk)
    assert error.value.code == "TEXT.MODEL_UNREADABLE"
    with pytest.raises(ConfigError):
        TextModel.load(tmp_path / "missing.npz")
    other = tmp_path / "other.npz"
    np.savez(other, header=np.frombuffer(b'{"format": "other/9"}', np.uint8))
    with pytest.raises(ConfigError):
        TextModel.load(other)


def _langs(features: list[list[str]]) -> list[str]:
    # Chinese messages are the ones with Chinese character features.
    return ["zh" if any("\u4e00" <= f[0] <= "\u9fff" for f in row) else "en" for row in features]


def test_each_language_gets_its_own_head(tmp_path: Path) -> None:
    features, labels, categories = _corpus(600, seed=6)
    langs = _langs(features)
    model = fit_text_model(features, labels, categories, langs, seed=2, version="two")
    assert set(model.heads) == {"zh", "en"}
    # Chinese scams never use the English words, so only the English head knows them.
    assert "w:prize" in model.heads["en"].vocabulary
    assert "w:prize" not in model.heads["zh"].vocabulary
    assert model.categories == tuple(
        sorted({c for c, f in zip(categories, labels, strict=True) if f})
    )
    path = tmp_path / "two.npz"
    model.save(path)
    loaded = TextModel.load(path)
    assert (set(loaded.heads), loaded.fallback) == (set(model.heads), model.fallback)
    np.testing.assert_allclose(
        model.predict(features, langs).fraud, loaded.predict(features, langs).fraud, rtol=1e-5
    )
    prediction = loaded.predict(features, langs)
    assert ((prediction.fraud >= 0.5) == np.array(labels)).mean() > 0.95
    # Type probabilities live in the union of categories; each row still sums to one.
    np.testing.assert_allclose(prediction.categories.sum(axis=1), 1.0, atol=1e-3)
    zh_only = [c for c in model.categories if c not in model.heads["zh"].categories]
    for row, lang in enumerate(langs):
        if lang == "zh":
            assert all(prediction.categories[row, model.categories.index(c)] == 0 for c in zh_only)


def test_regularization_can_differ_per_language() -> None:
    features, labels, categories = _corpus(600, seed=8)
    langs = _langs(features)

    def norms(strength: dict[str, float]) -> dict[str, float]:
        model = fit_text_model(
            features, labels, categories, langs, seed=2, version="c", regularization=strength
        )
        return {
            lang: float(np.linalg.norm(head.fraud_weights)) for lang, head in model.heads.items()
        }

    loose_zh, tight_zh = norms({"zh": 100.0, "en": 1.0}), norms({"zh": 0.01, "en": 1.0})
    assert tight_zh["zh"] < loose_zh["zh"] / 5
    assert tight_zh["en"] == pytest.approx(loose_zh["en"])


def test_languages_without_both_classes_share_every_head() -> None:
    features, labels, categories = _corpus(600, seed=7)
    langs = _langs(features)
    # A handful of Japanese normal messages: too few, and one class only.
    features += [message_features("明日は雨です")] * 5
    labels += [False] * 5
    categories += ["not_fraud"] * 5
    langs += ["ja"] * 5
    model = fit_text_model(features, labels, categories, langs, seed=2, version="three")
    assert set(model.heads) == {"zh", "en"}
    assert model.head_for("ja") == model.fallback
    assert model.head_for(None) == model.fallback


def test_training_without_both_classes_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError) as error:
        fit_text_model([["a"]] * 60, [False] * 60, ["not_fraud"] * 60, seed=1, version="x")
    assert error.value.code == "TEXT.NO_DATA"


def test_model_files_are_never_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "pickled.npz"
    np.savez(path, header=np.array([{"format": "x"}], dtype=object))
    with pytest.raises(ConfigError):
        TextModel.load(path)
