"""The one error type services raise besides Django's ValidationError."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class ApplicationError(Exception):
    """A business rule refused an operation; ``message`` is shown to the user.

    ``extra`` carries structured details (field names, limits) for the API's
    ``{"message", "extra"}`` error format.
    """

    def __init__(self, message: str | Promise, extra: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.extra = extra or {}
