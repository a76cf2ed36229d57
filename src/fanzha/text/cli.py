"""`fanzha text check | eval | train`: attach with ``register(main)``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from fanzha.cli_support import emit, handle_errors

# Fewer normal messages of a language than this: no threshold of its own.
MIN_NORMAL_PER_LANG = 100


def configured_analyzer() -> Any:
    """The analyzer with the model and policy that the settings name (as `fanzha serve`)."""
    from fanzha.core import Settings
    from fanzha.text import TextAnalyzer
    from fanzha.text.model import TextModel
    from fanzha.text.policy import load_text_policy

    settings = Settings.from_env()
    model = TextModel.load(Path(settings.text_model_file)) if settings.text_model_file else None
    return TextAnalyzer(model, load_text_policy(settings.text_policy_file or None))


def _separator(delimiter: str) -> str:
    """A shell-friendly spelling of the tab ('\\t' or 'tab') becomes the tab itself."""
    return "\t" if delimiter in ("\\t", "tab") else delimiter


@click.group("text")
def text_group() -> None:
    """Analyze messages for scams (Chinese and English)."""


@text_group.command("check")
@click.argument("text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Default: detected.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON.")
@handle_errors()
def check(text: str, lang: str | None, as_json: bool) -> None:
    """Analyze TEXT (use - to read it from standard input). Exit 1 when it is a scam."""
    if text == "-":
        text = sys.stdin.read()
    result = configured_analyzer().analyze(text, lang=lang)
    if as_json:
        emit(result.to_dict())
    else:
        verdict = "SCAM" if result.is_fraud else "no scam found"
        click.echo(f"{verdict}  score={result.score:.2f}  category={result.category}")
        for flag in result.red_flags:
            click.echo(f"  ! {flag.code}  \u201c{flag.words}\u201d  {flag.reason_zh}")
        for risk in result.urls:
            codes = ",".join(risk.codes) or "-"
            click.echo(f"  link {risk.url}  risk={risk.score:.2f}  {codes}")
        click.echo(result.explanation.zh)
        click.echo(result.explanation.en)
    sys.exit(1 if result.is_fraud else 0)


@text_group.command("eval")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-col", default="text", show_default=True)
@click.option("--label-col", default="label", show_default=True)
@click.option(
    "--positive",
    multiple=True,
    help="A label value that means fraud (repeatable); others then mean normal.",
)
@click.option("--delimiter", default=",", show_default=True, help="Use '\\t' for TSV.")
@click.option("--json", "as_json", is_flag=True)
@handle_errors()
def evaluate_file(
    path: Path,
    text_col: str,
    label_col: str,
    positive: tuple[str, ...],
    delimiter: str,
    as_json: bool,
) -> None:
    """Score the analyzer on a labelled CSV: precision, recall, F1, macro-F1, confusion.

    Labels may be taxonomy codes (then fraud-type macro-F1 is reported too) or
    fraud/normal words such as spam/ham, 1/0, fraud/normal."""
    from fanzha.text.evaluate import evaluate_predictions, read_labeled_csv

    rows, skipped = read_labeled_csv(
        path,
        text_col=text_col,
        label_col=label_col,
        positives=positive,
        delimiter=_separator(delimiter),
    )
    results = configured_analyzer().analyze_many([row.text for row in rows]) if rows else []
    report = evaluate_predictions(
        rows, [r.is_fraud for r in results], [r.category for r in results]
    ).to_dict()
    report["skipped_empty"] = skipped
    if as_json:
        emit(report)
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    click.echo(f"rows: {report['rows']} (skipped empty: {report['skipped_empty']})")
    for name in ("precision", "recall", "f1", "macro_f1", "false_positive_rate"):
        click.echo(f"{name:>20}: {report[name]:.4f}")
    c = report["confusion"]
    click.echo("confusion (truth \\ predicted):")
    click.echo(f"{'':>12}{'fraud':>10}{'normal':>10}")
    click.echo(f"{'fraud':>12}{c['tp']:>10}{c['fn']:>10}")
    click.echo(f"{'normal':>12}{c['fp']:>10}{c['tn']:>10}")
    if report["category_macro_f1"] is not None:
        click.echo(
            f"fraud-type macro-F1: {report['category_macro_f1']:.4f} "
            f"over {report['category_rows']} fraud rows"
        )
        confusion: dict[str, dict[str, int]] = report["category_confusion"]
        for truth, row in confusion.items():
            cells = ", ".join(f"{k}={v}" for k, v in row.items())
            click.echo(f"  {truth}: {cells}")


@text_group.command("train")
@click.option(
    "--data",
    "data_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of public data sets (see docs/model-card-text.md); omit for generated only.",
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--generated", type=click.IntRange(0), default=30_000, show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Model file to write. Default: the package's model (replaces the shipped one).",
)
@click.option("--exclude", multiple=True, help="A data set to leave out of training (repeatable).")
@click.option(
    "--evaluation-only-sets",
    is_flag=True,
    help="Also train on sets whose licence forbids redistribution (never ship that model).",
)
@click.option("--json", "as_json", is_flag=True)
@handle_errors()
def train_command(
    data_root: Path | None,
    seed: int,
    generated: int,
    out: Path | None,
    exclude: tuple[str, ...],
    evaluation_only_sets: bool,
    as_json: bool,
) -> None:
    """Train the message model and print held-out metrics per source."""
    from fanzha.core.errors import InvalidInputError
    from fanzha.text.model.linear import default_model_path
    from fanzha.text.train import train

    target = out or default_model_path()
    if evaluation_only_sets and out is None:
        raise InvalidInputError(
            "a model trained on evaluation-only sets must not replace the shipped model: "
            "give --out",
            code="TEXT.LICENCE",
        )
    run = train(
        data_root,
        seed=seed,
        generated=generated,
        evaluation_only_sets=evaluation_only_sets,
        exclude=exclude,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    run.model.save(target)
    size = target.stat().st_size
    summary = {
        "model": str(target),
        "version": run.model.version,
        "seconds": round(run.seconds, 1),
        "trained_on": run.trained_on,
        "skipped_sets": run.skipped_sets,
        "held_out": run.metrics,
        "bytes": size,
    }
    if as_json:
        emit(summary)
        return
    click.echo(f"wrote {target} ({size / 1e6:.1f} MB) in {run.seconds:.0f} s")
    click.echo("trained on: " + ", ".join(f"{k}={v}" for k, v in run.trained_on.items()))
    for name, why in run.skipped_sets.items():
        click.echo(f"skipped {name}: {why}")
    for source, metrics in run.metrics.items():
        type_f1 = metrics["category_macro_f1"]
        click.echo(
            f"held-out {source}: rows={metrics['rows']} F1={metrics['f1']:.4f} "
            f"P={metrics['precision']:.4f} R={metrics['recall']:.4f} "
            f"FPR={metrics['false_positive_rate']:.4f}"
            + ("" if type_f1 is None else f" type-macro-F1={type_f1:.4f}")
        )


@text_group.command("threshold")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-col", default="text", show_default=True)
@click.option(
    "--label-col",
    default=None,
    help="Use only the rows this column marks as normal; without it every row is normal.",
)
@click.option("--delimiter", default=",", show_default=True, help="Use '\\t' for TSV.")
@click.option(
    "--max-flagged",
    type=click.FloatRange(0, 1, max_open=True),
    default=0.02,
    show_default=True,
    help="Largest share of these normal messages the threshold may flag.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a text policy with this threshold (use it with FANZHA_TEXT_POLICY_FILE).",
)
@click.option(
    "--per-language/--one-threshold",
    default=True,
    show_default=True,
    help=(
        "Also fit a threshold for each language with at least "
        f"{MIN_NORMAL_PER_LANG} normal messages (each language has its own model head)."
    ),
)
@click.option("--json", "as_json", is_flag=True)
@handle_errors()
def threshold_command(
    path: Path,
    text_col: str,
    label_col: str | None,
    delimiter: str,
    max_flagged: float,
    out: Path | None,
    per_language: bool,
    as_json: bool,
) -> None:
    """Fit the fraud threshold to your own normal traffic (no fraud labels needed)."""
    from datetime import UTC, datetime
    from importlib import resources

    from fanzha.text.calibrate import calibrated_policy, threshold_for
    from fanzha.text.evaluate import read_labeled_csv

    rows, skipped = read_labeled_csv(
        path, text_col=text_col, label_col=label_col, delimiter=_separator(delimiter)
    )
    texts = [row.text for row in rows if not row.is_fraud]
    analyzer = configured_analyzer()
    policy = analyzer.policy
    results = analyzer.analyze_many(texts) if texts else []
    scores = [result.score for result in results]
    threshold = threshold_for(scores, max_flagged)
    by_lang: dict[str, list[float]] = {}
    for result in results:
        by_lang.setdefault(result.lang, []).append(result.score)

    def share(values: list[float], cut: float) -> float:
        return round(sum(value >= cut for value in values) / len(values), 4)

    languages: dict[str, dict[str, float | int]] = {}
    fitted: dict[str, float] = {}
    for lang, values in sorted(by_lang.items()):
        entry: dict[str, float | int] = {
            "normal_messages": len(values),
            "flagged_share_at_current_threshold": share(values, policy.threshold_for(lang)),
        }
        if per_language and len(values) >= MIN_NORMAL_PER_LANG:
            fitted[lang] = threshold_for(values, max_flagged)
            entry["threshold"] = fitted[lang]
            entry["flagged_share"] = share(values, fitted[lang])
        languages[lang] = entry
    flagged_now = sum(r.score >= policy.threshold_for(r.lang) for r in results)
    report: dict[str, object] = {
        "normal_messages": len(texts),
        "skipped_empty": skipped,
        "threshold": threshold,
        "flagged_share": share(scores, threshold),
        "flagged_share_at_current_threshold": round(flagged_now / len(results), 4),
        "current_threshold": policy.fraud_threshold,
        "by_lang": languages,
        "model_version": analyzer.model.version,
    }
    if out is not None:
        base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")
        note = "calibrated-" + datetime.now(UTC).strftime("%Y%m%d")
        out.write_text(calibrated_policy(base, threshold, note, fitted), encoding="utf-8")
        report["policy"] = str(out)
    if as_json:
        emit(report)
        return
    click.echo(
        f"threshold {threshold:.6g} flags {report['flagged_share']:.2%} of {len(texts)} normal "
        f"messages (the current policy flags {report['flagged_share_at_current_threshold']:.2%})"
    )
    for lang, entry in languages.items():
        line = f"  {lang}: {entry['normal_messages']} messages"
        if "threshold" in entry:
            line += f", threshold {entry['threshold']:.6g} flags {entry['flagged_share']:.2%}"
        elif per_language:
            line += f" (too few for a threshold of its own; at least {MIN_NORMAL_PER_LANG})"
        click.echo(line)
    if out is not None:
        click.echo(f"wrote {out}; use it with FANZHA_TEXT_POLICY_FILE={out}")


def register(main: click.Group) -> None:
    main.add_command(text_group)
