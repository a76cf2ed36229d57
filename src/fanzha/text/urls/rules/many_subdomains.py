"""URL.MANY_SUBDOMAINS

Many labels left of the registered domain (``secure.login.icbc.verify.example.top``):
long hosts push the real domain out of a phone's address bar.
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class ManySubdomains(UrlRule):
    name = "many_subdomains"
    code = "URL.MANY_SUBDOMAINS"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.is_ip or context.official is not None:
            return []
        labels = list(parsed.subdomain_labels)
        if labels and labels[0] == "www":
            labels = labels[1:]
        minimum = int(self.params(context).get("min_labels", 3))
        if len(labels) < minimum:
            return []
        return [
            self.hit(
                context,
                f"The host has {len(labels)} extra parts before the real domain "
                f"{parsed.registered_domain}.",
                f"网址在真正的域名 {parsed.registered_domain} 前面加了 {len(labels)} 层子域名。",
                subdomain_labels=len(labels),
            )
        ]
