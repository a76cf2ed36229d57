from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha.core import CallEvent, Ingress
from fanzha.service.routes._common import json_response, platform_of
from fanzha.service.schemas import ScreenCallRequest

router = APIRouter(prefix="/v1/calls", tags=["calls"])


@router.post("/screen", summary="Screen one call: allow, warn or block, with findings")
def screen(body: ScreenCallRequest, request: Request) -> Response:
    event = CallEvent(
        caller=body.caller,
        callee=body.callee,
        ingress=Ingress(body.ingress),
        identity=body.identity,
        trunk=body.trunk,
        official_trunk=body.official_trunk,
        caller_roaming_verified=body.caller_roaming_verified,
        claimed_identity=body.claimed_identity,
    )
    return json_response(platform_of(request).screen_call(event).to_dict())
