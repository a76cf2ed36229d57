"""One root error for everything fanzha raises on purpose.

Every error carries a stable machine-readable ``code``, a message a person can
read, optional ``details`` and the HTTP status the service answers with. The
HTTP layer and the CLI both render these; nothing else should be shown to users.
"""

from __future__ import annotations

from typing import Any


class FanzhaError(Exception):
    """Root of all deliberate fanzha errors."""

    code: str = "FANZHA.ERROR"
    status: int = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The one error shape, shared by HTTP and ``--json`` CLI output."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInputError(FanzhaError):
    code = "REQUEST.INVALID"
    status = 422


class InvalidNumberError(InvalidInputError):
    code = "NUMBER.INVALID"


class NotFoundError(FanzhaError):
    code = "NOT_FOUND"
    status = 404


class PayloadTooLargeError(FanzhaError):
    code = "REQUEST.TOO_LARGE"
    status = 413


class ConfigError(FanzhaError):
    """A setting or a policy/registry file is wrong; the operator must fix it."""

    code = "CONFIG.INVALID"
    status = 500


class StoreError(FanzhaError):
    code = "STORE.UNAVAILABLE"
    status = 503
