"""URL.LOOKALIKE_GOV

The registered domain imitates a government service (gov.cn, 12306, 12123, tax, social security, the National Anti-Fraud Center)
listed in brands.toml (12306-cn.vip, gov-cn.top, chinatax-etax.com) and is not one of its official domains.
"""

from __future__ import annotations

from fanzha.text.urls.rules.lookalike import Lookalike


class LookalikeGov(Lookalike):
    name = "lookalike_gov"
    code = "URL.LOOKALIKE_GOV"
    kind = "gov"
    what = ("a government service", "政府机构")
