from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha import __version__
from fanzha.service.routes._common import json_response, platform_of

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and versions")
async def healthz(request: Request) -> Response:
    platform = platform_of(request)
    return json_response(
        {
            "status": "ok",
            "version": __version__,
            "policy_version": platform.policy.version,
            "registry_version": platform.registry.version,
        }
    )
