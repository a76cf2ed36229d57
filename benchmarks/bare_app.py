"""The floor of the HTTP benchmark: FastAPI with one POST endpoint that returns ``{}``.

Served by ``benchmarks/screening_http.py`` with the same uvicorn options as
``fanzha serve`` (one process per worker, loop and http "auto", i.e. uvloop and
httptools when installed, no access log). The endpoint reads no body, validates
nothing and answers the way fanzha's routes do (a prepared JSON ``Response``), so
the difference to ``POST /v1/calls/screen`` on fanzha is the cost of fanzha itself.

    .venv/bin/python -m uvicorn bare_app:app --app-dir benchmarks --port 8001
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.responses import Response

app = FastAPI(title="bare", openapi_url=None, docs_url=None, redoc_url=None)


@app.post("/v1/calls/screen")
async def screen() -> Response:
    return Response(b"{}", media_type="application/json")
