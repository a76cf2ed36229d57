"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from fanzha.core import FanzhaError

log = logging.getLogger("fanzha.service")

_STATUS_CODES = {
    400: "REQUEST.MALFORMED",
    401: "AUTH.REQUIRED",
    403: "AUTH.FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "REQUEST.TOO_LARGE",
    415: "REQUEST.UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> Response:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Never echo the offending input back: it may be huge or personal.
    return [
        {
            "loc": [str(part) for part in err.get("loc", ())],
            "type": err.get("type", ""),
            "message": err.get("msg", ""),
        }
        for err in exc.errors()[:20]
    ]


async def _fanzha_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, FanzhaError)
    if exc.status >= 500:
        log.error("%s: %s", exc.code, exc.message)
    return error_response(exc.status, exc.code, exc.message, exc.details)


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_details(exc)
    if any(err["type"] == "json_invalid" for err in errors):
        return error_response(400, "REQUEST.MALFORMED_JSON", "The request body is not valid JSON.")
    first = errors[0] if errors else {"loc": [], "message": "invalid request"}
    where = ".".join(part for part in first["loc"] if part != "body") or "request"
    return error_response(
        422,
        "REQUEST.VALIDATION",
        f"Invalid request: {where}: {first['message']}",
        {"errors": errors},
    )


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "REQUEST.ERROR")
    return error_response(exc.status_code, code, str(exc.detail))


async def _unexpected(_: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "INTERNAL", "Internal error; it has been logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(FanzhaError, _fanzha_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
