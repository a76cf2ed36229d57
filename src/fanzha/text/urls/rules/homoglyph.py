"""URL.HOMOGLYPH

A host label that mixes Latin letters with Cyrillic, Greek or Armenian ones
(``pаypal`` with a Cyrillic ``а``), or is written wholly in letters that look like
Latin ones (``аррӏе`` for ``apple``). Weighted higher when the Latin look-alike
spells a brand in brands.toml.
"""

from __future__ import annotations

import unicodedata

from fanzha.text.urls.rules.base import RuleHit, UrlContext, UrlRule

_CONFUSABLE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


class Homoglyph(UrlRule):
    name = "homoglyph"
    code = "URL.HOMOGLYPH"

    def check(self, context: UrlContext) -> list[RuleHit]:
        parsed = context.parsed
        for label in parsed.unicode_labels:
            if label.isascii():
                continue
            letters = [c for c in label if c.isalpha()]
            scripts = {_script(c) for c in letters}
            mixed = len(scripts & _CONFUSABLE_SCRIPTS) >= 2
            skeleton = context.lists.skeleton(label)
            disguised = skeleton != label and skeleton.isascii()
            brand = context.brands.brand_for_label(skeleton) if skeleton.isascii() else None
            if brand is not None and (disguised or mixed):
                return [
                    self.hit(
                        context,
                        f"The host label '{label}' uses look-alike letters to spell "
                        f"'{skeleton}' ({brand.name}).",
                        f"域名“{label}”用形近字母拼出“{skeleton}”,冒充{brand.name_zh}。",
                        weight_key="brand_weight",
                        label=label,
                        reads_as=skeleton,
                        brand=brand.id,
                    )
                ]
            if mixed or (disguised and not scripts & {"LATIN"}):
                return [
                    self.hit(
                        context,
                        f"The host label '{label}' mixes alphabets or imitates Latin "
                        f"letters (reads as '{skeleton}').",
                        f"域名“{label}”混用不同文字的字母或模仿拉丁字母(看起来像“{skeleton}”)。",
                        label=label,
                        reads_as=skeleton,
                        scripts=sorted(scripts),
                    )
                ]
        return []
