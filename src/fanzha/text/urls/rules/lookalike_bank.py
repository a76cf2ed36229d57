"""URL.LOOKALIKE_BANK

The registered domain imitates a bank or payment network
listed in brands.toml (icbc-cn.top, ccb95533.vip, boc-kefu.com) and is not one of its official domains.
"""

from __future__ import annotations

from fanzha.text.urls.rules.lookalike import Lookalike


class LookalikeBank(Lookalike):
    name = "lookalike_bank"
    code = "URL.LOOKALIKE_BANK"
    kind = "bank"
    what = ("a bank", "银行")
