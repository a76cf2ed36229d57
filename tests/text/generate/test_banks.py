"""The slot grammar and the phrase-bank loader: syntax, checks, every bank's variety."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from fanzha.core import ConfigError
from fanzha.core.taxonomy import FraudCategory
from fanzha.text.generate import default_banks, load_banks, skeleton
from fanzha.text.generate.bank import DATA_DIR
from fanzha.text.generate.core import tidy
from fanzha.text.generate.entities import ENTITIES
from fanzha.text.generate.grammar import Context, Scope, compile_template
from fanzha.text.generate.style import apply_style, load_styles


def scope(slots: dict[str, list[str | dict[str, str]]]) -> Scope:
    compiled = {
        name: tuple(
            compile_template(i, name)
            if isinstance(i, str)
            else {k: compile_template(v, name) for k, v in i.items()}
            for i in items
        )
        for name, items in slots.items()
    }
    return Scope(compiled, ENTITIES, "test")


def expand(sc: Scope, template: str, seed: int = 0, lang: str = "zh") -> str:
    t = compile_template(template, "test")
    sc.check(t)
    return sc.expand(t, Context(rng=random.Random(seed), lang=lang))


def test_slots_bindings_records_options_and_choices() -> None:
    sc = scope(
        {
            "name": ["甲", "乙", "丙", "丁"],
            "bank": [{"n": "工行", "tel": "95588"}, {"n": "建行", "tel": "95533"}],
            "greet": ["你好{name}", "嗨{name}"],
        }
    )
    for seed in range(20):
        text = expand(sc, "{=name}{=name}", seed)
        assert text[0] == text[1]
        text = expand(sc, "{=bank.n}:{=bank.tel}", seed)
        assert text in ("工行:95588", "建行:95533")
        assert expand(sc, "{a|b|{=name}}", seed) in ("a", "b", "甲", "乙", "丙", "丁")
        assert expand(sc, "x{|!|！}", seed) in ("x", "x!", "x！")
        assert expand(sc, "{greet}", seed)[:1] in ("你", "嗨")
    seen = {expand(sc, "{name?}", seed) for seed in range(60)}
    assert "" in seen and len(seen) > 2
    card = expand(sc, "{@card:=bank.tel}")
    assert card.replace(" ", "").startswith(("95588", "95533"))


@pytest.mark.parametrize(
    ("template", "slots", "message"),
    [
        ("{missing}", {}, "unknown or empty slot"),
        ("{@nope}", {}, "unknown entity"),
        ("{a}", {"a": ["{b}"], "b": ["{a}"]}, "slot cycle"),
        ("{r}", {"r": [{"x": "1"}]}, "without a field"),
        ("{r.y}", {"r": [{"x": "1"}]}, "lacks 'y'"),
        ("{s.x}", {"s": ["plain"]}, "not a record"),
    ],
)
def test_check_finds_mistakes(
    template: str, slots: dict[str, list[str | dict[str, str]]], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        scope(slots).check(compile_template(template, "test"))


@pytest.mark.parametrize("template", ["{a", "a}", "{a b}", "{x?150}", "{x?y}", "{@a{b}}"])
def test_compile_refuses_malformed_templates(template: str) -> None:
    with pytest.raises(ConfigError):
        compile_template(template, "test")


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def _minimal(folder: Path) -> None:
    for name in ("common.toml", "style.toml"):
        (folder / name).write_bytes((DATA_DIR / name).read_bytes())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('category = "romance"\n', "needs a version"),
        ('version = "1"\ncategory = "love"\n', "taxonomy code"),
        (
            'version = "1"\ncategory = "romance"\n[[zh.scenarios]]\nname = "a"\nstyles = ["chat"]\ntemplates = ["{nope}"]\n',
            "unknown or empty slot",
        ),
        (
            'version = "1"\ncategory = "romance"\n[[zh.scenarios]]\nname = "a"\nstyles = ["loud"]\ntemplates = ["x"]\n',
            "styles",
        ),
        (
            'version = "1"\ncategory = "romance"\n[[zh.scenarios]]\nname = "a"\nstyles = ["chat"]\nhard_negative = true\ntemplates = ["x"]\n',
            "hard_negative",
        ),
        (
            'version = "1"\ncategory = "romance"\n[[zh.scenarios]]\nname = "a"\nstyles = ["chat"]\ntemplates = ["x"]\ncolour = 1\n',
            "unknown keys",
        ),
        ('version = "1"\ncategory = "romance"\n[zh\n', "cannot read"),
    ],
)
def test_loader_refuses_bad_banks(tmp_path: Path, body: str, message: str) -> None:
    _minimal(tmp_path)
    _write(tmp_path, "romance.toml", body)
    with pytest.raises(ConfigError, match=message):
        load_banks(tmp_path)


def test_every_bank_file_is_versioned_and_named_for_its_category() -> None:
    banks = default_banks()
    files = sorted(p.name for p in DATA_DIR.glob("*.toml"))
    assert set(banks.versions) == set(files)
    assert all(banks.versions.values())
    for path in DATA_DIR.glob("*.toml"):
        if path.name in ("common.toml", "style.toml"):
            continue
        category = tomllib.loads(path.read_text(encoding="utf-8"))["category"]
        assert path.stem == category or (
            category == FraudCategory.NOT_FRAUD and path.stem.startswith("not_fraud")
        )


def test_every_template_expands_and_every_scenario_varies() -> None:
    """Each template composes cleanly many times; each scenario gives many distinct
    skeletons (not a handful of fixed texts)."""
    banks = default_banks()
    rng = random.Random(5)
    for (_category, lang), scenarios in banks.scenarios.items():
        for scenario in scenarios:
            skeletons = set()
            for template in scenario.templates:
                for _ in range(12):
                    text = tidy(scenario.scope.expand(template, Context(rng=rng, lang=lang)), lang)
                    assert text, scenario.name
                    assert "{" not in text and "}" not in text, (scenario.name, text)
                    skeletons.add(skeleton(text))
            assert len(skeletons) >= 20, (scenario.name, lang, len(skeletons))


def test_thousands_of_surface_forms_per_category() -> None:
    banks = default_banks()
    rng = random.Random(8)
    for (category, lang), scenarios in banks.scenarios.items():
        forms = set()
        for _ in range(3000):
            scenario = rng.choice(scenarios)
            template = rng.choice(scenario.templates)
            forms.add(skeleton(scenario.scope.expand(template, Context(rng=rng, lang=lang))))
        assert len(forms) >= 1000, (category, lang, len(forms))


def test_style_layer_keeps_links_and_adds_opt_out_tails() -> None:
    tails = load_styles()["zh"].unsubscribe
    link = "https://icbc-vip.cc/login?id=AbC"
    for seed in range(40):
        out = apply_style(
            f"【工商银行】请登录{link}验证，加微信kefu1",
            lang="zh",
            register="spam",
            obfuscate_prob=1.0,
            unsubscribe_prob=1.0,
            rng=random.Random(seed),
        )
        assert link in out
        assert out.rstrip().endswith(tails), out
    en = apply_style(
        "Your account is locked. Verify at amazon-help.co/x",
        lang="en",
        register="broken",
        obfuscate_prob=0.0,
        unsubscribe_prob=0.0,
        rng=random.Random(1),
    )
    assert "amazon-help.co/x" in en
