"""Text analyzer throughput, model load time and memory.

Reference in the same run: a bare scikit-learn TfidfVectorizer (character 1-3
grams, fitted beforehand) transforming the same messages. The analyzer does
much more (normalise, entities, link risks, red flags, the language head,
explanations), so the ratio says what that costs.

    .venv/bin/python benchmarks/text_bench.py [--messages 20000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchlib import cpu_model, pin_to_one_core

_LOAD_PROBE = """
import time
def rss_kb():  # current RSS (ru_maxrss would include the parent's, inherited by fork)
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return float(line.split()[1])
t0 = time.perf_counter()
from fanzha.text.model.linear import TextModel, default_model_path
before = rss_kb()
t1 = time.perf_counter()
model = TextModel.load(default_model_path())
t2 = time.perf_counter()
from fanzha.text import analyze
analyze("warm up")
t3 = time.perf_counter()
after = rss_kb()
print(t1 - t0, t2 - t1, t3 - t0, before, after, model.terms)
"""


def load_figures() -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_PROBE], check=True, capture_output=True, text=True
    ).stdout.split()
    imports, load, first, before, after, terms = (float(x) for x in out)
    return {
        "import_seconds": imports,
        "model_load_seconds": load,
        "first_analysis_seconds_from_cold": first,
        "rss_after_imports_mb": before / 1024,
        "rss_after_model_and_first_analysis_mb": after / 1024,
        "vocabulary_terms": terms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    pinned = pin_to_one_core()

    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    from fanzha.text import analyze_many
    from fanzha.text.generate import generate_messages
    from fanzha.text.model.linear import default_model_path

    texts = [m.text for m in generate_messages(args.messages, seed=args.seed)]
    analyze_many(texts[:100])  # load the model before timing

    reference = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    reference.fit(texts)
    started = time.perf_counter()
    for i in range(0, len(texts), args.batch):
        reference.transform(texts[i : i + args.batch])
    reference_seconds = time.perf_counter() - started

    started = time.perf_counter()
    flagged = 0
    for i in range(0, len(texts), args.batch):
        flagged += sum(r.is_fraud for r in analyze_many(texts[i : i + args.batch]))
    analyzer_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for text in texts[:2000]:
        analyze_many([text])
    single_seconds = time.perf_counter() - started

    result = {
        "cpu": cpu_model(),
        "pinned": pinned,
        "messages": len(texts),
        "mean_chars": sum(map(len, texts)) / len(texts),
        "batch": args.batch,
        "analyze_many_per_second": len(texts) / analyzer_seconds,
        "one_by_one_per_second": 2000 / single_seconds,
        "bare_tfidf_per_second": len(texts) / reference_seconds,
        "ratio_to_bare_tfidf": reference_seconds / analyzer_seconds,
        "flagged_share": flagged / len(texts),
        "model_file_mb": default_model_path().stat().st_size / 1e6,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **load_figures(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
