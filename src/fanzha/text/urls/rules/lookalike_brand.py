"""URL.LOOKALIKE_BRAND

The registered domain imitates an operator, shop, payment app, courier or global brand
listed in brands.toml (10086-jf.top, taobao-tuikuan.cc, paypa1.com, sf-kuaidi.xyz) and is not one of its official domains.
"""

from __future__ import annotations

from fanzha.text.urls.rules.lookalike import Lookalike


class LookalikeBrand(Lookalike):
    name = "lookalike_brand"
    code = "URL.LOOKALIKE_BRAND"
    kind = "brand"
    what = ("a well-known brand", "知名品牌")
