"""TEXT.QR_CODE

Scanning a QR code sent by a stranger leads to a payment, a fake site or an app
download without the victim ever seeing an address (扫码付款, 扫码领取退款).
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.QR_CODE"
REASON = "it asks you to scan a QR code, which can lead to a payment or a fake site"
REASON_ZH = "要求扫描二维码，扫码可能直接付款或进入虚假网站"

_PHRASES = Phrases(
    zh=r"扫一扫|扫(?:描|下|一下)?(?:这个|下方|下面|以下|该|图中|图片|图片中|我的|我们的|我发的)?(?:的)?"
    r"(?:二维码|码)|二维码|付款码|收款码",
    en=r"qr[ -]?codes?|scan (?:the |this |my |our |attached |following )?(?:code|barcode)",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    return _FLAGS.scan(norm, _PHRASES)
