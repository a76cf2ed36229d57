"""URL.RAW_IP

The link names an IP address instead of a domain: no registration, no certificate
a person can check, typical of short-lived scam servers. Addresses written in
decimal, hex or octal (``http://3232235777/``) weigh more: their only use is to hide.
"""

from __future__ import annotations

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class RawIp(UrlRule):
    name = "raw_ip"
    code = "URL.RAW_IP"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if not parsed.is_ip:
            return []
        if parsed.ip_obfuscated:
            return [
                self.hit(
                    context,
                    f"The link hides the IP address {parsed.host} in an unusual notation.",
                    f"链接用特殊写法隐藏了 IP 地址 {parsed.host}。",
                    weight_key="obfuscated_weight",
                    address=parsed.host,
                )
            ]
        return [
            self.hit(
                context,
                f"The link goes to a bare IP address ({parsed.host}), not a named site.",
                f"链接指向裸 IP 地址({parsed.host}),而不是正规网站域名。",
                address=parsed.host,
            )
        ]
