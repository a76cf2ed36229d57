from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from fanzha.platform import report_to_dict
from fanzha.service.routes._common import json_response, partner_of, platform_of
from fanzha.service.schemas import ReportRequest

router = APIRouter(prefix="/v1/reports", tags=["reports"])


@router.post("", status_code=201, summary="Report a scam number (举报)")
def add_report(body: ReportRequest, request: Request) -> Response:
    """The report is stored durably before the answer is sent.

    Without an API key the reporter is the client's address, so one person
    cannot pose as many; partners with a key may name their own reporters.
    """
    partner = partner_of(request)
    if partner is not None and body.reporter:
        reporter, source = f"{partner}:{body.reporter}", partner
    else:
        host = request.client.host if request.client else "unknown"
        reporter, source = f"addr:{host}", "api"
    stored, number = platform_of(request).add_report(
        body.number, body.kind.value, body.category.value, body.text, reporter, source
    )
    return json_response({"report": report_to_dict(stored), "number": number.to_dict()}, status=201)


@router.get("", summary="Latest reports (numbers masked unless you hold an API key)")
def list_reports(
    request: Request,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    platform = platform_of(request)
    mask = partner_of(request) is None
    reports = platform.store.recent_reports(limit=limit, offset=offset)
    return json_response(
        {
            "total": platform.store.count_reports(),
            "reports": [report_to_dict(r, mask=mask) for r in reports],
        }
    )
