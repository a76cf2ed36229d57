"""URL.APK_DOWNLOAD

The link downloads an app or program (.apk, .ipa, .exe, an iOS configuration
profile, ... in lists.toml): fake banking, "anti-fraud", loan and screen-sharing
apps are installed this way, outside the app stores.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule

_EXTENSION = re.compile(r"\.([a-z0-9]{2,12})(?=$|[?&#;/=])")


class ApkDownload(UrlRule):
    name = "apk_download"
    code = "URL.APK_DOWNLOAD"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        path = unquote(parsed.path, errors="replace").lower().rstrip("/")
        extension = ""
        tail = path.rsplit("/", 1)[-1]
        if "." in tail:
            extension = tail.rsplit(".", 1)[-1]
        if extension not in context.lists.executable_extensions:
            extension = ""
            query = unquote(parsed.query, errors="replace").lower()
            for match in _EXTENSION.finditer(query):
                if match.group(1) in context.lists.executable_extensions:
                    extension = match.group(1)
                    break
        if not extension:
            return []
        return [
            self.hit(
                context,
                f"The link downloads a .{extension} file: an app installed from outside "
                "the official app store.",
                f"链接会下载 .{extension} 安装文件,即绕过官方应用商店安装的应用。",
                extension=extension,
            )
        ]
