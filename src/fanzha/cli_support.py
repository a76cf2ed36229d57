"""What every `fanzha` subcommand shares: JSON output and the error contract."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from fanzha.core import FanzhaError

F = TypeVar("F", bound=Callable[..., Any])


def emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def handle_errors(*, input_exit: int | None = None) -> Callable[[F], F]:
    """FanzhaError -> one clear line on stderr (or the JSON error shape with --json).

    Exits 2 for bad input and 1 for server-side faults (status >= 500), unless
    ``input_exit`` fixes one code for every error.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except FanzhaError as exc:
                if kwargs.get("as_json"):
                    emit(exc.to_dict())
                else:
                    click.echo(f"error: {exc.message}", err=True)
                code = input_exit if input_exit is not None else (1 if exc.status >= 500 else 2)
                sys.exit(code)

        return wrapper  # type: ignore[return-value]

    return decorate
