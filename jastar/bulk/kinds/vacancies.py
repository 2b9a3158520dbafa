"""Importing vacancies: labour-exchange (Enbek.kz) cards and the office's own lists.

Which vacancy a row is:

* with an external id, the vacancy (source, external id). The source is the source
  cell, or Enbek.kz when the file gives an external id and no source;
* without one, the vacancy of the same employer (BIN), title (in either language, any
  script), district and posting date. A row without a posting date is the latest posted
  vacancy of that employer, title and district, so a list without dates imported again
  on another day does not post its vacancies twice; a new one is posted today.

Card values are read as Enbek.kz writes them (:mod:`jastar.bulk.kinds.vacancy_values`):
the location's parts are looked up as districts and settlements, a title with Kazakh-only
letters is the Kazakh title, and an unknown professional area leaves the occupation
empty. The rules are the vacancy form's (``vacancy_check``). An employer not registered
yet is registered from the row's BIN and company name, in the vacancy's district, under
the employer form's rules (``employer_registration_check``), and audited. A known
vacancy is updated only from the cells the file fills.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Cells,
    Checked,
    Context,
    Problem,
    Refused,
    RowRejected,
    errors_to_problems,
    fingerprint,
)
from jastar.bulk.kinds.common import (
    clean_row,
    create_audited,
    differs,
    employer_kind_of,
    identifier_cell,
    stored,
    update_audited,
)
from jastar.bulk.kinds.refs import References
from jastar.bulk.kinds.vacancy_values import (
    VACANCY_SOURCES,
    VACANCY_STATUSES,
    education_code,
    is_kazakh,
    location_parts,
    parse_employment_type,
    parse_experience,
    parse_salary,
)
from jastar.bulk.schema import VACANCIES
from jastar.bulk.values import CellError, parse_date, parse_int
from jastar.core.identifiers import IdentifierError, is_valid_iin, parse_bin
from jastar.core.translit import search_key
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    EmploymentType,
    Occupation,
    Settlement,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.refdata import read_items
from jastar.registry.services.employers import employer_registration_check, vacancy_check

_EDITABLE: Final = (
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "occupation",
    "district",
    "settlement",
    "salary_min",
    "salary_max",
    "employment_type",
    "education_required",
    "experience_months_required",
    "places",
    "status",
    "posted_on",
    "closes_on",
)
_FK_FIELDS: Final = (
    "employer",
    "occupation",
    "district",
    "settlement",
    "education_required",
    "program",
)
# Vacancy fields -> the import columns they come from, for error reports.
_FIELD_COLUMNS: Final = {
    "title_kk": "title",
    "title_ru": "title",
    "description_kk": "description",
    "description_ru": "description",
    "settlement": "location",
    "employment_type": "schedule",
    "education_required": "education",
    "experience_months_required": "experience",
    "program": "source",
}
# The fields ``vacancy_check`` reads.
_CHECKED: Final = (
    "title_kk",
    "title_ru",
    "salary_min",
    "salary_max",
    "posted_on",
    "closes_on",
    "source",
    "program",
    "district",
    "settlement",
)
_TITLE_KEY: Final = "title"
_MAX_SALARY: Final = 100_000_000


class VacanciesImporter:
    schema = VACANCIES

    def __init__(self, context: Context) -> None:
        self.context = context
        self.refs = References()
        self.districts = {d.pk: d for d in District.objects.all()}
        self.occupation_words = {
            search_key(term): item["code"]
            for item in read_items("occupation_synonyms.json")
            for term in item["terms"]
        }
        self.columns = dict(_FIELD_COLUMNS)

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {"external_id": cells.text("external_id")}
        source = cells.parse("source", VACANCY_SOURCES.parse)
        out["source"] = source or (VacancySource.ENBEK if out["external_id"] else None)
        self._titles(cells, out)
        out["employer_bin"] = self._employer_bin(cells)
        out["employer_name"] = " ".join(cells.text("employer_name").split())
        self._place(cells, out)
        self._salary(cells, out)
        out["experience_months_required"] = cells.parse("experience", parse_experience)
        out["employment_type"] = cells.parse("schedule", parse_employment_type)
        out["education_required"] = cells.parse("education", self._education)
        out["occupation"] = self._occupation(cells.text("occupation"))
        out["places"] = cells.parse("places", parse_int, minimum=1, maximum=32767)
        out["posted_on"] = cells.parse("posted_on", parse_date)
        out["closes_on"] = cells.parse("closes_on", parse_date)
        out["status"] = cells.parse("status", VACANCY_STATUSES.parse)
        if not cells.problems:
            rules = {k: out.get(k) for k in _CHECKED}
            rules["posted_on"] = out["posted_on"] or self.context.today
            cells.problems.extend(errors_to_problems(vacancy_check(values=rules), self.columns))
        cells.raise_if_any()
        given = {k: v for k, v in out.items() if v not in (None, "")}
        return Checked(line=0, key=_key(given), values=given, fingerprint=fingerprint(given))

    def _titles(self, cells: Cells, out: dict[str, Any]) -> None:
        out["title_kk"], out["title_ru"] = cells.text("title_kk"), cells.text("title_ru")
        # A title or description in one column goes to the language its letters show.
        for name in ("title", "description"):
            text = cells.text(name)
            if text and not (out.get(f"{name}_kk") or out.get(f"{name}_ru")):
                out[name] = text
                out[f"{name}_kk" if is_kazakh(text) else f"{name}_ru"] = text
        if not (out["title_kk"] or out["title_ru"]):
            cells.problem(_TITLE_KEY, _("This column is required and the cell is empty."))

    def _employer_bin(self, cells: Cells) -> str:
        number = identifier_cell(cells, "employer_bin")
        if number and not is_valid_iin(number):
            try:
                parse_bin(number)
            except IdentifierError as err:
                cells.problem("employer_bin", err.message)
        return number

    def _place(self, cells: Cells, out: dict[str, Any]) -> None:
        out["district"] = cells.parse("district", self.refs.districts.parse)
        text = cells.text("location")
        if text and not (cells.text("district") and out["district"] is None):
            found = cells.parse("location", self._location, out["district"])
            if found is not None:
                out["district"], out["settlement"] = found

    def _location(self, text: str, district: District | None) -> tuple[District, Settlement | None]:
        parts = location_parts(text)
        places = [part for part in parts if self.refs.districts.get(part) is None]
        if district is None:
            named = [self.refs.districts.get(part) for part in parts]
            district = next((d for d in named if d is not None), None)
        for part in places:
            if district is not None:
                try:
                    return district, self.refs.settlement(part, district)
                except CellError:
                    continue
            settlement = self.refs.settlements_anywhere.get(part)
            if settlement is not None:
                return self.districts[settlement.district_id], settlement
        if district is None:
            raise CellError(
                _("“%(value)s” names no district or settlement of the region.") % {"value": text}
            )
        return district, None

    def _salary(self, cells: Cells, out: dict[str, Any]) -> None:
        # A file with columns "from" and "to" has its range errors shown there.
        if {"salary_min", "salary_max"} & set(cells.values):
            self.columns.update(salary_min="salary_min", salary_max="salary_max")
        else:
            self.columns.update(salary_min="salary", salary_max="salary")
        out["salary_min"] = cells.parse("salary_min", parse_int, maximum=_MAX_SALARY)
        out["salary_max"] = cells.parse("salary_max", parse_int, maximum=_MAX_SALARY)
        if out["salary_min"] is None and out["salary_max"] is None and cells.text("salary"):
            bounds = cells.parse("salary", parse_salary)
            if bounds is not None:
                out["salary_min"], out["salary_max"] = bounds

    def _education(self, text: str) -> EducationLevel:
        code = education_code(text)
        found = self.refs.education.get(code) if code else None
        return found or self.refs.education.parse(text)

    def _occupation(self, text: str) -> Occupation | None:
        # An area the classifier does not know is no reason to refuse a vacancy.
        if not text:
            return None
        found = self.refs.occupations.get(text)
        code = self.occupation_words.get(search_key(text))
        if found is None and code is not None:
            found = self.refs.occupations.get(code)
        return found

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Create, update or leave each row; returns the outcome and refused rows."""
        bins = {row.values["employer_bin"] for row in rows}
        employers = {e.bin: e for e in Employer.objects.filter(bin__in=bins)}
        found = _Existing(rows, employers)
        outcome = BatchOutcome()
        refused: Refused = []
        registered: dict[str, Employer] = {}
        new: list[Vacancy] = []
        changed: list[tuple[Vacancy, dict[str, Any]]] = []
        for row in rows:
            try:
                employer = employers.get(row.values["employer_bin"])
                vacancy = found.vacancy(row, employer, self.districts)
                if vacancy is None:
                    employer = employer or registered.get(row.values["employer_bin"])
                    employer = employer or self._register(row)
                    new.append(self._new_vacancy(row, employer))
                    if employer.pk is None:
                        registered[employer.bin] = employer
                elif changes := self._changes(vacancy, row):
                    changed.append((vacancy, changes))
                else:
                    outcome.unchanged += 1
            except RowRejected as err:
                refused.append((row, err.problems))
        self._create_employers(list(registered.values()), job_id)
        self._create(new, job_id, outcome)
        self._update(changed, job_id, outcome)
        return outcome, refused

    def _register(self, row: Checked) -> Employer:
        v = row.values
        number = v["employer_bin"]
        if not v.get("employer_name"):
            message = _(
                "No employer with BIN %(bin)s is registered; give the company name to register it."
            )
            raise RowRejected([Problem("employer_name", message % {"bin": number})])
        if v.get("district") is None:
            message = _(
                "No employer with BIN %(bin)s is registered; give the vacancy's district to "
                "register it there."
            )
            raise RowRejected([Problem("district", message % {"bin": number})])
        kind = employer_kind_of(number)
        errors = employer_registration_check(
            bin=number, kind=kind, district=v["district"], settlement=v.get("settlement")
        )
        if errors:
            columns = {"bin": "employer_bin", "settlement": "location"}
            raise RowRejected(errors_to_problems(errors, columns))
        employer = Employer(
            bin=number,
            kind=kind,
            name=v["employer_name"],
            district=v["district"],
            settlement=v.get("settlement"),
        )
        clean_row(
            employer,
            exclude=["bin", "industry", "district", "settlement"],
            columns={"name": "employer_name"},
        )
        return employer

    def _new_vacancy(self, row: Checked, employer: Employer) -> Vacancy:
        v = row.values
        vacancy = Vacancy(
            employer=employer,
            title_kk=v.get("title_kk", ""),
            title_ru=v.get("title_ru", ""),
            description_kk=v.get("description_kk", ""),
            description_ru=v.get("description_ru", ""),
            occupation=v.get("occupation"),
            district=v.get("district") or self.districts[employer.district_id],
            settlement=v.get("settlement"),
            salary_min=v.get("salary_min"),
            salary_max=v.get("salary_max"),
            employment_type=v.get("employment_type", EmploymentType.PERMANENT),
            education_required=v.get("education_required"),
            experience_months_required=v.get("experience_months_required", 0),
            places=v.get("places", 1),
            status=v.get("status", VacancyStatus.OPEN),
            source=v.get("source", VacancySource.OWN),
            external_id=v.get("external_id", ""),
            posted_on=v.get("posted_on") or self.context.today,
            closes_on=v.get("closes_on"),
        )
        clean_row(vacancy, exclude=_FK_FIELDS, columns=self.columns)
        return vacancy

    def _changes(self, vacancy: Vacancy, row: Checked) -> dict[str, Any]:
        v = row.values
        data = {key: v[key] for key in _EDITABLE if key in v}
        for name in ("title", "description"):
            # One text matching either language's version is not a change.
            text = search_key(v.get(name, ""))
            versions = {search_key(getattr(vacancy, f"{name}_{lang}")) for lang in ("kk", "ru")}
            if text and text in versions:
                data.pop(f"{name}_kk", None)
                data.pop(f"{name}_ru", None)
        if "district" in data and data["district"].pk != vacancy.district_id:
            data.setdefault("settlement", None)  # the old settlement is in the old district
        closing = data.get("status", VacancyStatus.OPEN) != VacancyStatus.OPEN
        if closing and vacancy.closes_on is None and "closes_on" not in data:
            data["closes_on"] = self.context.today
        changes = {
            key: [stored(vacancy, key), new]
            for key, new in data.items()
            if differs(vacancy, key, new)
        }
        if not changes:
            return {}
        merged = {k: getattr(vacancy, k) for k in _CHECKED}
        merged.update({k: data[k] for k in changes})
        errors = vacancy_check(values=merged)
        if errors:
            raise RowRejected(errors_to_problems(errors, self.columns))
        for key in changes:
            setattr(vacancy, key, data[key])
        clean_row(vacancy, exclude=_FK_FIELDS, columns=self.columns)
        return changes

    def _create_employers(self, employers: list[Employer], job_id: int) -> None:
        create_audited(employers, actor=self.context.actor, job_id=job_id, summary=lambda e: e.name)

    def _create(self, new: list[Vacancy], job_id: int, outcome: BatchOutcome) -> None:
        created = create_audited(
            new, actor=self.context.actor, job_id=job_id, summary=lambda v: v.title
        )
        outcome.created += len(created)

    def _update(
        self, changed: list[tuple[Vacancy, dict[str, Any]]], job_id: int, outcome: BatchOutcome
    ) -> None:
        update_audited(changed, actor=self.context.actor, job_id=job_id)
        outcome.updated += len(changed)


def _titles(values: Mapping[str, Any]) -> tuple[str, ...]:
    names = (values.get("title_kk"), values.get("title_ru"), values.get(_TITLE_KEY))
    return tuple(sorted({search_key(name) for name in names if name}))


def _key(values: Mapping[str, Any]) -> tuple[Any, ...]:
    if values.get("external_id"):
        return ("id", values["source"], values["external_id"])
    district = values.get("district")
    return (
        "title",
        values.get("employer_bin", ""),
        _titles({k: values.get(k) for k in ("title_kk", "title_ru")}),
        district.pk if district is not None else None,
        values.get("posted_on"),
    )


class _Existing:
    """The vacancies a batch's rows may already be: two queries for the whole batch."""

    def __init__(self, rows: Sequence[Checked], employers: Mapping[str, Employer]) -> None:
        related = ("employer", "district", "settlement", "program")
        ids = [row.values["external_id"] for row in rows if row.values.get("external_id")]
        self.by_id = {
            (v.source, v.external_id): v
            for v in Vacancy.objects.filter(external_id__in=ids).select_related(*related)
        }
        untitled = [row for row in rows if not row.values.get("external_id")]
        bins = {row.values["employer_bin"] for row in untitled}
        owners = [employers[number] for number in bins if number in employers]
        self.by_place: dict[tuple[int, int], list[Vacancy]] = {}
        if owners:
            for vacancy in Vacancy.objects.filter(employer__in=owners).select_related(*related):
                self.by_place.setdefault((vacancy.employer_id, vacancy.district_id), []).append(
                    vacancy
                )

    def vacancy(
        self, row: Checked, employer: Employer | None, districts: Mapping[int, District]
    ) -> Vacancy | None:
        v = row.values
        if v.get("external_id"):
            found = self.by_id.get((v["source"], v["external_id"]))
            if found is not None and (employer is None or found.employer_id != employer.pk):
                message = _("This vacancy is recorded for another employer, BIN %(bin)s.")
                raise RowRejected([Problem("employer_bin", message % {"bin": found.employer.bin})])
            return found
        if employer is None:
            return None
        district = v.get("district") or districts[employer.district_id]
        titles = set(_titles(v))
        matches = [
            vacancy
            for vacancy in self.by_place.get((employer.pk, district.pk), [])
            if titles & set(_titles(vacancy.__dict__))
            and v.get("posted_on") in (None, vacancy.posted_on)
        ]
        return max(matches, key=lambda vacancy: (vacancy.posted_on, vacancy.pk), default=None)
