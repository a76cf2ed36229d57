from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha.core import InvalidInputError, SmsEvent
from fanzha.core.events import Ingress
from fanzha.service.routes._common import json_response, platform_of
from fanzha.service.schemas import AnalyzeTextRequest, ScreenSmsRequest

router = APIRouter(tags=["texts"])

_MAX_BATCH_CHARS = 200_000


@router.post(
    "/v1/texts/analyze",
    summary="Analyze a message: scam score, fraud type, red flags, entities, link risks",
)
def analyze(body: AnalyzeTextRequest, request: Request) -> Response:
    analyzer = platform_of(request).text_analyzer
    if (body.text is None) == (body.texts is None):
        raise InvalidInputError(
            "give either text or texts", code="TEXT.ONE_OF", details={"fields": ["text", "texts"]}
        )
    if body.text is not None:
        return json_response(analyzer.analyze(body.text, lang=body.lang).to_dict())
    texts = body.texts or []
    if any(len(text) > 20_000 for text in texts) or sum(map(len, texts)) > _MAX_BATCH_CHARS:
        raise InvalidInputError(
            "each text may have 20000 characters and a batch 200000",
            code="TEXT.TOO_LONG",
            details={"field": "texts"},
        )
    results = analyzer.analyze_many(texts, lang=body.lang)
    return json_response({"results": [result.to_dict() for result in results]})


@router.post(
    "/v1/sms/screen",
    summary="Screen one SMS: allow, warn or block, from its sender and its text",
)
def screen_sms(body: ScreenSmsRequest, request: Request) -> Response:
    event = SmsEvent(body.sender, body.recipient, body.text, Ingress(body.ingress))
    return json_response(platform_of(request).screen_sms(event).to_dict())
