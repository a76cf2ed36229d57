"""Detection quality on simulated scenarios the model never saw, and beyond its training range.

    .venv/bin/python benchmarks/cdr_heldout.py [--skip-extrapolation] [--json PATH]

Part 1 evaluates the bundled model (with the bundled policy: model and rules
combined) on ``HELD_OUT_SCENARIOS`` plus a few stress scenarios: other seeds,
stealth values never used in training, other population mixes, other lengths,
sizes, on-net shares and fraud mixes. Reported per role: PR-AUC of the combined
score, of the model alone and of the rules alone, and precision at k.

Part 2 is an extrapolation study: a model trained only on stealth 0 to 0.45
(otherwise as the shipped one) is evaluated on dens stealthier than anything it
saw (0.6 to 1.0). It shows how the detector degrades outside its training range.

Target (issue 5): PR-AUC >= 0.95 per fraud role on held-out scenarios.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fanzha.cdr.model import (
    BUSY_MIX,
    HELD_OUT_SCENARIOS,
    TRAINING_SCENARIOS,
    load_model,
    train_model,
)
from fanzha.cdr.runner import held_out_report
from fanzha.cdr.simulate import ScenarioConfig

RESULTS = Path(__file__).resolve().parent / "results"
FRAUD_ROLES = ("fraud_sim", "simbox", "abused_enterprise_line")

STRESS: dict[str, ScenarioConfig] = {
    "lines_heavy_0.8": ScenarioConfig(
        seed=9101,
        subscribers=20_000,
        days=14,
        stealth=0.8,
        fraud_share=0.008,
        fraud_mix={"fraud_sim": 0.2, "simbox": 0.2, "abused_enterprise_line": 0.6},
        mix=BUSY_MIX,
    ),
    "short_7d_0.5": ScenarioConfig(
        seed=9102, subscribers=25_000, days=7, stealth=0.5, onnet_share=0.6
    ),
    "rare_fraud_0.7": ScenarioConfig(
        seed=9103, subscribers=40_000, days=14, stealth=0.7, fraud_share=0.002
    ),
}


def table(reports: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| scenario | role | n | PR-AUC | model only | rules only | P@50 | P@n |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, report in reports.items():
        for role, m in report["per_role"].items():
            lines.append(
                f"| {name} | {role} | {m['positives']} | {_f(m['pr_auc'])} | "
                f"{_f(m.get('pr_auc_model_only'))} | {_f(m.get('pr_auc_rules_only'))} | "
                f"{_f(m.get('precision_at_50'))} | {_f(m['precision_at_positives'])} |"
            )
        d = report["disposal"]
        lines.append(
            f"| {name} | disposal (score >= 0.9) | {d['candidates']} | precision {_f(d['precision'])} "
            f"| recall {_f(d['recall'])} | | | |"
        )
    return "\n".join(lines)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-extrapolation", action="store_true")
    parser.add_argument("--json", type=Path, default=RESULTS / "cdr_heldout.json")
    parser.add_argument("--no-json", action="store_true")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    started = time.perf_counter()

    model = load_model()
    scenarios = {**HELD_OUT_SCENARIOS, **STRESS}
    held = held_out_report(scenarios, model=model)
    print("## Held out: bundled model", model.version)
    print(table(held))
    worst = min(held[s]["per_role"][r]["pr_auc"] for s in held for r in FRAUD_ROLES)
    print(f"\nlowest fraud-role PR-AUC: {worst:.3f} (target 0.95)")

    extrapolation: dict[str, Any] = {}
    if not args.skip_extrapolation:
        low = tuple(
            replace(c, stealth=s)
            for c, s in zip(TRAINING_SCENARIOS[:4], (0.0, 0.15, 0.3, 0.45), strict=True)
        )
        narrow = train_model(low)
        probes = {
            f"stealth_{s}": ScenarioConfig(seed=9200 + i, subscribers=20_000, days=14, stealth=s)
            for i, s in enumerate((0.3, 0.6, 0.75, 0.9, 1.0))
        }
        extrapolation = held_out_report(probes, model=narrow)
        print("\n## Extrapolation: model trained on stealth 0 to 0.45 only")
        print(table(extrapolation))

    report = {
        "benchmark": "cdr_heldout",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "model_version": model.version,
        "load_average_start_end": [load_start[0], os.getloadavg()[0]],
        "seconds": round(time.perf_counter() - started, 1),
        "held_out": held,
        "extrapolation": extrapolation,
    }
    if not args.no_json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
