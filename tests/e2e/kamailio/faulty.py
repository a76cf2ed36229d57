"""A handler factory with an injected fault, loaded by Kamailio's embedded Python in the tests.

Calls to a callee ending in 9999 raise inside the handler (after the call was
read, so the log line names the masked numbers); every other call is screened
as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fanzha.callerid.kamailio.handler import CallView, HandlerSettings, KamailioHandler

FAULTY_SUFFIX = "9999"


class FaultyHandler(KamailioHandler):
    def _terminating(self, call: CallView) -> int:
        if call.callee.endswith(FAULTY_SUFFIX):
            raise RuntimeError(f"injected fault while screening {call.caller}")
        return super()._terminating(call)


def create_handler(data: Mapping[str, Any], ksr: Any) -> KamailioHandler:
    handler = FaultyHandler(HandlerSettings.from_json(data), ksr)
    handler.prepare()
    return handler
