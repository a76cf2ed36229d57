"""URL.SHORTENER

A link shortener (t.cn, dwz.cn, bit.ly, ... in lists.toml): the real destination
cannot be seen before the link is opened.
"""

from __future__ import annotations

from fanzha.text.urls.knowledge import host_matches
from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class Shortener(UrlRule):
    name = "shortener"
    code = "URL.SHORTENER"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.is_ip:
            return []
        service = host_matches(parsed.host, context.lists.shorteners)
        if service is None:
            return []
        return [
            self.hit(
                context,
                f"This is a short link ({service}): where it really leads is hidden.",
                f"这是短链接({service}),看不到真实的目标网址。",
                service=service,
            )
        ]
