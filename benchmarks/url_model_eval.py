"""Link-risk model quality on a domain split, per source, and scoring throughput.

    .venv/bin/python benchmarks/url_model_eval.py [--data /work/shared/data] [--retrain]
        [--throughput N] [--json PATH]

Quality: the links of the training sources (fanzha.text.urls.train.SOURCES) are split
BY REGISTERED DOMAIN with the seed and shares the model was trained with, so the
test links here are exactly the ones the bundled model never saw (no test domain
was in training). Reported for the model alone and for the final score (model +
rules + official-domain cap, data/policy.toml): ROC-AUC, and precision / recall /
false-positive rate at the policy's threshold; then per source. Sources that may not
train a shipped model (no redistribution licence) are evaluated whole, and again
on the domains the model never saw.

--retrain trains a fresh model on the same data first (about a minute) and
evaluates that one instead: what `python -m fanzha.text.urls.train` would ship.

Throughput: ``UrlScorer.score`` on N distinct links (default 20,000) against
``urllib.parse.urlsplit`` on the very same links in the same process (the least any
link handling does), reported as links/s and the ratio.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from fanzha.text.urls import UrlScorer, analyze_url, load_model
from fanzha.text.urls.model import MODEL_RESOURCE, model_from_json
from fanzha.text.urls.score import model_probability
from fanzha.text.urls.train import (
    DEFAULT_DATA,
    SOURCES,
    TRAIN_PARAMS,
    build_dataset,
    domain_split,
    registered_domain,
    train_url_model,
)


def _metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    predicted = scores >= threshold
    positive = labels == 1
    tp = int(np.sum(predicted & positive))
    fp = int(np.sum(predicted & ~positive))
    fn = int(np.sum(~predicted & positive))
    tn = int(np.sum(~predicted & ~positive))
    both = 0 < int(positive.sum()) < len(labels)
    return {
        "n": len(labels),
        "phishing": int(positive.sum()),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4) if both else None,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "fpr": round(fp / (fp + tn), 4) if fp + tn else None,
        "mean_score": round(float(scores.mean()), 4) if len(scores) else None,
    }


def _fmt(m: dict[str, Any]) -> str:
    def f(key: str) -> str:
        value = m.get(key)
        return "   -  " if value is None else f"{value:6.4f}"

    return (
        f"n={m['n']:6d} phish={m['phishing']:6d}  AUC {f('roc_auc')}  "
        f"P {f('precision')}  R {f('recall')}  FPR {f('fpr')}  mean {f('mean_score')}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--retrain", action="store_true")
    parser.add_argument("--throughput", type=int, default=20_000)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    started = time.perf_counter()
    bundled_text = (
        Path(__file__).parents[1] / "src" / "fanzha" / "text" / "urls" / MODEL_RESOURCE
    ).read_text("utf-8")
    load_started = time.perf_counter()
    model_from_json(bundled_text)
    load_ms = (time.perf_counter() - load_started) * 1000
    model = load_model()
    seed = int(model.meta.get("seed", 7))
    params = {**TRAIN_PARAMS, **dict(model.meta.get("params", {}))}
    rows = build_dataset(args.data, seed, trainable_only=False)
    if not rows:
        print(f"no data under {args.data}", file=sys.stderr)
        return 1
    trainable = {s.name for s in SOURCES if s.trainable}
    if args.retrain:
        train_rows = [(r.url, r.is_phishing) for r in rows if r.source in trainable]
        model, _ = train_url_model(train_rows, seed, params=params)
    print(
        f"model {model.version} (seed {seed}, {len(model.token_weights)} tokens), "
        f"{'retrained now' if args.retrain else 'bundled'}; JSON load {load_ms:.0f} ms; "
        f"data {time.perf_counter() - started:.0f}s"
    )
    scorer = UrlScorer(model=model)
    threshold = scorer.policy.threshold

    side: dict[str, str] = {}
    train_domains: set[str] = set()
    per_source: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    unseen: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    test_rows: list[tuple[int, float, float]] = []
    for row in rows:
        if row.source not in trainable:
            continue
        domain = registered_domain(row.url)
        side[row.url] = domain_split(
            domain, seed, float(params["test_share"]), float(params["calibration_share"])
        )
        if side[row.url] != "test":
            train_domains.add(domain)
    for row in rows:
        if row.source in trainable and side.get(row.url) != "test":
            continue
        analysis = analyze_url(row.url, scorer.policy, scorer.lists, scorer.brands)
        p = model_probability(analysis, model, scorer.lists)
        final = scorer.combine(analysis, p).score
        item = (int(row.is_phishing), p, final)
        per_source[row.source].append(item)
        if row.source in trainable:
            test_rows.append(item)
        elif analysis.parsed is None or analysis.parsed.registered_domain not in train_domains:
            unseen[row.source].append(item)

    report: dict[str, Any] = {"threshold": threshold, "model_version": model.version}

    def block(items: list[tuple[int, float, float]]) -> dict[str, Any]:
        labels = np.asarray([i[0] for i in items])
        return {
            "model": _metrics(labels, np.asarray([i[1] for i in items]), threshold),
            "final": _metrics(labels, np.asarray([i[2] for i in items]), threshold),
        }

    print(f"\nDomain-split test set (training sources, threshold {threshold}):")
    report["test"] = block(test_rows)
    print(f"  model alone    {_fmt(report['test']['model'])}")
    print(f"  model + rules  {_fmt(report['test']['final'])}")

    phishing_test = [i for i in test_rows if i[0] == 1]
    print("\nPer source (test domains only for training sources; AUC against the other class):")
    report["sources"] = {}
    for source in SOURCES:
        items = per_source.get(source.name, [])
        if not items:
            continue
        benign_side = source.label is False
        others = phishing_test if benign_side else [i for i in test_rows if i[0] == 0]
        result = {"trainable": source.trainable, "licence": source.licence}
        result.update(block(items + others))
        result["alone"] = block(items)
        if not source.trainable:
            result["unseen_domains"] = block(unseen[source.name] + others)
            result["unseen_alone"] = block(unseen[source.name])
        report["sources"][source.name] = result
        tag = "train" if source.trainable else "eval-only"
        alone = result["alone"]["final"]
        rate = f"recall {alone['recall']}" if not benign_side else f"FPR {alone['fpr']}"
        print(
            f"  {source.name:20s} [{tag:9s}] n={len(items):6d}  final {rate:14s} "
            f"model-AUC {result['model']['roc_auc']}  final-AUC {result['final']['roc_auc']}"
        )
        if not source.trainable:
            un = result["unseen_alone"]["final"]
            print(
                f"  {'':20s}  unseen domains n={un['n']:6d}  final FPR {un['fpr']}  "
                f"final-AUC {result['unseen_domains']['final']['roc_auc']}"
            )

    links = list(dict.fromkeys(r.url for r in rows))[: args.throughput]
    for link in links[:200]:  # warm caches and the lazy loads
        scorer.score(link)
    t0 = time.perf_counter()
    for link in links:
        urlsplit(link)
    reference = time.perf_counter() - t0
    t0 = time.perf_counter()
    for link in links:
        scorer.score(link)
    scoring = time.perf_counter() - t0
    report["throughput"] = {
        "links": len(links),
        "score_per_s": round(len(links) / scoring),
        "urlsplit_per_s": round(len(links) / reference),
        "ratio": round(reference / scoring, 4),
        "python": platform.python_version(),
    }
    report["model_load_ms"] = round(load_ms, 1)
    tp = report["throughput"]
    print(
        f"\nThroughput on {tp['links']} distinct links, one core: score_url {tp['score_per_s']:,}/s; "
        f"reference urllib.parse.urlsplit {tp['urlsplit_per_s']:,}/s "
        f"(score_url runs at {tp['ratio']:.4f} x the reference)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
