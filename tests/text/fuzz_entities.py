"""Coverage-guided fuzzing of extract_entities with atheris (not collected by pytest).

    pip install atheris
    python tests/text/fuzz_entities.py -max_total_time=600 [corpus_dir]

Any exception other than TextInputError from normalize, or entities that are not
sorted, overlap, leave the text or misquote it, is a crash that atheris reports
with the input that caused it.
"""

from __future__ import annotations

import importlib
import sys

KINDS = frozenset({"url", "phone", "bank_card", "qq", "wechat", "app", "amount", "email"})


def test_one_input(data: bytes) -> None:
    from fanzha.text.entities import extract_entities
    from fanzha.text.normalize import TextInputError, normalize

    if not data:
        return
    text = data[1:].decode("utf-8", errors="surrogateescape" if data[0] & 1 else "replace")
    try:
        norm = normalize(text)
    except TextInputError:
        return
    previous_end = 0
    for entity in extract_entities(norm):
        if entity.kind not in KINDS:
            raise AssertionError(f"unknown kind {entity.kind!r}")
        if not previous_end <= entity.start < entity.end <= len(text):
            raise AssertionError(f"bad span {entity.start}-{entity.end} in {text!r}")
        if text[entity.start : entity.end] != entity.text:
            raise AssertionError(f"text {entity.text!r} is not the span in {text!r}")
        if not entity.value:
            raise AssertionError(f"empty value for {entity!r}")
        previous_end = entity.end


def main() -> None:
    try:
        atheris = importlib.import_module("atheris")  # optional: only this script needs it
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")
    with atheris.instrument_imports():
        import fanzha.text.entities
        import fanzha.text.normalize  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
