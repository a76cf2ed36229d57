"""QQ numbers and WeChat ids, reported only when a cue word introduces them
("QQ：12345678", "加微信 abc_123", "vx: 13812345678"): a bare digit run is far
more often an order or account number than a QQ number."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from fanzha.core.errors import InvalidNumberError
from fanzha.numbers import parse_number
from fanzha.text.entities.base import Candidate, preceded_by
from fanzha.text.normalize import Normalized

# Whitespace between a cue, its connecting words and the id. Bounded, and never
# next to another whitespace run, so a long run of spaces cannot make the regex
# try every way of splitting it.
_LINK_SPACE = r"\s{0,3}"
_QQ = re.compile(
    r"(?P<cue>(?<![a-z])qq|扣扣|企鹅|(?<=加|\+)q|(?<![a-z])q(?=\s{0,3}[:=]))"
    r"(?P<what>号码|号|群号|群|账号|帐号)?"
    rf"{_LINK_SPACE}(?:(?:是|为|:|=|-){_LINK_SPACE}){{0,3}}"
    r"(?P<id>[1-9][0-9]{4,10})(?![0-9])"
)
_WECHAT = re.compile(
    r"(?P<cue>微信号码|微信号|微信|威信|薇信|徽信|维信|(?<![a-z0-9])v信|微x"
    r"|(?<![a-z0-9])(?:wechat\s{0,3}id|wechat|weixin|vx|wx|v(?=\s{0,3}[:=]))|加v|\+v)"
    rf"(?P<link>{_LINK_SPACE}(?:(?:号码|号|账号|帐号|id|is|是|为|同号|:|=|-){_LINK_SPACE}){{0,3}})"
    r"(?P<id>[a-z][a-z0-9_\-]{5,19}|1[3-9][0-9]{9})(?![a-z0-9_\-])"
)
# WeChat's own internal ids name themselves: wxid_ab12cd34.
_WXID = re.compile(r"(?<![a-z0-9_])wxid_[a-z0-9_\-]{4,30}(?![a-z0-9_\-])")
_CHINESE_CUE = re.compile(r"[\u4e00-\u9fff]")
_ADD_BEFORE = re.compile(r"(?:加|添加|\+|add)[^0-9a-z]{0,3}$")
_EXPLICIT_LINK = re.compile(r"[:=]|号|id")
_ID_MARKS = re.compile(r"[0-9_\-]")
# English words that follow "WeChat" in ordinary sentences.
_NOT_IDS = frozenset((
    "wechat", "weixin", "account", "accounts", "support", "official", "number", "please",
    "contact", "friend", "friends", "group", "groups", "payment", "payments", "service",
    "services", "message", "messages", "moments", "channel", "channels",
))  # fmt: skip


def find_qq_numbers(norm: Normalized) -> Iterator[Candidate]:
    for match in _QQ.finditer(norm.text):
        details: dict[str, Any] = {"cue": match["cue"]}
        if match["what"] and match["what"].startswith("群"):
            details["group"] = True
        yield Candidate("qq", match.start("id"), match.end("id"), match["id"], details)


def find_wechat_ids(norm: Normalized) -> Iterator[Candidate]:
    text = norm.text
    for match in _WECHAT.finditer(text):
        wechat_id, cue, link = match["id"], match["cue"], match["link"]
        details: dict[str, Any] = {"cue": cue}
        if wechat_id[0].isdigit():
            details["id_type"] = "phone"
            with contextlib.suppress(InvalidNumberError):
                details["e164"] = parse_number(wechat_id).e164
        elif not _plausible_id(text, match.start(), wechat_id, cue, link):
            continue
        else:
            details["id_type"] = "id"
        yield Candidate("wechat", match.start("id"), match.end("id"), wechat_id, details)
    for match in _WXID.finditer(text):
        details = {"cue": "wxid", "id_type": "wxid"}
        yield Candidate("wechat", match.start(), match.end(), match.group(), details)


def _plausible_id(text: str, cue_start: int, wechat_id: str, cue: str, link: str) -> bool:
    """Whether a Latin-letter id after a cue is an id rather than the next word."""
    if wechat_id in _NOT_IDS or wechat_id.startswith("wxid_"):
        return False
    explicit = _EXPLICIT_LINK.search(link) is not None
    chinese_cue = _CHINESE_CUE.search(cue) is not None
    if not link and not chinese_cue:
        return False  # "wxabc123", "wechatpay": no telling where the cue ends
    if _ID_MARKS.search(wechat_id):
        return True
    # Letters only ("zhangsan"): an English word is just as likely unless the cue
    # says an id follows ("微信号：", "WeChat ID:") or asks to add it ("加微信 zhangsan").
    return explicit or (chinese_cue and preceded_by(_ADD_BEFORE, text, cue_start, window=8))
