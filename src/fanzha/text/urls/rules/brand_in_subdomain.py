"""URL.BRAND_IN_SUBDOMAIN

A brand's official domain or name stands left of the real registered domain
(``www.icbc.com.cn.login-verify.top`` belongs to login-verify.top): people read the
start of the host and stop there.
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class BrandInSubdomain(UrlRule):
    name = "brand_in_subdomain"
    code = "URL.BRAND_IN_SUBDOMAIN"

    def check(self, context: UrlContext) -> list[RuleHit]:
        if context.official is not None:
            return []
        matches = context.brands_in_subdomain
        if not matches:
            return []
        first = matches[0]
        domain = context.parsed.registered_domain
        return [
            self.hit(
                context,
                f"The host starts with '{first.evidence}' ({first.brand.name}) but the site "
                f"really is {domain}.",
                f"网址开头写着“{first.evidence}”({first.brand.name_zh}),真正的网站却是 {domain}。",
                brands=[m.brand.id for m in matches],
                resembles=[m.evidence for m in matches],
                registered_domain=domain,
            )
        ]
