"""TEXT.REMOTE_CONTROL_APP

Remote-control apps (向日葵, ToDesk, TeamViewer, AnyDesk) hand the victim's phone
or computer to the scammer, who then makes the transfers. Any mention counts:
there is no honest reason for a stranger to ask for one. 向日葵 is also the
sunflower, so flower talk does not count.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, distinct, entities_of
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.REMOTE_CONTROL_APP"
REASON = "it mentions a remote-control app that would let the sender operate your device"
REASON_ZH = "涉及远程控制软件（如向日葵、ToDesk），对方可借此操控你的手机或电脑"

_PHRASES = Phrases(
    zh=r"(?<!一朵)(?<!种)向日葵(?!花|籽|田|班|幼儿园|油|的花)"
    r"|远程(?:协助|控制|桌面|操作|操控|软件|连接|支持|指导)|远控",
    en=r"to ?desk|team ?viewer|any ?desk|rust ?desk|quick ?support|ultra ?viewer|splashtop"
    r"|logmein|ammyy|supremo|airdroid|chrome remote desktop"
    r"|remote (?:access|desktop|control|support|assistance)(?: app| software| tool)?",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    apps = entities_of(entities, "app", frozenset({"remote_control"}))
    return distinct(_FLAGS.scan(norm, _PHRASES), _FLAGS.on_entities(norm, apps))
