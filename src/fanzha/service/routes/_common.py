"""Helpers shared by the route modules."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from fanzha.platform import Platform


def platform_of(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def partner_of(request: Request) -> str | None:
    """Name of the partner whose API key the request carries, if any."""
    key = request.headers.get("x-api-key")
    if not key:
        return None
    return platform_of(request).settings.api_keys.get(key)
