"""The FastAPI application: API under /v1, console at /, OpenAPI at /docs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from fanzha import __version__
from fanzha.core import Settings
from fanzha.core.masking import install_log_masking
from fanzha.platform import Platform
from fanzha.service.errors import install_error_handlers
from fanzha.service.limits import BodySizeLimit
from fanzha.service.routes import (
    calls,
    console,
    health,
    numbers,
    reports,
    shaken,
    subscribers,
    texts,
)


def create_app(settings: Settings | None = None, platform: Platform | None = None) -> FastAPI:
    """Build the app. The platform (store, caches) is opened at startup and closed at shutdown."""
    settings = settings or (platform.settings if platform else Settings.from_env())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = platform is None
        app.state.platform = platform or Platform(settings)
        if not settings.show_full_numbers:
            install_log_masking()
            install_log_masking(logging.getLogger("uvicorn.access"))
        try:
            yield
        finally:
            if owned:
                app.state.platform.close()

    app = FastAPI(
        title="fanzha",
        version=__version__,
        description="Caller-ID authenticity, call and SMS screening, scam text analysis "
        "and number intelligence against telecom and network fraud.",
        lifespan=lifespan,
    )
    if platform is not None:
        app.state.platform = platform
    install_error_handlers(app)
    for module in (health, numbers, calls, reports, subscribers, shaken, texts, console):
        app.include_router(module.router)
    static = resources.files("fanzha.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
