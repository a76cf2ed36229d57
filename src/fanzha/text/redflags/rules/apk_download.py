"""TEXT.APK_DOWNLOAD

Fake investment, loan and "anti-fraud" apps are installed outside the app
stores, from a link or an .apk file, and come with remote control or SMS theft
built in.
"""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.text.normalize import Normalized
from fanzha.text.redflags.rule import Flagger, Phrases, distinct, entities_of
from fanzha.text.types import Entity, RedFlag

CODE = "TEXT.APK_DOWNLOAD"
REASON = "it asks you to download and install an app from a link or an .apk file"
REASON_ZH = "要求你通过链接或安装包下载安装App，这类App常带木马或是虚假平台"

_PHRASES = Phrases(
    zh=r"(?:下载|安装)(?:一下|一个|个|这个|我们的|以下|我发的)?[\w ]{0,8}?(?:app|apk|客户端|软件|应用|安装包)"
    r"|安装包|扫码下载|点击下载",
    # "apk" as a word also covers a ".apk" file name in a link.
    en=r"(?:download|install)(?: and install)? (?:this|our|the|my|following|attached|an?) "
    r"(?:\w+ )?(?:app|application|apk)|apk(?: file)?|sideload\w*|unknown sources",
)
_FLAGS = Flagger(CODE, REASON, REASON_ZH)


def find(norm: Normalized, entities: Sequence[Entity]) -> list[RedFlag]:
    apps = entities_of(entities, "app", frozenset({"apk"}))
    return distinct(_FLAGS.scan(norm, _PHRASES), _FLAGS.on_entities(norm, apps))
