"""The shared part of URL.LOOKALIKE_BANK, URL.LOOKALIKE_GOV and URL.LOOKALIKE_BRAND:
the registered domain imitates a brand of one kind in brands.toml (brand word, typo,
look-alike characters or the brand's name under another suffix) and is not one of
the brand's official domains."""

from __future__ import annotations

from typing import ClassVar

from fanzha.text.urls.brands import BrandKind
from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class Lookalike(UrlRule):
    kind: ClassVar[BrandKind] = "brand"
    what: ClassVar[tuple[str, str]] = ("a brand", "品牌")

    def check(self, context: UrlContext) -> list[RuleHit]:
        if context.official is not None:
            return []
        matches = [m for m in context.lookalikes if m.brand.kind == self.kind]
        if not matches:
            return []
        first = matches[0]
        how, how_zh = first.describe()
        parsed = context.parsed
        domain = parsed.registered_domain_unicode
        if domain != parsed.registered_domain:
            domain = f"{domain} ({parsed.registered_domain})"
        official = ", ".join(first.brand.domains[:3])
        return [
            self.hit(
                context,
                f"{domain} imitates {first.brand.name} ({self.what[0]}): it {how}, but the official "
                f"site is {official}.",
                f"{domain} 冒充{first.brand.name_zh}({self.what[1]}):{how_zh},"
                f"而官方网址是 {official}。",
                brands=[m.brand.id for m in matches],
                how=[m.how for m in matches],
                resembles=[m.evidence for m in matches],
            )
        ]
