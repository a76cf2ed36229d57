"""TEXT.ASKS_ID

Identity documents let a scammer open accounts, take loans and register SIM
cards in the victim's name. Naming an ID card is not suspicious ("请携带身份证
原件"); asking for its number or a photo is. A photo of oneself holding the ID
card (手持身份证) is only ever asked for to pass remote identity checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, distinct, requested
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.ASKS_ID"
REASON = "it asks for your ID card, its number or a photo of it"
REASON_ZH = "索要身份证号码或身份证照片，可能被用来冒用你的身份"

_ALWAYS = Phrases(
    zh=r"手持(?:身份证|证件|护照)(?:照片|照)?",
    en=r"(?:selfie|photo|picture) (?:of you )?(?:with|holding) (?:your )?(?:id|id card|passport)",
)
_WHEN_ASKED = Phrases(
    zh=r"身份证(?:号码|号|正反面|正面|反面|照片|复印件|信息)?|证件(?:照片|号码|号)|护照(?:号码|号|照片)?",
    en=r"id card|identity card|id (?:photo|number|document)s?|photo (?:id|of your id(?: card)?)"
    r"|passport(?: photo| number| copy| details)?|driver'?s licen[cs]e"
    r"|social security (?:number|no)|ssn|national insurance number",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return distinct(_FLAGS.scan(norm, _ALWAYS), _FLAGS.scan(norm, _WHEN_ASKED, accept=requested))
