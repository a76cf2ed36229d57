"""Coverage-guided fuzzing of parse_number with atheris (not collected by pytest).

    pip install atheris
    python tests/numbers/fuzz_parse.py -max_total_time=600 [corpus_dir]

Any exception other than InvalidNumberError, or a NumberInfo whose e164 is not
'+' followed by digits, is a crash that atheris reports with the input that caused it.
"""

from __future__ import annotations

import importlib
import re
import sys

E164 = re.compile(r"\+[0-9]+")


def test_one_input(data: bytes) -> None:
    from fanzha.core import InvalidNumberError
    from fanzha.numbers.parse import parse_number

    if not data:
        return
    region = ("CN", "HK", "US", "TW")[data[0] % 4]
    raw = data[1:].decode("utf-8", errors="surrogateescape" if data[0] & 4 else "replace")
    try:
        info = parse_number(raw, default_region=region)
    except InvalidNumberError:
        return
    if not E164.fullmatch(info.e164):
        raise AssertionError(f"bad e164 {info.e164!r} from {raw!r}")
    if parse_number(info.e164).e164 != info.e164:
        raise AssertionError(f"e164 {info.e164!r} does not parse back to itself")


def main() -> None:
    try:
        atheris = importlib.import_module("atheris")  # optional: only this script needs it
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")
    with atheris.instrument_imports():
        import fanzha.numbers.normalize
        import fanzha.numbers.parse  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
