"""How long a fetched certificate may be reused, from the response's Cache-Control.

The verifier is a cache shared by every call, so ``s-maxage`` wins over
``max-age`` (RFC 9111 section 5.2.2.10). ``no-store`` and ``no-cache`` both
mean "do not reuse": there is no revalidation, a new fetch is the
revalidation. Without the header the operator's default applies; every
lifetime is capped so a certificate that was revoked does not live on forever.
"""

from __future__ import annotations


def cache_seconds(header: str | None, *, default: float, maximum: float) -> float:
    """Seconds to keep the response; 0 means do not cache."""
    if header is None:
        return min(default, maximum)
    max_age: float | None = None
    s_maxage: float | None = None
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-store", "no-cache"):
            return 0.0
        if name in ("max-age", "s-maxage"):
            seconds = _seconds(value)
            if seconds is None:
                return 0.0  # a broken directive is treated as stale (RFC 9111 4.2.1)
            if name == "max-age":
                max_age = seconds
            else:
                s_maxage = seconds
    chosen = s_maxage if s_maxage is not None else max_age
    if chosen is None:
        return min(default, maximum)
    return min(chosen, maximum)


def _seconds(value: str) -> float | None:
    text = value.strip().strip('"')
    if not text.isascii() or not text.isdigit():
        return None
    return float(int(text)) if len(text) <= 12 else float("inf")  # the cap applies next
