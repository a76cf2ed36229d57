"""Detection end to end: checked data set -> features (DuckDB or Spark) -> rules + model.

``detect`` returns one row per subscriber line: its ``score`` (how sure we are
that the line is used for fraud), its ``role``, the score of every role, whether
it is a card-disposal candidate, and the findings behind all of it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.dataset import Dataset, load_dataset
from fanzha.cdr.features import (
    FeatureParams,
    Pairs,
    call_pairs,
    features,
    prepare_calls,
    prepare_sms,
    window,
)
from fanzha.cdr.model import CdrModel, load_model
from fanzha.cdr.policy import CdrPolicy, load_policy
from fanzha.cdr.rules import CDR_RULES
from fanzha.cdr.schema import FRAUD_ROLES, ROLES, Role
from fanzha.core import Finding, InvalidInputError, mask_number

SCORED_ROLES: tuple[Role, ...] = (*FRAUD_ROLES, Role.VICTIM)
OUTPUT_COLUMNS: tuple[str, ...] = (
    "msisdn",
    "score",
    "role",
    "role_score",
    "disposal",
    *(f"score_{r.value}" for r in SCORED_ROLES),
    "findings",
)


def compute_features(
    data: Dataset,
    *,
    engine: str = "duckdb",
    params: FeatureParams | None = None,
    session: Any = None,
    memory_limit: str | None = "2GB",
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Run the feature expressions on ``engine``; also returns counts and timings."""
    from fanzha.cdr.engines import collect, connect

    p = params or FeatureParams()
    started = time.perf_counter()
    con = connect(engine, session=session, memory_limit=memory_limit)
    cached: list[Any] = []
    try:

        def read(table: str) -> Any:
            if engine == "spark":
                return con.read_parquet(data.location(table))
            return con.read_parquet(data.files(table))

        subs, cdr, sms = read("subscribers"), read("cdr"), read("sms")
        calls = prepare_calls(cdr.distinct(), p).cache()
        win = window(calls, lambda expr: collect(con, expr))
        texts = prepare_sms(sms.distinct()).cache()
        pairs = call_pairs(calls)
        pairs = Pairs(pairs.out_pairs.cache(), pairs.in_pairs.cache())
        cached += [calls, texts, pairs.out_pairs, pairs.in_pairs]
        kept_calls = int(collect(con, calls.aggregate(n=calls.count())).column("n")[0].as_py())
        kept_sms = int(collect(con, texts.aggregate(n=texts.count())).column("n")[0].as_py())
        frame = collect(con, features(subs.distinct(), calls, texts, win, p, pairs)).to_pandas()
    finally:
        for table in cached:
            table.release()
        if engine == "duckdb":
            con.disconnect()
    stats: dict[str, Any] = {
        "engine": engine,
        "cdr_rows": data.rows.get("cdr", 0),
        "sms_rows": data.rows.get("sms", 0),
        "subscribers": len(frame),
        "window": {"start_s": win.start_s, "end_s": win.end_s},
        "features_seconds": round(time.perf_counter() - started, 3),
    }
    dropped_counts = {
        "cdr": data.rows.get("cdr", 0) - kept_calls,
        "sms": data.rows.get("sms", 0) - kept_sms,
    }
    stats["duplicates_dropped"] = dropped_counts
    for table, dropped in dropped_counts.items():
        if dropped:
            data.cleaning.append(f"{table}: {dropped} exact duplicate records dropped")
    return frame.reset_index(drop=True), stats


@dataclass(slots=True)
class Detection:
    """Scores, roles and findings for every line, plus how they were made."""

    frame: pd.DataFrame  # OUTPUT_COLUMNS, findings as JSON text
    findings: dict[str, list[Finding]]
    model_scores: pd.DataFrame  # per-role model probabilities (for evaluation)
    rule_scores: pd.DataFrame  # per-role noisy-OR of rule findings (for evaluation)
    stats: dict[str, Any] = field(default_factory=dict)

    def disposal_candidates(self, *, mask: bool = False) -> list[dict[str, Any]]:
        """Lines for the card-disposal workflow, highest score first, with their evidence."""
        rows = self.frame[self.frame["disposal"]].sort_values("score", ascending=False)
        out = []
        for row in rows.itertuples(index=False):
            number = str(row.msisdn)
            out.append(
                {
                    "msisdn": mask_number(number) if mask else number,
                    "score": round(float(row.score), 4),
                    "role": str(row.role),
                    "findings": [f.to_dict() for f in self.findings.get(number, [])],
                }
            )
        return out

    def write(self, path: str | Path, *, mask: bool = False) -> Path:
        """Write the results: ``.parquet``, ``.csv`` or ``.jsonl`` by the file's suffix."""
        target = Path(path)
        frame = self.frame.copy()
        if mask:
            frame["msisdn"] = frame["msisdn"].map(mask_number)
        target.parent.mkdir(parents=True, exist_ok=True)
        suffix = target.suffix.lower()
        if suffix == ".parquet":
            frame.to_parquet(target, index=False)
        elif suffix == ".csv":
            frame.to_csv(target, index=False)
        elif suffix in {".jsonl", ".json"}:
            with target.open("w", encoding="utf-8") as handle:
                for record in frame.to_dict(orient="records"):
                    record["findings"] = json.loads(record["findings"])
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            raise InvalidInputError(
                f"output {target.name}: use a .parquet, .csv or .jsonl file",
                code="CDR.OUTPUT_FORMAT",
                details={"path": str(target)},
            )
        return target


def score_features(
    frame: pd.DataFrame, policy: CdrPolicy | None = None, model: CdrModel | None = None
) -> Detection:
    """Rules and model over a feature table; combine them into scores and roles."""
    pol = policy or load_policy()
    mdl = model or load_model()
    n = len(frame)
    started = time.perf_counter()
    probs = mdl.predict(frame)
    model_roles = mdl.roles
    model_scores = pd.DataFrame(
        {r.value: probs[:, model_roles.index(r)] if n else np.zeros(0) for r in SCORED_ROLES}
    )

    # Rules: noisy-OR of the hits pointing to each role, and findings per line.
    remaining = {r: np.ones(n) for r in SCORED_ROLES}
    rule_findings: dict[int, list[Finding]] = {}
    for rule in CDR_RULES:
        params = pol.rule(rule.name)
        if params.get("enabled", True) is False:
            continue
        hits = np.flatnonzero(rule.mask(frame, params)) if n else np.zeros(0, dtype=np.int64)
        if not len(hits):
            continue
        remaining[rule.role][hits] *= 1.0 - rule.score(params)
        for i, finding in zip(hits.tolist(), rule.findings(frame, hits, params), strict=True):
            rule_findings.setdefault(i, []).append(finding)
    rule_scores = pd.DataFrame({r.value: 1.0 - remaining[r] for r in SCORED_ROLES})

    combined = {
        r: 1.0
        - (1.0 - model_scores[r.value].to_numpy())
        * (1.0 - pol.rule_weight * rule_scores[r.value].to_numpy())
        for r in SCORED_ROLES
    }
    stacked = np.column_stack([combined[r] for r in SCORED_ROLES]) if n else np.zeros((0, 4))
    fraud_idx = [SCORED_ROLES.index(r) for r in FRAUD_ROLES]
    score = stacked[:, fraud_idx].max(axis=1) if n else np.zeros(0)
    best = stacked.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
    best_score = stacked.max(axis=1) if n else np.zeros(0)
    role = np.where(
        best_score >= pol.role_min,
        np.array([r.value for r in SCORED_ROLES], dtype=object)[best],
        Role.NORMAL.value,
    )
    disposal_roles = {r.value for r in pol.disposal_roles}
    disposal = (score >= pol.disposal_threshold) & np.isin(role, list(disposal_roles))

    # Model findings (with SHAP evidence) for the lines worth a look.
    explain_rows = (
        np.flatnonzero(best_score >= pol.findings_min) if n else np.zeros(0, dtype=np.int64)
    )
    model_class = np.array(
        [model_roles.index(SCORED_ROLES[k]) for k in best[explain_rows]], dtype=np.int64
    )
    explanations = mdl.explain(frame.iloc[explain_rows], model_class, top=pol.explain_top)
    msisdn = frame["msisdn"].astype(str).to_numpy()
    findings: dict[str, list[Finding]] = {}
    for i, why in zip(explain_rows.tolist(), explanations, strict=True):
        r = SCORED_ROLES[int(best[i])]
        p_model = float(model_scores[r.value].iloc[i])
        findings.setdefault(msisdn[i], []).append(_model_finding(mdl, r, p_model, why))
    for i, items in rule_findings.items():
        findings.setdefault(msisdn[i], []).extend(items)
    texts = np.full(n, "[]", dtype=object)
    for number_index, number in enumerate(msisdn):
        found = findings.get(number)
        if found:
            texts[number_index] = json.dumps([f.to_dict() for f in found], ensure_ascii=False)

    out = pd.DataFrame(
        {
            "msisdn": msisdn,
            "score": np.round(score, 6),
            "role": role.astype(str),
            "role_score": np.round(best_score, 6),
            "disposal": disposal,
            **{f"score_{r.value}": np.round(combined[r], 6) for r in SCORED_ROLES},
            "findings": texts,
        }
    )
    stats = {
        "policy_version": pol.version,
        "model_version": mdl.version,
        "scoring_seconds": round(time.perf_counter() - started, 3),
        "roles": {str(k): int(v) for k, v in out["role"].value_counts().items()},
        "disposal_candidates": int(disposal.sum()),
    }
    return Detection(out, findings, model_scores, rule_scores, stats)


_ROLE_TEXT: dict[Role, tuple[str, str]] = {
    Role.FRAUD_SIM: ("a SIM card used by a fraud den", "诈骗窝点使用的手机卡"),
    Role.SIMBOX: (
        "a SIM in a SIM box (GoIP) relaying overseas calls",
        "猫池(GoIP)中转境外来电的卡",
    ),
    Role.ABUSED_ENTERPRISE_LINE: (
        "an enterprise or cloud-voice line used by an overseas den",
        "被境外窝点使用的企业/云语音号码",
    ),
    Role.VICTIM: ("a possible victim of a scam call", "疑似诈骗受害人"),
}


def _model_finding(model: CdrModel, role: Role, p: float, why: list[dict[str, Any]]) -> Finding:
    en, zh = _ROLE_TEXT[role]
    names = ", ".join(item["feature"] for item in why[:3]) or "its traffic profile"
    return Finding(
        detector="cdr.model",
        version=model.version,
        score=round(p, 4),
        code=f"CDR.MODEL.{role.value.upper()}",
        reason=f"The model rates this line as {en} (probability {p:.2f}), mostly because of {names}.",
        evidence={"probability": round(p, 4), "top_features": why},
        reason_zh=f"模型判断该号码为{zh}(概率 {p:.2f}),主要依据:{names}。",
    )


def detect(
    input_dir: str | Path,
    *,
    engine: str = "duckdb",
    policy: CdrPolicy | str | None = None,
    model: CdrModel | str | None = None,
    session: Any = None,
    data: Dataset | None = None,
) -> Detection:
    """Check the data set in ``input_dir``, compute features on ``engine``, score every line."""
    pol = policy if isinstance(policy, CdrPolicy) else load_policy(policy or None)
    mdl = model if isinstance(model, CdrModel) else load_model(model or None)
    started = time.perf_counter()
    own = data is None
    dataset = data or load_dataset(input_dir)
    load_seconds = time.perf_counter() - started
    try:
        frame, stats = compute_features(
            dataset, engine=engine, params=pol.features, session=session
        )
        detection = score_features(frame, pol, mdl)
    finally:
        if own:
            dataset.close()
    detection.stats = {
        **stats,
        **detection.stats,
        "load_seconds": round(load_seconds, 3),
        "total_seconds": round(time.perf_counter() - started, 3),
        "cleaning": list(dataset.cleaning),
    }
    return detection


__all__ = [
    "OUTPUT_COLUMNS",
    "ROLES",
    "SCORED_ROLES",
    "Detection",
    "compute_features",
    "detect",
    "score_features",
]
