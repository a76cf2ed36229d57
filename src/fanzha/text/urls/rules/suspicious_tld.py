"""URL.SUSPICIOUS_TLD

The host is under a top-level domain that costs little, is registered in bulk and
hosts a large share of scam sites (.top, .xyz, .vip, .cc, ... in lists.toml).
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class SuspiciousTld(UrlRule):
    name = "suspicious_tld"
    code = "URL.SUSPICIOUS_TLD"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.is_ip or context.official is not None:
            return []
        tlds = context.lists.suspicious_tlds
        suffix = parsed.suffix if parsed.suffix in tlds else parsed.tld
        if suffix not in tlds:
            return []
        return [
            self.hit(
                context,
                f"The site is under .{suffix}, a cheap domain ending that scam sites use a lot.",
                f"网站使用 .{suffix} 后缀,这类廉价后缀常被诈骗网站使用。",
                tld=suffix,
            )
        ]
