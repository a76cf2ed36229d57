"""TEXT.SCREEN_SHARING

Screen sharing in a meeting app (腾讯会议, Zoom) shows the scammer every code and
balance on the victim's phone. Meeting apps named by the entity extractor count
when sharing is mentioned around them.
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
    same_sentence,
)
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.SCREEN_SHARING"
REASON = "it asks you to share your screen, which shows your codes and balances to the sender"
REASON_ZH = "要求开启屏幕共享，对方能看到你的验证码、密码和余额"

_PHRASES = Phrases(
    zh=r"屏幕共享|共享(?:一下|下)?(?:你的|您的)?(?:手机)?屏幕|(?:打开|开启|开一下|点击|点开)(?:屏幕)?共享"
    r"|共享给我看|(?:开|进|加入)(?:个|一个)?(?:视频|线上|腾讯|钉钉|飞书)?会议[^。！？!?\n]{0,12}?共享",
    en=r"share (?:your|the|my) (?:phone |mobile )?screen|screen[- ]?shar(?:e|ing)"
    r"|(?:turn on|enable|start|open) (?:the )?screen ?share",
)
_SHARING = re.compile(r"共享|屏幕|入会|会议号|" + latin_words(r"share|sharing|screen|meeting id"))
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    meeting_apps = entities_of(entities, "app", frozenset({"screen_share"}))
    return distinct(
        _FLAGS.scan(norm, _PHRASES, accept=same_sentence),
        _FLAGS.on_entities(norm, meeting_apps, cue=_SHARING),
    )
