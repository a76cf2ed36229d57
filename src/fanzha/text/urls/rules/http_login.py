"""URL.HTTP_LOGIN

A plain ``http://`` link (no encryption) whose host or path asks for a login,
verification or account (login, verify, denglu, 验证, ... in lists.toml): real banks
and payment services never ask for credentials over plain http.
"""

from __future__ import annotations

from urllib.parse import unquote

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule


class HttpLogin(UrlRule):
    name = "http_login"
    code = "URL.HTTP_LOGIN"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        if parsed.scheme != "http":
            return []
        rest = unquote(f"{parsed.path}?{parsed.query}#{parsed.fragment}", errors="replace")
        text = f"{parsed.host} {rest}".lower()
        word = next((w for w in context.lists.login_words if w in text), None)
        if word is None:
            word = next((w for w in context.lists.login_words_zh if w in text), None)
        if word is None:
            return []
        return [
            self.hit(
                context,
                f"The link asks for '{word}' over plain http, without encryption.",
                f"链接通过未加密的 http 要求“{word}”(登录/验证类操作)。",
                word=word,
            )
        ]
