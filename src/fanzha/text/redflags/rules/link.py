"""TEXT.LINK

The message carries a link. Many genuine messages do too, so the weight is
modest; the link model (fanzha.text.urls) judges the link itself. Links come
from the entity extractor's ``url`` entities.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, distinct, entities_of
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.LINK"
REASON = "it contains a link; scam messages lead to fake sites through links"
REASON_ZH = "含有链接，诈骗短信常用链接引你进入虚假网站"

_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    # A link is a link even in a warning, so no negation check here.
    return distinct(_FLAGS.on_entities(norm, entities_of(entities, "url"), negatable=False))
