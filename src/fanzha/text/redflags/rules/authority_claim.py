"""TEXT.AUTHORITY_CLAIM

Impersonated police, procurators, courts and agencies (公检法, 医保局, 电信局,
"HMRC", "IRS") frighten the victim into obeying. Genuine reminders name the
police too, but to say what they never do ("公安机关不会..."), which the shared
negation check recognises.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.AUTHORITY_CLAIM"
REASON = "it invokes the police, a court or an agency to frighten you into obeying"
REASON_ZH = "冒用公安、检察院、法院或政府部门名义施压，真正的公检法不会电话办案要你转账"

_PHRASES = Phrases(
    zh=r"公安(?:局|机关|部|厅)?|派出所|刑侦|经侦|网警|网监|检察(?:院|官)|法院|法官|公检法|通缉令?|逮捕令?"
    r"|拘捕令|冻结令|传票|警官|警察|民警|医保局|社保局|电信局|工信部|通信管理局|银保监|金融监管|证监会"
    r"|人民银行|央行|税务局|海关|国安|国际刑警|反洗钱中心|专案组|侦查",
    en=r"police|court (?:order|summons|case|hearing|notice)|(?:supreme|high|district) court|tax office"
    r"|hmrc|irs|fbi|interpol|customs(?: and border)?|immigration|social security administration"
    r"|department of justice|arrest warrant|warrant for your arrest|detective|prosecutor"
    r"|federal agent|officer",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
