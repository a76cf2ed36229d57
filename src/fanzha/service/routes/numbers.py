from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha.service.routes._common import json_response, platform_of

router = APIRouter(prefix="/v1/numbers", tags=["numbers"])


@router.get("/{number}", summary="Classify a number and show its reputation")
def check_number(number: str, request: Request) -> Response:
    """Any format people or switches use: +86..., 0086..., 010-..., sip:, tel:, 110, 95588."""
    report = platform_of(request).check_number(number)
    return json_response(report.to_dict())
