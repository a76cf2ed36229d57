"""Link rules, one per module. Order is the order hits are reported."""

from fanzha.text.urls.rules.apk_download import ApkDownload
from fanzha.text.urls.rules.at_sign import AtSign
from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule
from fanzha.text.urls.rules.brand_in_subdomain import BrandInSubdomain
from fanzha.text.urls.rules.homoglyph import Homoglyph
from fanzha.text.urls.rules.http_login import HttpLogin
from fanzha.text.urls.rules.long_random_host import LongRandomHost
from fanzha.text.urls.rules.lookalike_bank import LookalikeBank
from fanzha.text.urls.rules.lookalike_brand import LookalikeBrand
from fanzha.text.urls.rules.lookalike_gov import LookalikeGov
from fanzha.text.urls.rules.many_subdomains import ManySubdomains
from fanzha.text.urls.rules.nonstandard_port import NonstandardPort
from fanzha.text.urls.rules.punycode import Punycode
from fanzha.text.urls.rules.raw_ip import RawIp
from fanzha.text.urls.rules.shortener import Shortener
from fanzha.text.urls.rules.suspicious_tld import SuspiciousTld

URL_RULES: tuple[UrlRule, ...] = (
    LookalikeBank(),
    LookalikeGov(),
    LookalikeBrand(),
    BrandInSubdomain(),
    Homoglyph(),
    AtSign(),
    RawIp(),
    ApkDownload(),
    Shortener(),
    Punycode(),
    HttpLogin(),
    SuspiciousTld(),
    LongRandomHost(),
    ManySubdomains(),
    NonstandardPort(),
)

#: Every code a rule can report, in rule order (the model has one feature per code).
RULE_CODES: tuple[str, ...] = tuple(rule.code for rule in URL_RULES)

__all__ = ["RULE_CODES", "URL_RULES", "RuleHit", "UrlContext", "UrlRule"]
