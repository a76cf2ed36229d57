"""What a link rule sees (``UrlContext``) and returns (``RuleHit``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from fanzha.text.urls.brands import Brand, BrandBook, BrandMatch
from fanzha.text.urls.knowledge import UrlLists, UrlPolicy, host_matches
from fanzha.text.urls.parse import ParsedUrl


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule's finding about a link: a stable ``code``, its weight from the policy
    and the reason in English and Chinese."""

    code: str
    weight: float
    reason: str
    reason_zh: str
    evidence: dict[str, Any] = field(default_factory=dict)


class UrlContext:
    """A parsed link with the policy, lists and brands the rules read; derived facts
    (official brand, look-alike brands) are computed once and shared by the rules."""

    def __init__(
        self, parsed: ParsedUrl, policy: UrlPolicy, lists: UrlLists, brands: BrandBook
    ) -> None:
        self.parsed = parsed
        self.policy = policy
        self.lists = lists
        self.brands = brands

    @cached_property
    def official(self) -> Brand | None:
        """The brand whose official domain the host is, unless anyone can publish there."""
        if self.parsed.is_ip:
            return None
        if host_matches(self.parsed.host, self.lists.user_content_hosts) is not None:
            return None
        return self.brands.official(self.parsed.host) or self.brands.country_official(
            self.parsed, self.lists
        )

    @cached_property
    def infrastructure(self) -> bool:
        """A CDN / DNS host that repeats its customer's domain (www.apple.com.edgekey.net)."""
        return host_matches(self.parsed.host, self.lists.infrastructure_hosts) is not None

    @cached_property
    def lookalikes(self) -> list[BrandMatch]:
        if self.official is not None or self.infrastructure:
            return []
        return self.brands.lookalikes(self.parsed, self.lists, self.policy.lookalike)

    @cached_property
    def brands_in_subdomain(self) -> list[BrandMatch]:
        if self.official is not None or self.infrastructure:
            return []
        return self.brands.in_subdomain(self.parsed)


class UrlRule:
    """A link rule. ``name`` keys its section in policy.toml ([rules.NAME]);
    ``code`` is what it reports."""

    name: ClassVar[str] = ""
    code: ClassVar[str] = ""

    def params(self, context: UrlContext) -> dict[str, Any]:
        return context.policy.rule(self.name)

    def hit(
        self,
        context: UrlContext,
        reason: str,
        reason_zh: str,
        weight_key: str = "weight",
        **evidence: Any,
    ) -> RuleHit:
        weight = context.policy.weight(self.name, weight_key)
        return RuleHit(self.code, weight, reason, reason_zh, evidence)

    def check(self, context: UrlContext) -> list[RuleHit]:
        raise NotImplementedError
