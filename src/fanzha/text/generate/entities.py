"""Random but realistic entities for generated messages.

Each generator takes ``(rng, arg, ctx)`` and returns the text to insert; it records
what it made with ``ctx.note(kind, value)`` so that tests can check validity (card
numbers pass Luhn, mobiles have an allocated prefix) without parsing the text.

Scam links sit on look-alike domains (brand + suffix words on cheap TLDs,
digit-for-letter swaps, hyphenated "official" hosts, raw IPs, punycode), official
links on the organisations' real domains. Short links appear in both.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

from fanzha.core import ConfigError
from fanzha.text.generate.grammar import Context, EntityFn

# Allocated mainland mobile prefixes (mirrors fanzha/numbers/data/mobile_prefixes.toml,
# without the IoT and data-only ranges, which do not send chat messages).
MOBILE_PREFIXES: tuple[str, ...] = (
    *("1340", "1341", "1342", "1343", "1344", "1345", "1346", "1347", "1348"),
    *("135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159"),
    *("172", "178", "182", "183", "184", "187", "188", "195", "197", "198"),
    *("130", "131", "132", "155", "156", "166", "175", "176", "185", "186", "196"),
    *("133", "1349", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"),
    "192",
)
# Virtual-operator ranges (移动转售), favoured by scam call centres.
VIRTUAL_PREFIXES: tuple[str, ...] = (
    *("1700", "1701", "1702", "1703", "1705", "1706", "1704", "1707", "1708", "1709"),
    *("171", "162", "165", "167"),
)
AREA_CODES: tuple[str, ...] = (
    *("010", "021", "022", "023", "020", "024", "025", "027", "028", "029"),
    *("0755", "0571", "0591", "0512", "0531", "0871", "0731", "0351", "0551", "0898"),
)

# Issuer identification numbers of mainland debit/credit cards (public BIN tables).
CARD_BINS: tuple[tuple[str, int], ...] = (
    ("622202", 19),  # ICBC
    ("621226", 19),  # ICBC
    ("621700", 19),  # CCB
    ("622700", 19),  # CCB
    ("622848", 19),  # ABC
    ("621661", 19),  # BOC
    ("621785", 19),  # BOC
    ("622588", 16),  # CMB
    ("621483", 16),  # CMB
    ("622260", 19),  # BoCom
    ("621799", 19),  # PSBC
    ("622155", 16),  # SPDB? (listed as Ping An in some tables; only the format matters)
    ("622908", 19),  # CIB
    ("621771", 16),  # CITIC
    ("625802", 16),  # China Everbright credit
)
UK_US_BINS: tuple[tuple[str, int], ...] = (
    ("4543", 16),
    ("4929", 16),
    ("5398", 16),
    ("5522", 16),
    ("4147", 16),
    ("3782", 15),
)


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn check."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """Append the check digit that makes ``body`` pass Luhn."""
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable")  # pragma: no cover


def _digits(rng: random.Random, n: int, first_nonzero: bool = False) -> str:
    out = [rng.choice("0123456789") for _ in range(n)]
    if first_nonzero and out:
        out[0] = rng.choice("123456789")
    return "".join(out)


# -- phone numbers ---------------------------------------------------------------


def mobile(rng: random.Random, arg: str, ctx: Context) -> str:
    """``{@mobile}``; arg: ``virtual`` (MVNO ranges), ``masked`` (138****5678),
    ``spaced`` (138 1234 5678 / 138-1234-5678), ``intl`` (+86 ...)."""
    pool = VIRTUAL_PREFIXES if arg == "virtual" and rng.random() < 0.7 else MOBILE_PREFIXES
    prefix = rng.choice(pool)
    number = prefix + _digits(rng, 11 - len(prefix))
    ctx.note("mobile", number)
    if arg == "masked":
        return number[:3] + "****" + number[7:]
    if arg == "spaced":
        sep = rng.choice((" ", "-", " "))
        return f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    if arg == "intl":
        return "+86 " + number if rng.random() < 0.5 else "+86" + number
    return number


def landline(rng: random.Random, arg: str, ctx: Context) -> str:
    area = rng.choice(AREA_CODES)
    local = _digits(rng, 8 if len(area) == 3 else rng.choice((7, 8)), first_nonzero=True)
    if local[0] == "1":
        local = "6" + local[1:]
    ctx.note("landline", area + local)
    return f"{area}-{local}" if rng.random() < 0.8 else area + local


def tel400(rng: random.Random, arg: str, ctx: Context) -> str:
    head = rng.choice(("400", "400", "800"))
    num = head + _digits(rng, 7)
    ctx.note("tel400", num)
    style = rng.random()
    if style < 0.5:
        return f"{num[:3]}-{num[3:6]}-{num[6:]}"
    if style < 0.8:
        return num
    return f"{num[:3]} {num[3:6]} {num[6:]}"


def uk_mobile(rng: random.Random, arg: str, ctx: Context) -> str:
    number = "07" + rng.choice("3456789") + _digits(rng, 8)
    ctx.note("uk_mobile", number)
    if rng.random() < 0.4:
        return f"{number[:5]} {number[5:]}"
    if rng.random() < 0.3:
        return "+44" + number[1:]
    return number


def us_phone(rng: random.Random, arg: str, ctx: Context) -> str:
    area = rng.choice(("212", "213", "305", "312", "415", "469", "617", "646", "702", "832"))
    if arg == "tollfree":
        area = rng.choice(("800", "833", "844", "855", "866", "877", "888"))
    line = rng.choice("23456789") + _digits(rng, 2) + _digits(rng, 4)
    ctx.note("us_phone", area + line)
    style = rng.random()
    if style < 0.4:
        return f"({area}) {line[:3]}-{line[3:]}"
    if style < 0.8:
        return f"{area}-{line[:3]}-{line[3:]}"
    return f"+1 {area} {line[:3]} {line[3:]}"


def en_phone(rng: random.Random, arg: str, ctx: Context) -> str:
    """A UK or US number, following the message's region."""
    if _region(rng, ctx) == "uk":
        if arg == "tollfree":
            num = "0800 " + _digits(rng, 3) + " " + _digits(rng, 4)
            ctx.note("uk_landline", num.replace(" ", ""))
            return num
        return uk_mobile(rng, "", ctx)
    return us_phone(rng, arg, ctx)


# -- cards, accounts and ids ---------------------------------------------------


def card(rng: random.Random, arg: str, ctx: Context) -> str:
    """A full card number that passes Luhn; arg: a BIN to use, or ``en`` for a
    UK/US card, or empty for a random mainland BIN. Grouped by four half the time."""
    if arg == "en":
        bin_, length = rng.choice(UK_US_BINS)
    elif arg.isdigit():
        bin_, length = arg, 19 if arg.startswith("62") else 16
    else:
        bin_, length = rng.choice(CARD_BINS)
    number = luhn_complete(bin_ + _digits(rng, length - len(bin_) - 1))
    ctx.note("card", number)
    if rng.random() < 0.5:
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


def card_tail(rng: random.Random, arg: str, ctx: Context) -> str:
    return _digits(rng, 4)


def qq(rng: random.Random, arg: str, ctx: Context) -> str:
    number = _digits(rng, rng.choice((6, 8, 9, 9, 10, 10, 10)), first_nonzero=True)
    ctx.note("qq", number)
    return number


_WX_WORDS = (
    *("xiaomei", "kefu", "lili", "tianxin", "ayu", "bb", "sunny", "happy", "vip", "lucky"),
    *("jj", "dd", "wang", "zhang", "li", "chen", "liu", "xm", "fuli", "hr", "cw", "laoshi"),
    *("tz", "licai", "daikuan", "zhaopin", "anan", "yy", "mm", "xiaoxiao", "yun", "star"),
)


def wxid(rng: random.Random, arg: str, ctx: Context) -> str:
    """A WeChat-style id: starts with a letter, 6-20 letters, digits, _ or -."""
    parts = [rng.choice(_WX_WORDS)]
    if rng.random() < 0.4:
        parts.append(rng.choice(("_", "-", "")) + rng.choice(_WX_WORDS))
    parts.append(rng.choice(("", "_", "")) + _digits(rng, rng.randint(2, 6)))
    text = "".join(parts)
    if not text[0].isalpha():
        text = "a" + text
    text = text[:20]
    if len(text) < 6:
        text += _digits(rng, 6 - len(text))
    ctx.note("wechat", text)
    return text


def code(rng: random.Random, arg: str, ctx: Context) -> str:
    """A numeric code of ``arg`` digits (default 6)."""
    n = int(arg) if arg else 6
    return _digits(rng, n)


def digits(rng: random.Random, arg: str, ctx: Context) -> str:
    """``{@digits:N}`` or ``{@digits:N-M}``: N (to M) random digits, no leading zero."""
    lo, _, hi = arg.partition("-")
    n = rng.randint(int(lo), int(hi or lo))
    return _digits(rng, n, first_nonzero=True)


def alnum(rng: random.Random, arg: str, ctx: Context) -> str:
    n = int(arg) if arg else 6
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def integer(rng: random.Random, arg: str, ctx: Context) -> str:
    lo, _, hi = arg.partition("-")
    return str(rng.randint(int(lo), int(hi)))


def pct(rng: random.Random, arg: str, ctx: Context) -> str:
    lo, _, hi = arg.partition("-")
    value = rng.uniform(float(lo), float(hi))
    return f"{value:.1f}%" if rng.random() < 0.6 else f"{value:.2f}%"


# -- money, dates ---------------------------------------------------------------


def _region(rng: random.Random, ctx: Context) -> str:
    region = ctx.bound.get("@region")
    if not isinstance(region, str):
        region = "uk" if rng.random() < 0.5 else "us"
        ctx.bound["@region"] = region
    return region


def _pick_amount(rng: random.Random, arg: str) -> tuple[float, bool]:
    """Value in [lo, hi] (log-uniform), and whether it is a round figure."""
    lo_s, _, rest = arg.partition("-")
    hi_s, _, mode = rest.partition(":")
    lo, hi = float(lo_s), float(hi_s)
    value = lo * (hi / lo) ** rng.random() if lo > 0 else rng.uniform(lo, hi)
    round_share = {"round": 1.0, "exact": 0.0}.get(mode, 0.5)
    if rng.random() < round_share:
        step = 10 ** max(0, len(str(int(value))) - 2)
        return max(lo, float(round(value / step) * step)), True
    return round(value, 2), False


def amount(rng: random.Random, arg: str, ctx: Context) -> str:
    """``{@amount:lo-hi}`` or ``{@amount:lo-hi:round|exact}``: yuan in Chinese
    messages, pounds or dollars (by the message's region) in English ones."""
    value, is_round = _pick_amount(rng, arg)
    ctx.note("amount", f"{value:.2f}")
    if ctx.lang == "zh":
        whole = int(value)
        if is_round:
            style = rng.random()
            if whole >= 10000 and style < 0.25:
                wan = value / 10000
                return (f"{wan:g}万" if rng.random() < 0.7 else f"{wan:g}w") + rng.choice(
                    ("", "元", "")
                )
            if style < 0.55:
                return f"{whole}元"
            if style < 0.7:
                return f"{whole}块"
            if style < 0.85:
                return f"¥{whole}"
            return f"{whole:,}.00元"
        style = rng.random()
        if style < 0.5:
            return f"{value:.2f}元"
        if style < 0.8:
            return f"¥{value:,.2f}"
        return f"人民币{value:.2f}元"
    symbol = "£" if _region(rng, ctx) == "uk" else "$"
    if is_round:
        return f"{symbol}{int(value):,}"
    return f"{symbol}{value:,.2f}"


def gbp(rng: random.Random, arg: str, ctx: Context) -> str:
    ctx.bound.setdefault("@region", "uk")
    value, is_round = _pick_amount(rng, arg)
    ctx.note("amount", f"{value:.2f}")
    return f"£{int(value):,}" if is_round else f"£{value:,.2f}"


def usd(rng: random.Random, arg: str, ctx: Context) -> str:
    ctx.bound.setdefault("@region", "us")
    value, is_round = _pick_amount(rng, arg)
    ctx.note("amount", f"{value:.2f}")
    return f"${int(value):,}" if is_round else f"${value:,.2f}"


_BASE = date(2023, 1, 1)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)


def _date(rng: random.Random, ctx: Context) -> date:
    day = ctx.bound.get("@day")
    if not isinstance(day, date):
        day = _BASE + timedelta(days=rng.randint(0, 1000))
        ctx.bound["@day"] = day
    return day + timedelta(days=rng.choice((0, 0, 1, 2, 3, 5, 7)))


def day(rng: random.Random, arg: str, ctx: Context) -> str:
    """A date near the message's own date; formats by language (and UK/US order)."""
    d = _date(rng, ctx)
    if ctx.lang == "zh":
        style = rng.random()
        if arg == "long" or style < 0.15:
            return f"{d.year}年{d.month}月{d.day}日"
        if style < 0.75:
            return f"{d.month}月{d.day}日"
        if style < 0.9:
            return f"{d.month:02d}-{d.day:02d}"
        return f"{d.year}-{d.month:02d}-{d.day:02d}"
    uk = _region(rng, ctx) == "uk"
    style = rng.random()
    if style < 0.35:
        return f"{d.day} {_MONTHS[d.month - 1]}" if uk else f"{_MONTHS[d.month - 1]} {d.day}"
    if style < 0.6:
        return f"{d.day:02d}/{d.month:02d}" if uk else f"{d.month}/{d.day}"
    if style < 0.85:
        long = _MONTHS_LONG[d.month - 1]
        return f"{d.day} {long}" if uk else f"{long} {d.day}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if uk else f"{d.month:02d}/{d.day:02d}/{d.year}"


def clock(rng: random.Random, arg: str, ctx: Context) -> str:
    """A time of day; arg ``day`` keeps it within office hours."""
    hour = rng.randint(8, 18) if arg == "day" else rng.choice(range(6, 24))
    minute = rng.randint(0, 59)
    if ctx.lang == "en" and rng.random() < 0.3:
        suffix = "am" if hour < 12 else "pm"
        return f"{(hour - 1) % 12 + 1}:{minute:02d}{suffix}"
    return f"{hour:02d}:{minute:02d}"


# -- links -------------------------------------------------------------------------

_SCAM_BRANDS: dict[str, tuple[str, ...]] = {
    "bank": ("icbc", "ccb", "abchina", "boc", "cmbchina", "bankcomm", "psbc", "95588", "95533"),
    "shop": ("taobao", "tmall", "jd", "pdd", "yangkeduo", "alipay", "xianyu", "douyin"),
    "express": ("sf-express", "sf", "zto", "yto", "sto", "yunda", "ems", "cainiao", "jdl"),
    "telecom": ("10086", "10010", "189", "chinamobile", "cmcc", "unicom", "ctc"),
    "gov": ("gov", "12368", "court", "spp", "mps", "gaj", "chsi", "nhsa", "shebao", "chinatax"),
    "prize": ("jf", "jifen", "cctv", "hdjl", "zhongjiang", "fuli", "ljl", "etc", "etcp", "bt"),
    "game": ("5173", "jiaoyimao", "wzry", "qq-game", "ys-pay", "steam", "pxb7"),
    "invest": ("coin", "usdt", "btc", "huobi", "okx", "gold", "licai", "fund", "zhq", "stock"),
    "loan": ("dai", "jiebei", "weilidai", "jietiao", "xyk", "credit", "daikuan", "kuaidai"),
    "app": ("app", "down", "dl", "apk", "meeting", "zoom", "vip", "kf", "tv"),
    "uk": ("hmrc", "royalmail", "dvla", "nhs", "evri", "gov-uk", "tvlicensing", "ee", "o2"),
    "us": ("usps", "irs", "ssa", "chase", "wellsfargo", "bofa", "fedex", "ups", "paypal"),
    "tech": ("apple", "icloud", "amazon", "netflix", "microsoft", "google", "paypal", "meta"),
    "crypto": ("binance", "coinbase", "crypto", "btc", "eth", "usdt", "trade", "fx", "mt5"),
}
# English messages: the same themes with the brands English-speaking victims know.
_SCAM_BRANDS_EN: dict[str, tuple[str, ...]] = {
    "bank": ("barclays", "hsbc", "lloyds", "natwest", "santander", "chase", "wellsfargo", "bofa"),
    "shop": ("amazon", "amzn", "ebay", "paypal", "walmart", "argos", "temu", "shein"),
    "express": ("royalmail", "evri", "dpd", "usps", "ups", "fedex", "parcelforce", "dhl"),
    "telecom": ("ee", "o2", "vodafone", "three", "att", "verizon", "tmobile"),
    "gov": ("hmrc", "gov-uk", "irs", "ssa", "dvla", "uscis", "ftc", "govuk"),
    "prize": ("rewards", "winner", "giveaway", "prize", "bonus", "gift", "tesco", "costco"),
    "game": ("steam", "steamcommunity", "roblox", "fortnite", "epicgames", "discord", "csgo"),
    "invest": ("coin", "usdt", "btc", "trade", "fx", "profit", "capital", "invest"),
    "loan": ("loan", "credit", "cash", "lend", "quickloan", "paydayuk", "funds"),
    "app": ("app", "download", "secure", "support", "remote", "meet", "anydesk"),
}
_SCAM_WORDS = (
    *("vip", "kf", "service", "help", "pay", "refund", "tk", "login", "verify", "secure"),
    *("online", "app", "cn", "gov", "center", "info", "auth", "user", "check", "update"),
    *("claim", "support", "account", "web", "h5", "m", "portal", "reward", "jf", "hk"),
)
_SCAM_TLDS = (
    *(".cc", ".top", ".xyz", ".vip", ".com", ".net", ".cn", ".icu", ".club", ".shop"),
    *(".info", ".live", ".site", ".online", ".co", ".me", ".work", ".buzz", ".fun", ".ltd"),
)
_EN_SCAM_TLDS = (".com", ".net", ".info", ".co", ".online", ".support", ".help", ".live", ".top")
_PATHS = (
    *("", "/", "/m", "/login", "/h5", "/i", "/app", "/kf", "/refund", "/claim", "/verify"),
    *("/index.html", "/s", "/a", "/pay", "/user", "/jf", "/dl", "/auth", "/web", "/c"),
)
_SHORT_HOSTS_ZH = ("t.cn", "dwz.cn", "url.cn", "suo.im", "u.nu", "c.tb.cn", "3.cn", "j.mp")
_SHORT_HOSTS_EN = ("bit.ly", "tinyurl.com", "t.co", "is.gd", "ow.ly", "rb.gy", "cutt.ly")


def _token(rng: random.Random, lo: int, hi: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def _leet(rng: random.Random, word: str) -> str:
    swaps = {"o": "0", "l": "1", "i": "1", "e": "3", "a": "4", "s": "5"}
    spots = [i for i, ch in enumerate(word) if ch in swaps]
    if not spots:
        return word + rng.choice(("s", "-", "x"))
    i = rng.choice(spots)
    return word[:i] + swaps[word[i]] + word[i + 1 :]


def scam_url(rng: random.Random, arg: str, ctx: Context) -> str:
    """A look-alike link; arg is a theme from ``_SCAM_BRANDS`` (default: any) or a
    real domain whose first label the fake one imitates (``icbc.com.cn``)."""
    table = _SCAM_BRANDS_EN if ctx.lang == "en" else _SCAM_BRANDS
    if "." in arg:
        brand = arg.split(".")[0].replace("www", "") or "secure"
    else:
        theme = arg or rng.choice(tuple(table))
        brand = rng.choice(table.get(theme) or _SCAM_BRANDS[theme])
    tlds = _EN_SCAM_TLDS if ctx.lang == "en" else _SCAM_TLDS
    style = rng.random()
    if style < 0.35:
        host = f"{brand}-{rng.choice(_SCAM_WORDS)}{rng.choice(tlds)}"
    elif style < 0.55:
        host = f"{rng.choice(_SCAM_WORDS)}.{brand}{rng.choice(_SCAM_WORDS)}{rng.choice(tlds)}"
    elif style < 0.67:
        host = f"{_leet(rng, brand)}{rng.choice(tlds)}"
    elif style < 0.77:
        host = f"{brand}{rng.randint(1, 999)}{rng.choice(tlds)}"
    elif style < 0.85:
        host = f"{rng.choice(_SHORT_HOSTS_ZH if ctx.lang == 'zh' else _SHORT_HOSTS_EN)}"
        path = "/" + _token(rng, 5, 8)
        url = _scheme(rng, short=True) + host + path
        ctx.note("url", url)
        return url
    elif style < 0.93:
        host = ".".join(str(rng.randint(1, 223)) for _ in range(4))
        if rng.random() < 0.5:
            host += f":{rng.choice((8080, 8888, 8000, 9001, 666))}"
    else:
        host = f"xn--{_token(rng, 4, 6).lower()}-{_token(rng, 3, 5).lower()}{rng.choice(tlds)}"
    if not host[0].isdigit() and not host.startswith("xn--") and rng.random() < 0.15:
        host = "www." + host
    path = rng.choice(_PATHS)
    if path and path != "/" and rng.random() < 0.4:
        path += rng.choice(("?id=", "?u=", "?c=", "/")) + _token(rng, 4, 8)
    url = _scheme(rng) + host + path
    ctx.note("url", url)
    return url


def _scheme(rng: random.Random, short: bool = False) -> str:
    r = rng.random()
    if r < (0.4 if short else 0.3):
        return ""
    if r < 0.75:
        return "https://"
    return "http://"


def url(rng: random.Random, arg: str, ctx: Context) -> str:
    """A link on the official domain ``arg`` (e.g. ``icbc.com.cn``)."""
    if not arg:
        raise ConfigError("@url needs a domain argument")
    host = arg if arg.count(".") >= 2 or rng.random() < 0.4 else rng.choice(("www.", "m.")) + arg
    path = rng.choice(("", "", "/", "/m", "/app", "/s/" + _token(rng, 4, 7), "/h5"))
    text = _scheme(rng) + host + path
    ctx.note("url", text)
    return text


def short_url(rng: random.Random, arg: str, ctx: Context) -> str:
    """A shortened link; brands and scammers both use them."""
    host = arg or rng.choice(_SHORT_HOSTS_ZH if ctx.lang == "zh" else _SHORT_HOSTS_EN)
    text = _scheme(rng, short=True) + host + "/" + _token(rng, 5, 8)
    ctx.note("url", text)
    return text


# -- orders, parcels, names, places ------------------------------------------


def order(rng: random.Random, arg: str, ctx: Context) -> str:
    """An order number: ``taobao`` (18-19 digits), ``jd`` (12), ``pdd``
    (date-digits), ``amazon`` (3-7-7), ``12306`` (E + 9), default 12-16 digits."""
    if arg == "taobao":
        return _digits(rng, rng.choice((18, 19)), first_nonzero=True)
    if arg == "jd":
        return _digits(rng, 12, first_nonzero=True)
    if arg == "pdd":
        d = _date(rng, ctx)
        return f"{d.strftime('%y%m%d')}-{_digits(rng, 15)}"
    if arg == "amazon":
        return f"{_digits(rng, 3, True)}-{_digits(rng, 7)}-{_digits(rng, 7)}"
    if arg == "12306":
        return rng.choice("EG") + _digits(rng, 9)
    if arg == "en":
        return rng.choice(("#", "", "No. ")) + _digits(rng, rng.randint(6, 10), True)
    return _digits(rng, rng.randint(12, 16), first_nonzero=True)


def parcel(rng: random.Random, arg: str, ctx: Context) -> str:
    """A tracking number in the carrier's format (sf, zto, yto, sto, yunda, ems, jd,
    royalmail, evri, ups, usps, fedex, dpd); empty arg picks a Chinese carrier."""
    carrier = arg or rng.choice(("sf", "zto", "yto", "sto", "yunda", "ems", "jd"))
    if carrier == "sf":
        return "SF" + _digits(rng, 13, True)
    if carrier == "zto":
        return rng.choice(("75", "73", "78")) + _digits(rng, 12)
    if carrier == "yto":
        return "YT" + _digits(rng, 13, True)
    if carrier == "sto":
        return "77" + _digits(rng, 13)
    if carrier == "yunda":
        return rng.choice(("43", "46", "31")) + _digits(rng, 13)
    if carrier == "ems":
        return "E" + rng.choice("ACLRV") + _digits(rng, 9) + "CN"
    if carrier == "jd":
        return "JD" + _digits(rng, 13)
    if carrier == "royalmail":
        return (
            rng.choice(string.ascii_uppercase) + rng.choice("BFHKLMNRTV") + _digits(rng, 9) + "GB"
        )
    if carrier == "evri":
        return "H" + _digits(rng, 2) + alnum(rng, "13", ctx)
    if carrier == "ups":
        return "1Z" + alnum(rng, "16", ctx)
    if carrier == "usps":
        return "9400" + _digits(rng, 18)
    if carrier == "fedex":
        return _digits(rng, 12, True)
    if carrier == "dpd":
        return "15" + _digits(rng, 12)
    raise ConfigError(f"@parcel: unknown carrier {carrier!r}")


def pickup(rng: random.Random, arg: str, ctx: Context) -> str:
    """A parcel-locker or station pickup code (取件码)."""
    style = rng.random()
    if style < 0.45:
        return f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}"
    if style < 0.75:
        return _digits(rng, rng.choice((6, 8)))
    if style < 0.9:
        return f"{rng.choice('ABCDEFGH')}{rng.randint(1, 40)}-{rng.randint(100, 999)}"
    return f"{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


_SURNAMES: tuple[str, ...] = (
    *"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
    *("欧阳", "司马", "上官", "诸葛"),
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉玲斌波宇浩凯健俊帆帅旭宁"
    "婷雪琳晨欣怡梓涵子轩雨泽浩然诗琪一诺思远嘉怡文博晓东志强海燕春梅建国立新宏伟佳琪欣悦天佑"
)
_EN_FIRST = (
    *("James", "Oliver", "Harry", "Jack", "George", "Noah", "Leo", "Arthur", "Muhammad", "Jacob"),
    *("Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Sophia", "Grace", "Emily"),
    *("Michael", "David", "Chris", "Daniel", "Sarah", "Jessica", "Ashley", "Emma", "Ryan", "Kevin"),
    *("Tom", "Sam", "Ben", "Kate", "Lucy", "Hannah", "Priya", "Aisha", "Wei", "Mark"),
)
_EN_LAST = (
    *("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel"),
    *("Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall"),
    *("Garcia", "Miller", "Davis", "Martinez", "Anderson", "Lee", "Clark", "Lewis", "Khan", "Chen"),
)


def name(rng: random.Random, arg: str, ctx: Context) -> str:
    """A person's name; arg ``surname``, ``given`` or ``full`` (default full)."""
    if ctx.lang == "zh":
        surname = rng.choice(_SURNAMES)
        if arg == "surname":
            return surname
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        return given if arg == "given" else surname + given
    first = rng.choice(_EN_FIRST)
    if arg in ("given", "first"):
        return first
    last = rng.choice(_EN_LAST)
    return last if arg == "surname" else f"{first} {last}"


_PROVINCE_ABBR = "京沪津渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云陕甘青宁新"


def plate(rng: random.Random, arg: str, ctx: Context) -> str:
    letter = rng.choice("ABCDEFGHJK")
    tail = "".join(rng.choice(string.digits + "ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5))
    return f"{rng.choice(_PROVINCE_ABBR)}{letter}{'·' if rng.random() < 0.3 else ''}{tail}"


def train(rng: random.Random, arg: str, ctx: Context) -> str:
    return f"{rng.choice('GGGDDCKZT')}{rng.randint(1, 2999)}"


def flight(rng: random.Random, arg: str, ctx: Context) -> str:
    codes = ("MU", "CA", "CZ", "HU", "ZH", "3U", "MF", "9C", "FM", "SC")
    if ctx.lang == "en":
        codes = ("BA", "VS", "EZY", "FR", "AA", "UA", "DL", "LH", "AF", "EK")
    return f"{rng.choice(codes)}{rng.randint(100, 9999)}"


def seat(rng: random.Random, arg: str, ctx: Context) -> str:
    if ctx.lang == "en":
        return f"Coach {rng.choice('ABCDEFGH')}, seat {rng.randint(1, 80)}"
    return f"{rng.randint(1, 16):02d}车{rng.randint(1, 20):02d}{rng.choice('ABCDF')}号"


def set_region(rng: random.Random, arg: str, ctx: Context) -> str:
    """``{@region:uk}`` fixes the message's region (currency, date order, phone
    numbers) and writes nothing."""
    if arg not in ("uk", "us"):
        raise ConfigError(f"@region: expected uk or us, got {arg!r}")
    ctx.bound["@region"] = arg
    return ""


ENTITIES: dict[str, EntityFn] = {
    "region": set_region,
    "mobile": mobile,
    "landline": landline,
    "tel400": tel400,
    "uk_mobile": uk_mobile,
    "us_phone": us_phone,
    "en_phone": en_phone,
    "card": card,
    "card_tail": card_tail,
    "qq": qq,
    "wxid": wxid,
    "code": code,
    "digits": digits,
    "alnum": alnum,
    "int": integer,
    "pct": pct,
    "amount": amount,
    "gbp": gbp,
    "usd": usd,
    "date": day,
    "time": clock,
    "scam_url": scam_url,
    "url": url,
    "short_url": short_url,
    "order": order,
    "parcel": parcel,
    "pickup": pickup,
    "name": name,
    "plate": plate,
    "train": train,
    "flight": flight,
    "seat": seat,
}
