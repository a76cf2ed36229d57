"""URL.NONSTANDARD_PORT

The link names a port other than the web's usual ones (``:8080``, ``:8888``):
typical of servers set up in a hurry, rare for real banks and government sites.
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class NonstandardPort(UrlRule):
    name = "nonstandard_port"
    code = "URL.NONSTANDARD_PORT"

    def check(self, context: UrlContext) -> list[RuleHit]:
        port = context.parsed.port
        standard = {int(p) for p in self.params(context).get("standard_ports", [80, 443])}
        if port is None or port in standard:
            return []
        return [
            self.hit(
                context,
                f"The link uses the unusual port {port}.",
                f"链接使用了非常规端口 {port}。",
                port=port,
            )
        ]
