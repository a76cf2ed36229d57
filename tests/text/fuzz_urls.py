"""Coverage-guided fuzzing of the link parser and scorer with atheris (not collected by pytest).

    pip install atheris
    python tests/text/fuzz_urls.py -max_total_time=600 [corpus_dir]

Any exception from parse_url other than UrlParseError, any exception from score_url,
a score outside [0, 1], codes and reasons of different lengths, or a parsed host
that is not lower-case ASCII is a crash that atheris reports with the input that
caused it.
"""

from __future__ import annotations

import importlib
import sys

_PREFIXES = ("", "http://", "https://", "//", "hxxp://", "www.")


def test_one_input(data: bytes) -> None:
    from fanzha.text.urls import UrlParseError, parse_url, score_url

    if not data:
        return
    prefix = _PREFIXES[data[0] % len(_PREFIXES)]
    raw = data[1:].decode("utf-8", errors="surrogateescape" if data[0] & 8 else "replace")
    text = prefix + raw
    try:
        parsed = parse_url(text)
    except UrlParseError as error:
        if not error.reason:
            raise AssertionError(f"UrlParseError without a reason for {text!r}") from None
        parsed = None
    if parsed is not None:
        if not parsed.host.isascii() or parsed.host != parsed.host.lower():
            raise AssertionError(f"host {parsed.host!r} from {text!r} is not lower-case ASCII")
        if parsed.port is not None and not 0 <= parsed.port <= 65535:
            raise AssertionError(f"port {parsed.port} from {text!r}")
    risk = score_url(text)
    if not 0.0 <= risk.score <= 1.0:
        raise AssertionError(f"score {risk.score} for {text!r}")
    if not len(risk.codes) == len(risk.reasons) == len(risk.reasons_zh):
        raise AssertionError(f"codes and reasons differ in length for {text!r}")


def main() -> None:
    try:
        atheris = importlib.import_module("atheris")  # optional: only this script needs it
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")
    with atheris.instrument_imports():
        import fanzha.text.urls.brands
        import fanzha.text.urls.parse
        import fanzha.text.urls.rules
        import fanzha.text.urls.score  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
