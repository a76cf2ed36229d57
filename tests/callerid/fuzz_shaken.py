"""Coverage-guided fuzzing of the Identity header, PASSporT and SIP message parsers, and verify().

Not collected by pytest (the name does not start with test_):

    pip install atheris
    python tests/callerid/fuzz_shaken.py -max_total_time=600 [corpus_dir]

Any exception escaping, a result with an unknown code, or a result that cannot be
serialised is a crash that atheris reports with the input that caused it.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any


def test_one_input(data: bytes) -> None:
    from fanzha.callerid.shaken import (
        CATALOGUE,
        Problem,
        TrustStore,
        decode_token,
        parse_identity,
        verify,
    )

    if not data:
        return
    mode, body = data[0] % 4, data[1:]
    text = body.decode("utf-8", errors="surrogateescape" if data[0] & 4 else "replace")
    if mode == 0:
        parsed = parse_identity(body if data[0] & 8 else text)
        if isinstance(parsed, Problem) and parsed.code not in CATALOGUE:
            raise AssertionError(f"unknown code {parsed.code}")
    elif mode == 1:
        decoded = decode_token(body if data[0] & 8 else text)
        if isinstance(decoded, Problem) and decoded.code != "SHAKEN.MALFORMED_TOKEN":
            raise AssertionError(f"unexpected code {decoded.code}")
    elif mode == 2:
        from fanzha.callerid.sip_message import CODE, parse_sip_request
        from fanzha.core import InvalidInputError

        try:
            request = parse_sip_request(body if data[0] & 8 else text)
        except InvalidInputError as exc:
            if exc.code != CODE:
                raise AssertionError(f"unexpected code {exc.code}") from None
        else:
            assert isinstance(request.caller + request.callee, str)
            assert request.date is None or isinstance(request.date, int)
            assert all(isinstance(i, str) for i in request.identities)
    else:
        # Offline: an empty trust store and a fetcher whose DNS always fails.
        result = verify(
            text, "+8613812345678", "13900001111", trust=TrustStore(), fetcher=_fetcher(), now=1.8e9
        )
        if any(f.code not in CATALOGUE for f in result.findings) or result.passed:
            raise AssertionError(f"bad result {result}")
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


_FETCHERS: list[object] = []


def _fetcher() -> Any:
    if not _FETCHERS:
        from fanzha.callerid.shaken import CertFetcher, FetchPolicy

        def no_dns(host: str, port: int) -> list[str]:
            raise OSError("offline fuzzing")

        _FETCHERS.append(CertFetcher(FetchPolicy(failure_cache_s=3600), resolver=no_dns))
    return _FETCHERS[0]


def main() -> None:
    try:
        atheris = importlib.import_module("atheris")  # optional: only this script needs it
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")
    with atheris.instrument_imports():
        import fanzha.callerid.shaken.identity
        import fanzha.callerid.shaken.passport
        import fanzha.callerid.shaken.verifier
        import fanzha.callerid.sip_message  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
