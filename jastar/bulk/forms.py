"""The forms of the imports pages: uploading a file, and choosing what its columns are.

They only parse and check the input; the services decide whether the file can be imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jastar.bulk.models import ColumnMapping, ImportKind
from jastar.bulk.registry import importer_path

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from jastar.bulk.schema import Column, Schema

MAX_UPLOAD_MB: Final = 50
# .xls passes here so that the service can say how to convert it.
FILE_EXTENSIONS: Final = ["csv", "txt", "tsv", "xlsx", "xls"]
ACTIONS: Final = ("apply", "confirm")


def importable_kinds() -> list[tuple[str, StrOrPromise]]:
    """The lists a file can be imported as (a kind without an importer is left out)."""
    return [(kind, label) for kind, label in ImportKind.choices if importer_path(kind)]


def max_upload_bytes() -> int:
    return MAX_UPLOAD_MB * 1024 * 1024


class ImportUploadForm(forms.Form):
    """A file to import: which list it is, the file, a saved mapping, and "dry run"."""

    kind = forms.ChoiceField(label=gettext_lazy("List"), choices=importable_kinds)
    file = forms.FileField(
        label=gettext_lazy("File"),
        validators=[
            FileExtensionValidator(
                FILE_EXTENSIONS, message=gettext_lazy("Choose a CSV or XLSX file.")
            )
        ],
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.txt,.xlsx,text/csv,application/vnd.ms-excel"}
        ),
    )
    mapping_name = forms.ChoiceField(
        label=gettext_lazy("Saved mapping"),
        required=False,
        help_text=gettext_lazy(
            "Optional: the columns saved from an earlier file of the same sender."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check every row, write nothing"), required=False
    )

    def __init__(self, *args: Any, mappings: Iterable[ColumnMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("CSV or XLSX, up to %(size)d MB.") % {
            "size": MAX_UPLOAD_MB
        }
        groups: dict[str, list[tuple[str, str]]] = {}
        for mapping in mappings:
            groups.setdefault(mapping.kind, []).append((mapping.name, mapping.name))
        labels = dict(ImportKind.choices)
        field = cast(forms.ChoiceField, self.fields["mapping_name"])
        field.choices = [
            ("", _("— none: recognise the columns —")),
            *((str(labels.get(kind, kind)), names) for kind, names in groups.items()),
        ]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > max_upload_bytes():
            raise ValidationError(
                _(
                    "The file is larger than %(size)d MB. Split it into smaller files, "
                    "or import it with the “jastar import” command."
                )
                % {"size": MAX_UPLOAD_MB},
                code="too_large",
            )
        return upload


def column_choice_label(column: Column) -> str:
    if column.required:
        return _("%(column)s (required)") % {"column": column.label}
    return str(column.label)


class MappingForm(forms.Form):
    """One select per column of the file (``column_<index>``: a column key or "" to skip),
    an optional name to save the mapping under, and which button was pressed."""

    save_as = forms.CharField(
        label=gettext_lazy("Save this mapping as"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Optional: a name such as “Karasai akimat” to use these columns again next time."
        ),
    )
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        headers: Sequence[str],
        schema: Schema,
        mapping: Mapping[int, str],
    ) -> None:
        super().__init__(data)
        choices = [("", _("— skip —")), *((c.key, column_choice_label(c)) for c in schema.columns)]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=mapping.get(index, ""),
            )
        self.column_count = len(headers)

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(self.column_count)]

    def columns(self) -> dict[int, str]:
        """``{file column index: column key}`` of the columns not skipped."""
        chosen = (self.cleaned_data.get(f"column_{i}", "") for i in range(self.column_count))
        return {index: key for index, key in enumerate(chosen) if key}

    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("action") == "confirm")
