"""fanzha (反诈): an open platform against telecom and network fraud."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from fanzha.numbers import NumberInfo
    from fanzha.screening import Decision


def screen_call(caller: str, callee: str, ingress: str = "domestic", **kwargs: Any) -> Decision:
    """Screen one call with the bundled policy and registry (no database).

    >>> screen_call("+8613812345678", "13900001111", "international").action
    <Action.BLOCK: 'block'>
    """
    from fanzha.screening import screen_call as _screen_call

    return _screen_call(caller, callee, ingress, **kwargs)


def parse_number(raw: str) -> NumberInfo:
    """Parse and classify a phone number written in any common way."""
    from fanzha.numbers import parse_number as _parse_number

    return _parse_number(raw)


__all__ = ["__version__", "parse_number", "screen_call"]
