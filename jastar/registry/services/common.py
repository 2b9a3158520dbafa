"""Checks shared by the registry services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jastar.registry.models import District, Settlement
from jastar.registry.rules import Errors, add_error


def check_place(errors: Errors, district: District, settlement: Settlement | None) -> None:
    """A settlement, when given, must lie in the district."""
    if settlement is not None and settlement.district_id != district.pk:
        add_error(
            errors,
            "settlement",
            _("%(settlement)s is not in %(district)s.")
            % {"settlement": settlement.name, "district": district.name},
        )


def refuse_fields(data: dict[str, Any], allowed: Iterable[str]) -> None:
    """Refuse an update that touches fields this service does not change."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
