"""TEXT.ADD_CHAT_APP

Nearly every scam script moves the victim to a private chat (加微信, 加V, 加QQ,
Telegram, WhatsApp): out of sight of the platform's moderation and of the
operator's SMS filter. Chat apps and WeChat/QQ handles found by the entity
extractor count when a verb such as "add" or "contact" stands next to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import (
    Flagger,
    Phrases,
    distinct,
    entities_of,
    latin_words,
    text_index,
)
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ADD_CHAT_APP"
REASON = "it asks you to add or contact the sender on a private chat app"
REASON_ZH = "要求你添加微信、QQ等聊天软件私下联系"

# Spellings scammers use to dodge filters (薇信, 威信, vx, 扣扣, 飞机 for Telegram);
# a bare 微 or v only before a non-Chinese character ("加v: abc", not "加微博").
_CHAT_APPS = (
    r"(?:微信|薇信|威信|徽信|危信|微心|v信|卫星|vx|wx|weixin|wechat|扣扣|qq|企鹅|纸飞机|飞机|电报"
    r"|telegram|tg(?![a-z])|whatsapp|line(?![a-z])|skype|signal|钉钉|蝙蝠|土豆|potato"
    r"|v(?![a-z])|q(?![a-z])|微(?![\u4e00-\u9fff]))"
)
_PHRASES = Phrases(
    # 更加, 增加, 参加... are not "add".
    zh=r"(?<![增参更追附施强外叠])(?:加|➕) ?(?:一下|下|个|我|我的|我们|我们的|一下我|我个)? ?"
    r"(?:企业|工作|官方)?(?:的)? ?"
    + _CHAT_APPS
    + r"|(?:联系|私聊|找|私信)我?(?:的)?"
    + _CHAT_APPS
    + r"|(?:微信|qq|扣扣|telegram|whatsapp|飞机)(?:上)?(?:联系|私聊|找|聊)我"
    r"|(?:下载|安装|注册)(?:一下|一个|个)?[\w ]{0,4}?(?:聊天软件|聊天app|聊天工具|通讯软件|社交软件"
    r"|telegram|whatsapp|纸飞机|飞机|蝙蝠|土豆|potato|signal|skype)",
    en=r"(?:add|message|text|contact|reach|find|ping|dm|chat with|talk to|call) (?:me|us) "
    r"(?:on|via|at|through|over) (?:whatsapp|telegram|wechat|signal|line|viber|kik|skype"
    r"|snapchat|imo|botim)"
    r"|(?:download|install|get|join) (?:the )?(?:whatsapp|telegram|signal|viber|kik|skype)"
    r"|my (?:whatsapp|telegram|wechat|signal|viber|kik|skype)(?: id| number| handle)?(?: is|:)"
    r"|\+ ?(?:vx|wx|v|qq|wechat)",
)
_CONTACT_VERB = re.compile(
    r"加|添加|\+|联系|私聊|私信|搜|找我" + "|" + latin_words(r"add|contact|message|text|reach|dm")
)
# A shop's or operator's official account (关注微信公众号) is publicity, not a private chat.
_OFFICIAL_ACCOUNT = re.compile(r"\W{0,2}(?:公众号|官方账号|官方号|服务号|小程序|视频号)")
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    handles = [
        handle
        for handle in (
            *entities_of(entities, "app", frozenset({"chat"})),
            *entities_of(entities, "wechat"),
            *entities_of(entities, "qq"),
        )
        if not _OFFICIAL_ACCOUNT.match(norm.text, text_index(norm, handle.end))
    ]
    return distinct(
        _FLAGS.scan(norm, _PHRASES), _FLAGS.on_entities(norm, handles, cue=_CONTACT_VERB)
    )
