from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha import __version__
from fanzha.service.routes._common import json_response, platform_of

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness, database reachability and versions")
def healthz(request: Request) -> Response:
    """503 with STORE.UNAVAILABLE when the database cannot be reached."""
    platform = platform_of(request)
    platform.store.ping()
    return json_response(
        {
            "status": "ok",
            "database": platform.store.dialect,
            "version": __version__,
            "policy_version": platform.policy.version,
            "registry_version": platform.registry.version,
        }
    )
