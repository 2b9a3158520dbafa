"""``/api/docs/``: a plain page listing the API's endpoints, read from the OpenAPI schema.

Rendered on the server from the same document ``/api/schema/`` serves, so it cannot drift
from the code, and it loads nothing from elsewhere (no Swagger UI from a CDN).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    body: list[Field]
    responses: list[str]

    @property
    def anchor(self) -> str:
        return f"{self.method}{self.path}".lower().replace("/", "-").strip("-")


def _describe(schema: dict[str, Any], spec: dict[str, Any]) -> str:
    """A field's type in a few words: ``integer``, ``array of string``, ``open | closed``."""
    for key in ("allOf", "oneOf", "anyOf"):
        if spec.get(key):
            return " | ".join(_describe(schema, option) for option in spec[key])
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        target = schema.get("components", {}).get("schemas", {}).get(name, {})
        return " | ".join(str(v) for v in target["enum"] if v) if "enum" in target else name
    if spec.get("type") == "array":
        return f"{_describe(schema, spec.get('items', {}))}[]"
    if spec.get("enum"):
        return " | ".join(str(v) for v in spec["enum"] if v)
    kind = str(spec.get("type", "object"))
    return f"{kind} ({spec['format']})" if spec.get("format") else kind


def _body(schema: dict[str, Any], operation: dict[str, Any]) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    component = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    required = set(component.get("required", []))
    return [
        Field(name, _describe(schema, spec), name in required, str(spec.get("description", "")))
        for name, spec in component.get("properties", {}).items()
        if not spec.get("readOnly")
    ]


def _parameters(schema: dict[str, Any], operation: dict[str, Any]) -> list[Field]:
    return [
        Field(
            f"{p['name']} ({p['in']})",
            _describe(schema, p.get("schema", {})),
            bool(p.get("required")),
            str(p.get("description", "")),
        )
        for p in operation.get("parameters", [])
    ]


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation of ``schema``, in path order, with what a reader needs to call it."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            description = str(operation.get("description", "")).strip().replace("``", "`")
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=description.split("\n\n", 1)[0],
                    description=description,
                    parameters=_parameters(schema, operation),
                    body=_body(schema, operation),
                    responses=sorted(operation.get("responses", {})),
                )
            )
    return found


def api_docs(request: HttpRequest) -> HttpResponse:
    """The endpoints of API v1, from the schema, as one readable page.

    Like the API (``LocalizedAPIView``), it lives outside ``i18n_patterns``, so it picks
    the language from the language cookie or the Accept-Language header itself.
    """
    translation.activate(translation.get_language_from_request(request))
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    context = {"info": schema.get("info", {}), "operations": operations(schema)}
    return render(request, "api/docs.html", context)
