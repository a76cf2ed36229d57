"""Training the lexical link model, and the data it is trained on.

    python -m fanzha.text.urls.train [--data /work/shared/data] [--seed 7] [--out PATH]

``train_url_model(urls, seed)`` splits the links BY REGISTERED DOMAIN (no domain on
both sides) into train / calibration / test, builds the vocabulary from the train
part (a token must occur under ``min_domains`` different registered domains, so the
model cannot memorise single sites), fits a scikit-learn logistic regression, fits
Platt calibration on the calibration part and measures the test part. The model it
returns is the one fitted on the train part, so the test metrics describe it.

``build_dataset`` reads the public sets under the data folder (each with a
SOURCE.txt) and adds synthetic links (fanzha.text.urls.synth). Only sources marked
``trainable`` (licence allows redistribution, or synthetic) train the shipped
model; the others are for evaluation only (benchmarks/url_model_eval.py).
docs/model-card-urls.md is the model card.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fanzha.text.urls.brands import load_brands
from fanzha.text.urls.features import NUMERIC_FEATURES, numeric, tokens
from fanzha.text.urls.knowledge import host_matches, load_lists, load_policy
from fanzha.text.urls.model import MODEL_FORMAT, UrlModel
from fanzha.text.urls.parse import try_parse_url
from fanzha.text.urls.score import UrlAnalysis, UrlScorer, analyze_url
from fanzha.text.urls.synth import benign_links, lookalike_links, official_links

DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_SEED = 7
TRAIN_PARAMS: dict[str, Any] = {
    "C": 0.5,
    "min_domains": 3,
    "max_tokens": 60_000,
    "test_share": 0.2,
    "calibration_share": 0.15,
    "min_weight": 1e-4,
    # Path tokens enter the fit scaled by this (a stronger penalty on their weights):
    # benign paths are partly synthetic, so the model should lean on the host.
    "path_scale": 0.25,
}
PATH_PREFIXES = ("p:", "pw:", "ext:", "qk:", "path:")


@dataclass(frozen=True, slots=True)
class LabeledUrl:
    url: str
    is_phishing: bool
    source: str


def domain_split(domain: str, seed: int, test_share: float, calibration_share: float) -> str:
    """ "train", "calibration" or "test" for a registered domain: a hash of the seed and
    the domain, so every link of a domain lands on the same side whatever the order."""
    digest = hashlib.blake2b(f"{seed}:{domain}".encode(), digest_size=8).digest()
    x = int.from_bytes(digest, "big") / 2**64
    if x < test_share:
        return "test"
    if x < test_share + calibration_share:
        return "calibration"
    return "train"


def registered_domain(url: str) -> str:
    parsed = try_parse_url(url)
    return parsed.registered_domain if parsed is not None else ""


@dataclass(slots=True)
class _Rows:
    analyses: list[UrlAnalysis]
    labels: npt.NDArray[np.int8]
    domains: list[str]
    tokens: list[set[str]]
    numeric: npt.NDArray[np.float64]


def _featurize(urls: Sequence[tuple[str, bool]]) -> tuple[_Rows, int]:
    policy, lists, brands = load_policy(), load_lists(), load_brands()
    analyses, labels, domains, token_sets, dense = [], [], [], [], []
    dropped = 0
    for url, label in urls:
        analysis = analyze_url(url, policy, lists, brands)
        parsed = analysis.parsed
        if parsed is None:
            dropped += 1
            continue
        analyses.append(analysis)
        labels.append(1 if label else 0)
        domains.append(parsed.registered_domain)
        token_sets.append(tokens(parsed, lists))
        dense.append(numeric(parsed, lists, analysis.codes))
    rows = _Rows(
        analyses,
        np.asarray(labels, dtype=np.int8),
        domains,
        token_sets,
        np.asarray(dense, dtype=np.float64).reshape(len(dense), len(NUMERIC_FEATURES)),
    )
    return rows, dropped


def _vocabulary(
    token_sets: Iterable[set[str]], domains: Iterable[str], params: dict[str, Any]
) -> list[str]:
    seen: dict[str, set[str]] = defaultdict(set)
    for token_set, domain in zip(token_sets, domains, strict=True):
        for token in token_set:
            seen[token].add(domain)
    min_domains = int(params["min_domains"])
    kept = [(len(d), t) for t, d in seen.items() if len(d) >= min_domains]
    kept.sort(key=lambda x: (-x[0], x[1]))
    return sorted(t for _, t in kept[: int(params["max_tokens"])])


def _matrix(
    rows: _Rows,
    index: npt.NDArray[np.intp],
    vocab: dict[str, int],
    scales: npt.NDArray[np.float64],
    mean: Any,
    scale: Any,
) -> Any:
    from scipy import sparse

    indptr = [0]
    indices: list[int] = []
    for i in index.tolist():
        cols = sorted(vocab[t] for t in rows.tokens[i] if t in vocab)
        indices += cols
        indptr.append(len(indices))
    data = scales[np.asarray(indices, dtype=np.intp)] if indices else np.ones(0)
    tok = sparse.csr_matrix((data, indices, indptr), shape=(len(index), len(vocab)))
    dense = (rows.numeric[index] - mean) / scale
    return sparse.hstack([tok, sparse.csr_matrix(dense)], format="csr")


def _metrics(
    labels: npt.NDArray[Any], scores: npt.NDArray[Any], threshold: float
) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    predicted = scores >= threshold
    positives = labels == 1
    tp = int(np.sum(predicted & positives))
    fp = int(np.sum(predicted & ~positives))
    fn = int(np.sum(~predicted & positives))
    tn = int(np.sum(~predicted & ~positives))
    both = 0 < int(positives.sum()) < len(labels)
    return {
        "n": len(labels),
        "positives": int(positives.sum()),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4) if both else None,
        "threshold": threshold,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "false_positive_rate": round(fp / (fp + tn), 4) if fp + tn else None,
    }


def train_url_model(
    urls: list[tuple[str, bool]],
    seed: int,
    *,
    params: dict[str, Any] | None = None,
    version: str = "dev",
    progress: Callable[[str], None] | None = None,
) -> tuple[UrlModel, dict[str, Any]]:
    """Train on ``urls`` ((link, is_phishing) pairs) with a domain split; return the
    model and its metrics on the held-out test domains. Deterministic for given
    inputs, seed and params."""
    from sklearn.linear_model import LogisticRegression

    settings = {**TRAIN_PARAMS, **(params or {})}
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    rows, dropped = _featurize(urls)
    say(f"features of {len(rows.labels)} links in {time.perf_counter() - started:.1f}s")
    sides = np.asarray(
        [
            domain_split(d, seed, settings["test_share"], settings["calibration_share"])
            for d in rows.domains
        ]
    )
    train = np.flatnonzero(sides == "train")
    calibration = np.flatnonzero(sides == "calibration")
    test = np.flatnonzero(sides == "test")
    for name, index in (("train", train), ("calibration", calibration)):
        if len(set(rows.labels[index].tolist())) < 2:
            raise ValueError(f"the {name} split needs links of both classes")
    vocabulary = _vocabulary(
        (rows.tokens[i] for i in train), (rows.domains[i] for i in train), settings
    )
    vocab = {t: i for i, t in enumerate(vocabulary)}
    path_scale = float(settings["path_scale"])
    scales = np.asarray([path_scale if t.startswith(PATH_PREFIXES) else 1.0 for t in vocabulary])
    mean = rows.numeric[train].mean(axis=0)
    scale = rows.numeric[train].std(axis=0)
    scale[scale < 1e-9] = 1.0
    started = time.perf_counter()
    classifier = LogisticRegression(
        C=float(settings["C"]),
        solver="liblinear",
        class_weight="balanced",
        max_iter=1000,
        random_state=seed,
    )
    classifier.fit(_matrix(rows, train, vocab, scales, mean, scale), rows.labels[train])
    say(
        f"fitted {len(vocabulary)} tokens on {len(train)} links in {time.perf_counter() - started:.1f}s"
    )
    weights = classifier.coef_[0].copy()
    weights[: len(vocab)] *= scales  # the weight of a token that is present (value 1)
    min_weight = float(settings["min_weight"])
    token_weights = {
        t: round(float(w), 5)
        for t, w in zip(vocabulary, weights[: len(vocab)], strict=True)
        if abs(w) >= min_weight
    }
    model = UrlModel(
        token_weights=token_weights,
        numeric_mean=tuple(round(float(x), 6) for x in mean),
        numeric_scale=tuple(round(float(x), 6) for x in scale),
        numeric_weights=tuple(round(float(x), 6) for x in weights[len(vocab) :]),
        intercept=round(float(classifier.intercept_[0]), 6),
    )
    lists = load_lists()

    def decisions(index: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        return np.asarray(
            [model.decision(rows.tokens[i], rows.numeric[i].tolist()) for i in index.tolist()]
        )

    platt = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    platt.fit(decisions(calibration).reshape(-1, 1), rows.labels[calibration])
    model.calibration = (round(float(platt.coef_[0][0]), 6), round(float(platt.intercept_[0]), 6))
    policy = load_policy()
    scorer = UrlScorer(model=model, policy=policy, lists=lists, brands=load_brands())
    metrics: dict[str, Any] = {
        "links": len(urls),
        "unparseable_dropped": dropped,
        "split": {
            side: {
                "links": len(index),
                "phishing": int(rows.labels[index].sum()),
                "domains": len({rows.domains[i] for i in index.tolist()}),
            }
            for side, index in (("train", train), ("calibration", calibration), ("test", test))
        },
        "vocabulary": len(vocabulary),
        "nonzero_tokens": len(token_weights),
    }
    if len(test):
        probabilities = np.asarray(
            [model.probability(rows.tokens[i], rows.numeric[i].tolist()) for i in test.tolist()]
        )
        combined = np.asarray(
            [
                scorer.combine(rows.analyses[i], float(p)).score
                for i, p in zip(test.tolist(), probabilities.tolist(), strict=True)
            ]
        )
        metrics["test_model"] = _metrics(rows.labels[test], probabilities, policy.threshold)
        metrics["test_combined"] = _metrics(rows.labels[test], combined, policy.threshold)
    model.meta = {
        "version": version,
        "format": MODEL_FORMAT,
        "seed": seed,
        "params": settings,
        "numeric_features": len(NUMERIC_FEATURES),
        "split": metrics["split"],
        "metrics": {k: v for k, v in metrics.items() if k.startswith("test_")},
        "policy_version": policy.version,
        "lists_version": lists.version,
        "brands_version": load_brands().version,
    }
    return model, metrics


def save_url_model(model: UrlModel, path: str | Path) -> Path:
    """Write ``model`` as JSON (``load_model(path)`` reads it back)."""
    return model.save(path)


# --- Data -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UrlSource:
    """A data source: ``trainable`` only when its licence allows redistribution (or it
    is synthetic); ``folder`` under the data directory, empty for synthetic ones."""

    name: str
    folder: str
    licence: str
    trainable: bool
    label: bool | None  # None: both classes


SOURCES: tuple[UrlSource, ...] = (
    UrlSource("phishing-database", "urls-phishing-database", "MIT", True, True),
    UrlSource("majestic-top15k", "urls-majestic-top15k", "CC BY 3.0, paths added", True, False),
    UrlSource("local-docs", "urls-local-docs", "free-software docs", True, False),
    UrlSource("synthetic-lookalike", "", "synthetic (fanzha)", True, True),
    UrlSource("synthetic-official", "", "synthetic (fanzha)", True, False),
    UrlSource("umbrella-top100k", "urls-umbrella-top100k", "none stated", False, False),
    UrlSource("iscx-benign", "urls-iscx-benign", "not verified", False, False),
)

PHISHING_PER_DOMAIN = 30
BENIGN_PER_HOST = 3
# Chinese sites are few in the benign lists (261 of Majestic's top 15,000 end in .cn)
# but are most of what this model meets: each gets more links, so that ".cn" alone
# does not read as phishing.
BENIGN_PER_CN_HOST = 12
SYNTHETIC_LOOKALIKE = 12_000
SYNTHETIC_OFFICIAL = 4_000
SCHEMELESS_SHARE = 0.25
GRAFTED_PATH_SHARE = 0.5
PHISHING_PATH_SHARE = 0.3


def _read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8", errors="replace").splitlines()]


def _drop_schemes(urls: list[str], rng: random.Random) -> list[str]:
    """Write a share of links without their scheme, as SMS senders do."""
    out = []
    for url in urls:
        if rng.random() < SCHEMELESS_SHARE and "://" in url[:10]:
            url = url.split("://", 1)[1]
        out.append(url)
    return out


def _phishing_database(folder: Path, seed: int) -> list[str]:
    seen: set[str] = set()
    per_domain: Counter[str] = Counter()
    out = []
    for name in ("phishing-links-ACTIVE.txt", "phishing-links-INACTIVE.txt"):
        for url in _read_lines(folder / name):
            if not url or url.startswith("#") or url in seen:
                continue
            seen.add(url)
            domain = registered_domain(url)
            if not domain or per_domain[domain] >= PHISHING_PER_DOMAIN:
                continue
            per_domain[domain] += 1
            out.append(url)
    return _drop_schemes(out, random.Random(seed))


def path_of(url: str) -> str:
    """The path, query and fragment of a link as written ("" for a bare host)."""
    parsed = try_parse_url(url)
    if parsed is None:
        return ""
    out = parsed.path
    if parsed.query:
        out += "?" + parsed.query
    if parsed.fragment:
        out += "#" + parsed.fragment
    return out if out.startswith("/") or not out else "/" + out


def _local_docs(folder: Path, seed: int) -> list[str]:
    return _drop_schemes(_read_lines(folder / "local-docs-urls.txt"), random.Random(seed + 1))


def _graft_paths(base: Path, seed: int) -> list[str]:
    """Real paths for benign hosts: those of the local-docs links, plus paths of
    phishing links making up PHISHING_PATH_SHARE of the pool, so that a path alone
    cannot convict a host."""
    pool: list[str] = []
    local = base / "urls-local-docs" / "local-docs-urls.txt"
    if local.is_file():
        pool = [p for p in map(path_of, _read_lines(local)) if p]
    phishing_folder = base / "urls-phishing-database"
    if phishing_folder.is_dir() and pool:
        phishing = [p for p in map(path_of, _phishing_database(phishing_folder, seed)) if p]
        rng = random.Random(seed + 2)
        wanted = int(len(pool) * PHISHING_PATH_SHARE / (1 - PHISHING_PATH_SHARE))
        pool += rng.sample(phishing, min(wanted, len(phishing)))
    return pool


def _majestic(folder: Path, seed: int) -> list[str]:
    lists = load_lists()
    hosts = []
    with (folder / "majestic_million_top15k.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            host = (row.get("Domain") or "").strip().lower()
            if not host or host.startswith("."):
                host = (row.get("IDN_Domain") or "").strip().lower()
            if not host or host_matches(host, lists.shorteners) is not None:
                continue
            hosts.append(host)
    paths = _graft_paths(folder.parent, seed)
    chinese = [h for h in hosts if h.endswith(".cn")]
    others = [h for h in hosts if not h.endswith(".cn")]
    return benign_links(
        others, BENIGN_PER_HOST, seed, paths=paths, path_share=GRAFTED_PATH_SHARE
    ) + benign_links(
        chinese, BENIGN_PER_CN_HOST, seed + 3, paths=paths, path_share=GRAFTED_PATH_SHARE
    )


def _umbrella(folder: Path) -> list[str]:
    hosts = _read_lines(folder / "umbrella-top-100k.txt")
    return [f"https://{h}" for h in hosts if h and not h.endswith(".arpa")]


def _iscx(folder: Path) -> list[str]:
    return [u for u in _read_lines(folder / "Benign_list_big_final.csv") if u]


def build_dataset(
    data_dir: str | Path = DEFAULT_DATA, seed: int = DEFAULT_SEED, *, trainable_only: bool = True
) -> list[LabeledUrl]:
    """The labelled links of every available source (missing folders are skipped)."""
    base = Path(data_dir)
    brands = load_brands()
    out: list[LabeledUrl] = []
    for source in SOURCES:
        if trainable_only and not source.trainable:
            continue
        folder = base / source.folder
        if source.folder and not folder.is_dir():
            continue
        if source.name == "phishing-database":
            urls = _phishing_database(folder, seed)
        elif source.name == "majestic-top15k":
            urls = _majestic(folder, seed)
        elif source.name == "local-docs":
            urls = _local_docs(folder, seed)
        elif source.name == "synthetic-lookalike":
            urls = lookalike_links(brands, SYNTHETIC_LOOKALIKE, seed)
        elif source.name == "synthetic-official":
            urls = official_links(brands, SYNTHETIC_OFFICIAL, seed)
        elif source.name == "umbrella-top100k":
            urls = _umbrella(folder)
        else:
            urls = _iscx(folder)
        label = bool(source.label)
        out += [LabeledUrl(u, label, source.name) for u in urls]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the fanzha link model.")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder with urls-* sets")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--version", default=time.strftime("%Y.%m.%d"))
    parser.add_argument(
        "--out",
        default=str(Path(__file__).parent / "data" / "url_model.json"),
        help="where to write the model JSON",
    )
    args = parser.parse_args(argv)
    rows = build_dataset(args.data, args.seed)
    if not any(r.is_phishing for r in rows) or all(r.is_phishing for r in rows):
        print(f"no usable data under {args.data}", file=sys.stderr)
        return 1
    for name, count in sorted(Counter(r.source for r in rows).items()):
        print(f"{name}: {count} links")
    model, metrics = train_url_model(
        [(r.url, r.is_phishing) for r in rows],
        args.seed,
        version=args.version,
        progress=lambda m: print(m, file=sys.stderr),
    )
    model.meta["sources"] = {
        s.name: {"licence": s.licence, "links": sum(r.source == s.name for r in rows)}
        for s in SOURCES
        if s.trainable
    }
    path = save_url_model(model, args.out)
    print(f"test (model alone): {metrics.get('test_model')}")
    print(f"test (model + rules): {metrics.get('test_combined')}")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
