"""The web console (analysts) and the citizen page share one template for now."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from fanzha import __version__
from fanzha.core import CATEGORY_LABELS, ReportKind
from fanzha.service.routes._common import platform_of

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("fanzha.web").joinpath("templates")))


@router.get("/")
def console(request: Request) -> Response:
    platform = platform_of(request)
    return templates.TemplateResponse(
        request,
        "index.html",
        {
            "version": __version__,
            "policy_version": platform.policy.version,
            "registry_version": platform.registry.version,
            "categories": [(c.value, zh, en) for c, (zh, en) in CATEGORY_LABELS.items()],
            "kinds": [k.value for k in ReportKind],
        },
    )
