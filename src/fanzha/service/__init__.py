"""HTTP service (FastAPI)."""

from fanzha.service.app import create_app

__all__ = ["create_app"]
