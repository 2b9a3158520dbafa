"""Lists other apps bring to import and export (jastar.bulk.registry)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import export_kinds
from jastar.bulk.forms import importable_kinds
from jastar.bulk.registry import BulkKind, importer_path, kind_label, schema_for
from jastar.bulk.schema import PEOPLE, Column, Schema

SCHEMA = Schema("traders", (Column("iin", _("IIN"), required=True),))
BULK_KINDS = (BulkKind("traders", _("Market traders"), SCHEMA, importer="some.Importer"),)


@pytest.fixture
def this_module(settings: Any) -> None:
    settings.JASTAR_BULK_MODULES = [__name__]


@pytest.mark.usefixtures("this_module")
class BulkRegistryTests:
    def test_an_apps_list_is_found_by_its_kind(self) -> None:
        assert schema_for("traders") is SCHEMA
        assert importer_path("traders") == "some.Importer"
        assert str(kind_label("traders")) == "Market traders"

    def test_the_registrys_own_lists_come_first(self) -> None:
        assert schema_for("people") is PEOPLE
        assert importer_path("people") == "jastar.bulk.kinds.people.PeopleImporter"

    def test_an_import_kind_with_an_importer_is_offered_in_the_upload_form(self) -> None:
        assert "traders" in dict(importable_kinds())
        assert "volunteer_hours" not in dict(importable_kinds())

    def test_a_list_without_export_spec_is_not_exported(self) -> None:
        assert "traders" not in export_kinds()
        assert "people" in export_kinds()

    def test_an_unknown_kind_has_no_importer(self) -> None:
        assert importer_path("nothing") is None
        with pytest.raises(KeyError):
            schema_for("nothing")
