"""Synthetic links for training and tests: look-alike scam links of the brands in
brands.toml, official links of the same brands, and realistic paths for benign
host names (public benign lists are host names only, and a model trained on bare
benign hosts against phishing URLs with paths would learn "has a path = phishing").

Everything is drawn from ``random.Random(seed)``: the same seed gives the same links.
"""

from __future__ import annotations

import random
import string

from fanzha.text.urls.brands import Brand, BrandBook

_LETTERS = string.ascii_lowercase
_ALNUM = string.ascii_lowercase + string.digits

# Path words of ordinary sites (English and pinyin), shared with scam paths on purpose:
# a benign site also has /login and /account pages.
BENIGN_WORDS = (
    "news", "sports", "video", "product", "products", "detail", "help", "service", "about",
    "contact", "search", "list", "category", "shop", "cart", "order", "orders", "user",
    "account", "login", "register", "download", "app", "support", "docs", "blog", "article",
    "topic", "forum", "thread", "question", "jobs", "careers", "policy", "privacy", "terms",
    "event", "activity", "promo", "coupon", "home", "index", "info", "channel", "live",
    "music", "movie", "book", "travel", "hotel", "weather", "finance", "stock", "fund",
    "tech", "game", "games", "health", "edu", "course", "school", "report", "notice", "faq",
    "xinwen", "shipin", "zixun", "fuwu", "bangzhu", "gonggao", "huodong", "chanpin",
    "jiaoyu", "zhengce", "tongzhi", "banshi", "guanyu", "lianxi", "2024", "2025", "en",
    "zh-cn", "cn", "m", "wap", "mobile", "pages", "content", "static", "upload", "images",
)  # fmt: skip
SLUG_WORDS = (
    "how", "to", "the", "best", "new", "guide", "review", "update", "china", "market",
    "city", "world", "report", "first", "year", "day", "week", "price", "launch", "plan",
    "open", "season", "team", "win", "data", "study", "show", "top", "free", "online",
    "policy", "service", "travel", "food", "health", "school", "trip", "phone", "car",
    "home", "family", "summer", "winter", "festival", "sale", "event", "story", "life",
)  # fmt: skip
EXTENSIONS = ("html", "htm", "shtml", "php", "aspx", "jsp", "do", "pdf", "jpg")
QUERY_KEYS = (
    "id",
    "q",
    "page",
    "p",
    "from",
    "utm_source",
    "ref",
    "spm",
    "cid",
    "lang",
    "s",
    "type",
)

# Scam-page words (English and pinyin) for synthetic look-alike links.
SCAM_WORDS = (
    "login", "verify", "renzheng", "yanzheng", "tuikuan", "lipei", "butie", "shenqing",
    "jiedong", "dongjie", "jiaofei", "kefu", "vip", "service", "secure", "update", "etc",
    "weizhang", "chaxun", "jifen", "duihuan", "lingqu", "shebao", "yibao", "buzhu",
    "daikuan", "xinyong", "edu", "tiexian", "app", "download", "wap", "m", "h5", "zhuce",
    "account", "online", "pay", "bank", "auth", "cn", "gov", "help", "center", "kf",
)  # fmt: skip
SCAM_TLDS = (
    "top", "xyz", "vip", "cc", "icu", "club", "shop", "online", "site", "wang", "ren", "ltd",
    "cyou", "sbs", "cfd", "com", "net", "info", "me", "co", "asia", "work", "live",
)  # fmt: skip


def _random_word(rng: random.Random, low: int, high: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def _slug(rng: random.Random) -> str:
    return "-".join(rng.choice(SLUG_WORDS) for _ in range(rng.randint(2, 10)))


def benign_path(rng: random.Random) -> str:
    """A path (with query, sometimes) like those on ordinary sites."""
    kind = rng.random()
    if kind < 0.08:
        return ""
    if kind < 0.14:
        return "/"
    if kind < 0.30:
        parts = [rng.choice(BENIGN_WORDS) for _ in range(rng.randint(1, 3))]
        path = "/" + "/".join(parts) + rng.choice(("", "/", f".{rng.choice(EXTENSIONS)}"))
    elif kind < 0.45:
        year = rng.randint(2015, 2026)
        path = f"/{rng.choice(BENIGN_WORDS)}/{year}/{rng.randint(1, 12):02d}/{_slug(rng)}"
        path += rng.choice(("", "/", ".html", ".shtml"))
    elif kind < 0.58:
        digits = "".join(rng.choice(string.digits) for _ in range(rng.randint(4, 12)))
        path = f"/{rng.choice(BENIGN_WORDS)}/{digits}" + rng.choice(("", ".html", ".htm", "/"))
    elif kind < 0.68:
        path = f"/{rng.choice(BENIGN_WORDS)}/{_random_word(rng, 6, 16, string.ascii_letters + string.digits)}"
    elif kind < 0.78:
        path = f"/{rng.choice(BENIGN_WORDS)}/{_slug(rng)}"
    elif kind < 0.86:
        path = f"/{rng.choice(BENIGN_WORDS)}/{rng.choice(BENIGN_WORDS)}.{rng.choice(EXTENSIONS)}"
    elif kind < 0.93:
        path = "/" + rng.choice(("search", "s", "find", "query"))
    else:
        path = f"/{rng.choice(('wp-content/uploads', 'sites/default/files', 'upload/files'))}/{rng.randint(2015, 2026)}/{_slug(rng)}.{rng.choice(('jpg', 'png', 'pdf'))}"
    if rng.random() < 0.45:
        keys = [
            rng.choice(QUERY_KEYS) if rng.random() < 0.6 else rng.choice(BENIGN_WORDS + SLUG_WORDS)
            for _ in range(rng.randint(1, 3))
        ]
        values = [
            rng.choice(
                (_random_word(rng, 1, 10), rng.choice(SLUG_WORDS), str(rng.randint(1, 99999)))
            )
            for _ in keys
        ]
        path = (path or "/") + "?" + "&".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
        if rng.random() < 0.3:
            medium = rng.choice(("sms", "email", "wechat", "app", "social", "push", "cpc"))
            path += f"&utm_source={rng.choice(BENIGN_WORDS)}&utm_medium={medium}"
            path += f"&utm_campaign={_random_word(rng, 4, 24, _ALNUM + '_-')}"
    return path


def _scheme(rng: random.Random, https_share: float = 0.45, none_share: float = 0.25) -> str:
    roll = rng.random()
    if roll < none_share:
        return ""
    return "https://" if rng.random() < https_share else "http://"


# Sub-domains of ordinary sites, for benign hosts that are bare registered domains.
BENIGN_SUBDOMAINS = (
    "m", "mobile", "wap", "h5", "news", "shop", "store", "item", "detail", "mail", "help",
    "support", "service", "docs", "doc", "blog", "bbs", "forum", "video", "live", "music",
    "map", "maps", "pay", "account", "accounts", "login", "passport", "my", "user", "member",
    "vip", "open", "dev", "developer", "api", "cloud", "static", "img", "image", "cdn", "en",
    "cn", "zh", "sports", "finance", "tech", "travel", "edu", "jobs", "careers", "events",
    "about", "app", "apps", "download", "search", "wiki", "pan", "drive", "s", "t", "go",
)  # fmt: skip


def benign_links(
    hosts: list[str],
    per_host: int,
    seed: int,
    paths: list[str] | None = None,
    path_share: float = 0.0,
) -> list[str]:
    """``per_host`` links on each host: a sub-domain added to some registered domains,
    scheme http / https / none, and a path that is synthetic or, with probability
    ``path_share``, drawn from ``paths`` (real paths of other links)."""
    rng = random.Random(seed)
    out = []
    for host in hosts:
        for _ in range(per_host):
            name = host
            roll = rng.random()
            if host.count(".") == 1 and roll < 0.15:
                name = "www." + host
            elif host.count(".") == 1 and roll < 0.4:
                name = f"{rng.choice(BENIGN_SUBDOMAINS)}.{host}"
            path = rng.choice(paths) if paths and rng.random() < path_share else benign_path(rng)
            out.append(_scheme(rng) + name + path)
    return out


def _typo(rng: random.Random, label: str) -> str:
    """One typo: swap, drop, double, replace with a look-alike, or insert a letter."""
    if len(label) < 3:
        return label + rng.choice(_ALNUM)
    i = rng.randrange(len(label) - 1)
    kind = rng.randrange(5)
    if kind == 0:
        return label[:i] + label[i + 1] + label[i] + label[i + 2 :]
    if kind == 1:
        return label[:i] + label[i + 1 :]
    if kind == 2:
        return label[:i] + label[i] + label[i:]
    if kind == 3:
        swaps = {"o": "0", "0": "o", "l": "1", "1": "l", "i": "1", "m": "rn", "w": "vv", "e": "3"}
        positions = [j for j, c in enumerate(label) if c in swaps]
        if positions:
            j = rng.choice(positions)
            return label[:j] + swaps[label[j]] + label[j + 1 :]
    return label[:i] + rng.choice(_LETTERS) + label[i:]


def _brand_words(brand: Brand) -> list[str]:
    words = [d.split(".")[0] for d in brand.domains if "." in d and not d.startswith("gov")]
    words += list(brand.keywords) + list(brand.tokens)
    return [w for w in words if w] or [brand.id]


def _scam_path(rng: random.Random, brand_word: str) -> str:
    kind = rng.random()
    if kind < 0.15:
        return ""
    if kind < 0.25:
        return "/"
    if kind < 0.55:
        parts = [rng.choice(SCAM_WORDS) for _ in range(rng.randint(1, 3))]
        return "/" + "/".join(parts) + rng.choice(("", "/", ".html", ".php", ".htm", ".asp"))
    if kind < 0.65:
        return f"/{rng.choice(('h5', 'm', 'wap', 'mobile'))}/#/{rng.choice(SCAM_WORDS)}"
    if kind < 0.72:
        return f"/{rng.choice(('download', 'app', 'apk', 'xz'))}/{brand_word}{rng.choice(('', '_v2', '-app', str(rng.randint(1, 99))))}.{rng.choice(('apk', 'apk', 'ipa', 'mobileconfig'))}"
    if kind < 0.82:
        return f"/{brand_word}/{rng.choice(SCAM_WORDS)}" + rng.choice(("", ".html", ".php"))
    if kind < 0.9:
        return f"/?{rng.choice(('id', 'code', 'u', 'c', 'from'))}={_random_word(rng, 4, 12)}"
    return f"/{_random_word(rng, 4, 10)}/{rng.choice(SCAM_WORDS)}" + rng.choice(("", ".html", "/"))


def lookalike_links(brands: BrandBook, count: int, seed: int) -> list[str]:
    """``count`` synthetic scam links imitating brands: brand word with scam words and
    cheap TLDs, typosquats, brand in subdomain, look-alike characters, IP addresses and
    throw-away hosts, with scam paths."""
    rng = random.Random(seed)
    pool = list(brands.brands)
    out = []
    for _ in range(count):
        brand = rng.choice(pool)
        word = rng.choice(_brand_words(brand))
        kind = rng.random()
        tld = rng.choice(SCAM_TLDS)
        if kind < 0.30:
            extra = rng.choice(SCAM_WORDS)
            parts = [word, extra] if rng.random() < 0.6 else [extra, word]
            sep = rng.choice(("-", "", "-", "."))
            host = sep.join(parts)
            if rng.random() < 0.3:
                host += str(rng.randint(1, 999))
            host = f"{host}.{tld}"
            if rng.random() < 0.3:
                host = rng.choice(("www", "m", "wap", "h5", "vip", "app")) + "." + host
        elif kind < 0.45:
            official = rng.choice(brand.domains)
            label, _, suffix = official.partition(".")
            if not suffix:
                label, suffix = brand.id, "cn"
            typo = _typo(rng, label)
            if typo == label:
                typo = label + rng.choice(("-cn", "cn", "-vip", "95", "app"))
            if suffix.startswith("gov") or suffix.endswith(".gov.cn"):
                suffix = tld  # only government bodies can register under gov.cn
            host = f"{typo}.{rng.choice((suffix, suffix, tld, 'com', 'net'))}"
            if rng.random() < 0.4:
                host = "www." + host
        elif kind < 0.60:
            official = rng.choice(brand.domains)
            middle = rng.choice(("www.", "m.", ""))
            tail = f"{rng.choice(SCAM_WORDS)}-{rng.choice(SCAM_WORDS)}"
            if rng.random() < 0.5:
                tail = _random_word(rng, 4, 9, _LETTERS)
            sep = rng.choice((".", ".", "-"))
            host = f"{middle}{official}{sep}{tail}.{tld}"
        elif kind < 0.70:
            host = f"{word}{rng.choice(('-', ''))}{_random_word(rng, 3, 8)}.{tld}"
        elif kind < 0.80:
            host = f"{_random_word(rng, 5, 14)}.{tld}"
        elif kind < 0.88:
            ip = ".".join(str(rng.randint(1, 223)) for _ in range(4))
            port = rng.choice(("", "", f":{rng.choice((8080, 8888, 8000, 81, 8081, 9999, 6789))}"))
            host = ip + port
        elif kind < 0.94:
            # A throw-away host with the brand only in the path. (No short links here:
            # the benign side has none either, and URL.SHORTENER already speaks for them.)
            host = f"{_random_word(rng, 3, 8, _LETTERS)}{rng.choice(('', '-', str(rng.randint(1, 99))))}.{tld}"
        else:
            zh = brand.keywords_zh or (brand.name_zh,)
            name = rng.choice(zh).replace(" ", "").replace("/", "")
            suffix_word = rng.choice(("认证", "客服", "服务", "中心", "退款", "补贴", ""))
            host = f"{name}{suffix_word}.{rng.choice(('com', 'cn', 'top', 'xyz', '公司', '网址', 'vip'))}"
        out.append(_scheme(rng, 0.5) + host + _scam_path(rng, word))
    return out


def official_links(brands: BrandBook, count: int, seed: int) -> list[str]:
    """``count`` links on the brands' official domains, with ordinary paths."""
    rng = random.Random(seed)
    hosts = []
    for brand in brands.brands:
        for domain in brand.domains:
            if domain.startswith("gov") or "." not in domain:
                prefixes = ("www", "sh", "bj", "gd", "zj", "js", "sc", "hubei", "mof", "nhc")
                hosts.append(f"{rng.choice(prefixes)}.{domain}")
                continue
            hosts.append(domain)
            hosts += [f"{p}.{domain}" for p in ("www", "m", "service", "e", "mobile")]
    return [_scheme(rng, 0.7) + rng.choice(hosts) + benign_path(rng) for _ in range(count)]
