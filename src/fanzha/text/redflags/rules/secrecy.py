"""TEXT.SECRECY

Secrecy keeps the victim from the people who would stop the scam: "this is a
confidential case, don't tell your family", "don't hang up". Genuine police and
banks have no reason to forbid talking to family or the bank counter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, clause_after, clause_before, latin_words
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.SECRECY"
REASON = "it tells you to keep it secret or stay on the line, cutting you off from help"
REASON_ZH = "要求你保密、不要告诉家人或不要挂电话，让你无法求助"

_PEOPLE = (
    r"(?:任何人|家人|家里人|亲友|亲人|朋友|别人|他人|父母|爸妈|老公|老婆|爱人|配偶|子女|孩子|银行|柜台"
    r"|警察|民警|派出所|同事|领导)"
)
_DONT = r"(?:不要|不能|不准|不许|别|不可以|不得)"
_PHRASES = Phrases(
    zh=_DONT
    + r"(?:告诉|透露给|对外透露|说给)"
    + _PEOPLE
    + r"|"
    + _DONT
    + r"(?:跟|和|对|向)"
    + _PEOPLE
    + r"(?:说|讲|提|透露|联系)"
    + r"|"
    + _DONT
    + r"(?:让|被)"
    + _PEOPLE
    + r"知道"
    r"|(?:对|要|必须|需要|严格|务必|绝对|一定要|全程)保密|保密(?:协议|案件|义务|规定|调查|令)|机密案件"
    r"|不要声张|不得(?:向\S{0,4}?)?透露|(?:不要|别|不能|不准)挂(?:断)?(?:电话)?|秘密(?:侦查|调查)"
    r"|侦查不公开|找(?:个|一个)(?:安静|没人|没有人)的?(?:地方|房间)|(?:去|到)(?:酒店|宾馆)(?:开房|单独)",
    en=r"(?:don't|do not|dont|never) (?:tell|inform|contact|call) (?:anyone|anybody|your "
    r"(?:family|bank|parents|wife|husband|children|kids|friends|partner))"
    r"|keep (?:this|it|the matter) (?:confidential|secret|between us|to yourself|private)"
    r"|strictly confidential|tell no one|(?:don't|do not) (?:hang up|discuss this)"
    r"|secret investigation",
)
# "验证码不得透露给他人", "do not tell anyone your PIN": the reader's own secret
# is being protected, which is advice, not isolation.
_READERS_SECRET = re.compile(
    r"验证码|校验码|密码|卡号|身份证|" + latin_words(r"pin|password|passcode|code|otp|card")
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def _not_about_readers_secret(norm: Normalized, match: re.Match[str]) -> bool:
    start, end = match.span()
    around = (
        clause_before(norm, start, 24, sentence=True)
        + " "
        + clause_after(norm, end, 24, sentence=True)
    )
    return _READERS_SECRET.search(around) is None


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES, accept=_not_about_readers_secret)
