"""URL.AT_SIGN

The link has text before an ``@`` in its host part
(``http://www.icbc.com.cn@evil.top/``): browsers treat it as a user name and go to
the host after the ``@``. Weighted higher when that text looks like a host name.
"""

from __future__ import annotations

import re

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule

_HOST_LIKE = re.compile(r"[^:@]*[a-z0-9-]\.[a-z]{2,}", re.IGNORECASE)


class AtSign(UrlRule):
    name = "at_sign"
    code = "URL.AT_SIGN"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if not parsed.userinfo:
            return []
        shown = parsed.userinfo[:80]
        if _HOST_LIKE.match(parsed.userinfo):
            return [
                self.hit(
                    context,
                    f"The link starts with '{shown}' but really goes to {parsed.host}: "
                    "everything before @ is ignored.",
                    f"链接开头显示“{shown}”,实际打开的是 {parsed.host}:@ 之前的内容会被忽略。",
                    weight_key="host_like_weight",
                    userinfo=shown,
                )
            ]
        return [
            self.hit(
                context,
                f"The link carries a user name or password before @ and goes to {parsed.host}.",
                f"链接在 @ 之前带有用户名或密码,实际打开的是 {parsed.host}。",
                userinfo=shown,
            )
        ]
