"""The API's JSON parser: PostgreSQL cannot store or even compare text holding a NUL
character, so a body with one is refused as malformed (400) before it reaches a lookup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

NUL_REFUSED = _("Text must not contain the NUL character (0x00).")


def has_nul(value: Any) -> bool:
    """Whether a parsed JSON value (or query parameters) holds a NUL character anywhere."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(NUL_REFUSED)
        return data
