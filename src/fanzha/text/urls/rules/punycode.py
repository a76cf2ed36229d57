"""URL.PUNYCODE

An internationalised host name (written in punycode, ``xn--``, or in non-Latin
letters). Real banks, government sites and shops that send links by SMS use ASCII
names; an IDN host is how look-alike letters get into a link.
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class Punycode(UrlRule):
    name = "punycode"
    code = "URL.PUNYCODE"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.is_ip or not any(label.startswith("xn--") for label in parsed.labels):
            return []
        shown = parsed.host_unicode
        return [
            self.hit(
                context,
                f"The host is an internationalised name that displays as '{shown}'.",
                f"域名是国际化域名(punycode),显示为“{shown}”。",
                unicode_host=shown,
            )
        ]
