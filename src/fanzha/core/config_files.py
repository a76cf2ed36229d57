"""Reading versioned TOML files: the bundled default or an operator's own copy."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from fanzha.core.errors import ConfigError


def read_toml(
    path: str | None, package: str, resource: str, what: str
) -> tuple[dict[str, Any], str]:
    """Parse ``path``, or ``resource`` of ``package`` when ``path`` is empty.

    Returns the data and a name for the source to put in error messages;
    unreadable files and bad TOML raise ConfigError naming ``what`` and the file.
    """
    if path:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {what} {source}: {exc.strerror}") from None
    else:
        source = f"bundled {resource}"
        text = resources.files(package).joinpath(resource).read_text("utf-8")
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what} {source} is not valid TOML: {exc}") from None
