"""Shapes shared by every part of the API: the error format, references to reference data
by code, and a person as other records mention them (with personal data only for those
who may see it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers

from jastar.core.access import can_see_personal_data
from jastar.registry.models import Person


class ErrorOutputSerializer(serializers.Serializer[Any]):
    """The one error format (see ``jastar.api.exceptions``)."""

    message = serializers.CharField()
    extra = serializers.DictField(child=serializers.JSONField())


def by_code(queryset: QuerySet[Any], help_text: str, **kwargs: Any) -> Any:
    """An input field naming a row of reference data (district, occupation …) by its code."""
    return serializers.SlugRelatedField(
        slug_field="code", queryset=queryset, help_text=help_text, **kwargs
    )


def code_of(source: str, help_text: str = "") -> Any:
    """An output field giving a related row's code, or null when there is none."""
    return serializers.CharField(
        source=f"{source}.code", allow_null=True, read_only=True, help_text=help_text
    )


def scoped(queryset: Any, help_text: str, **kwargs: Any) -> Any:
    """A reference by id to a row of ``queryset``: the rows the caller may reach, set by the
    view, so a row outside them is "does not exist" like a missing one."""
    return serializers.PrimaryKeyRelatedField(queryset=queryset, help_text=help_text, **kwargs)


class ScopedInputSerializer(serializers.Serializer[Any]):
    """An input whose references are limited to the rows the view gives as ``scopes``."""

    def __init__(self, *args: Any, scopes: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rows in (scopes or {}).items():
            self.fields[name].queryset = rows  # type: ignore[attr-defined]


def personal(context: dict[str, Any], person: Model) -> bool:
    """Whether the caller (``context["request"].user``) may see ``person``'s personal data."""
    return can_see_personal_data(context["request"].user, person)


def withhold(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """``data`` with ``fields`` set to None: personal data the caller may not see."""
    return {**data, **dict.fromkeys(fields, None)}


class PersonRefOutputSerializer(serializers.Serializer[Person]):
    """A person as a placement or participation mentions them. ``iin`` is always masked;
    ``name`` is null for callers without access to the person's personal data."""

    id = serializers.IntegerField()
    iin = serializers.CharField(source="masked_iin", help_text="Masked: ********3456.")
    name = serializers.CharField(source="full_name", allow_null=True)
    district = serializers.CharField(source="district.code")

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        return data if personal(self.context, instance) else withhold(data, ("name",))
