"""E-mail addresses. A QQ mailbox (12345678@qq.com) also names a QQ number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fanzha.text.entities.base import Candidate
from fanzha.text.normalize import Normalized

_EMAIL = re.compile(
    r"(?<![a-z0-9._%+\-])(?P<local>[a-z0-9](?:[a-z0-9._%+\-]{0,63}[a-z0-9_\-])?)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9\-]{2,59}))"
    r"(?![a-z0-9\-])"
)
_QQ_NUMBER = re.compile(r"[1-9][0-9]{4,10}")


def find_emails(norm: Normalized) -> Iterator[Candidate]:
    for match in _EMAIL.finditer(norm.text):
        local, domain = match["local"], match["domain"]
        details: dict[str, Any] = {"domain": domain}
        if domain in ("qq.com", "vip.qq.com") and _QQ_NUMBER.fullmatch(local):
            details["qq"] = local
        yield Candidate("email", match.start(), match.end(), match.group(), details)
