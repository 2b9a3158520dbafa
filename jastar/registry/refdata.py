"""Load the reference data shipped in ``jastar/registry/data`` into the database.

One loader serves the data migration (with the historical ``apps`` registry) and the
``jastar refdata`` command (with the live one). Rows are matched by their natural key
(code, year); existing rows are left as an administrator edited them unless
``update=True``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from jastar.core.translit import to_latin

DATA_DIR = Path(__file__).resolve().parent / "data"
_OCCUPATION_LEVELS = {"major": 1, "sub_major": 2, "minor": 3, "unit": 4, "occupation": 5}
_FIELD_LEVELS = ("broad", "narrow", "detailed")


class AppsRegistry(Protocol):
    def get_model(self, app_label: str, model_name: str | None = ...) -> Any: ...


def read_items(name: str, key: str = "items") -> list[dict[str, Any]]:
    """Read one data file's list of items."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        items: list[dict[str, Any]] = json.load(handle)[key]
    return items


class _Loader:
    def __init__(self, apps: AppsRegistry, update: bool) -> None:
        self.apps = apps
        self.update = update
        self.counts: dict[str, int] = {}

    def upsert(self, model_name: str, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        model = self.apps.get_model("registry", model_name)
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.counts[model_name] = self.counts.get(model_name, 0) + 1
        elif self.update:
            changed = [f for f, v in values.items() if getattr(obj, f) != v]
            for field in changed:
                setattr(obj, field, values[field])
            if changed:
                obj.save(update_fields=[*changed, "updated_at"])
                self.counts[model_name] = self.counts.get(model_name, 0) + 1
        return obj

    def places(self) -> None:
        data = json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))
        regions = {}
        for item in data["regions"]:
            values = {k: item[k] for k in ("kato", "name_kk", "name_ru", "name_kk_latn", "name_en")}
            regions[item["code"]] = self.upsert("Region", {"code": item["code"]}, values)
        districts = {}
        for item in data["districts"]:
            fields = ("kind", "kato", "name_kk", "name_ru", "name_kk_latn", "name_en")
            values = {k: item[k] for k in fields}
            values.update({k: item[k] for k in item if k.startswith("centre_")})
            values["region"] = regions[item["region"]]
            districts[item["code"]] = self.upsert("District", {"code": item["code"]}, values)
        for item in data["districts"]:
            district = districts[item["code"]]
            district.neighbours.add(*(districts[code] for code in item["neighbours"]))
        self.settlements(districts)

    def settlements(self, districts: dict[str, Any]) -> None:
        path = DATA_DIR / "settlements.json"
        by_district = json.loads(path.read_text(encoding="utf-8"))["settlements"]
        for code, items in by_district.items():
            for item in items:
                kind = item["kind"]
                self._settlement(
                    districts[code],
                    item,
                    kind=kind,
                    is_centre=bool(item.get("is_centre")),
                    is_rural=kind == "village",
                )

    def _settlement(
        self, district: Any, item: dict[str, Any], *, kind: str, is_centre: bool, is_rural: bool
    ) -> None:
        values = {
            "name_ru": item["name_ru"],
            "name_kk_latn": to_latin(item["name_kk"]),
            "kind": kind,
            "is_rural": is_rural,
            "is_district_centre": is_centre,
        }
        self.upsert("Settlement", {"district": district, "name_kk": item["name_kk"]}, values)

    def named(
        self, model_name: str, items: Iterable[dict[str, Any]], extra: tuple[str, ...]
    ) -> None:
        for item in items:
            values = {k: item[k] for k in ("name_kk", "name_ru", "name_en", *extra)}
            self.upsert(model_name, {"code": item["code"]}, values)

    def hierarchy(
        self, model_name: str, items: list[dict[str, Any]], levels: dict[str, int]
    ) -> None:
        # Parents first, so each child finds its parent already saved.
        model = self.apps.get_model("registry", model_name)
        for item in sorted(items, key=lambda i: (levels[i["level"]], i["code"])):
            values = {k: item[k] for k in ("name_kk", "name_ru", "name_en")}
            if model_name == "Occupation":
                values["level"] = levels[item["level"]]
            parent = item.get("parent")
            values["parent"] = model.objects.get(code=parent) if parent else None
            self.upsert(model_name, {"code": item["code"]}, values)

    def groups(self) -> None:
        try:
            self.apps.get_model("registry", "VulnerableGroup")
        except LookupError:
            return  # migration 0002 runs before the model exists; 0003 loads the groups
        for item in read_items("vulnerable_groups.json"):
            values = {k: item[k] for k in ("name_kk", "name_ru", "name_en")}
            values["description"] = item.get("description", "")
            self.upsert("VulnerableGroup", {"code": item["code"]}, values)

    def rates(self) -> None:
        for item in read_items("yearly_rates.json"):
            values = {k: item[k] for k in ("mrp", "minimum_wage", "subsistence_minimum")}
            values["source"] = item.get("source", "")
            self.upsert("YearlyRates", {"year": item["year"]}, values)


def sync(apps: AppsRegistry, *, update: bool = False) -> dict[str, int]:
    """Create missing reference rows (and overwrite edited ones if ``update``).

    Returns the number of rows created or changed per model.
    """
    loader = _Loader(apps, update)
    loader.places()
    loader.named("EducationLevel", read_items("education_levels.json"), ("isced", "order"))
    field_levels = {name: i for i, name in enumerate(_FIELD_LEVELS, start=1)}
    loader.hierarchy("FieldOfStudy", read_items("fields_of_study.json"), field_levels)
    loader.hierarchy("Occupation", read_items("occupations.json"), _OCCUPATION_LEVELS)
    loader.named("Industry", read_items("industries.json"), ())
    loader.rates()
    loader.groups()
    return loader.counts
