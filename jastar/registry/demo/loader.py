"""Write the generated demo region to the database: ``demo_load``.

Rows are written with ``bulk_create`` in chunks, not through the registry's and the
programs' services. The services validate one record at a time, write an audit event
each and would take hours for 432,000 people; the generator produces valid data by
construction (valid IINs and BINs, ages, ordered histories, placements after
registration, participations that follow the lifecycle), and ``tests/test_demo.py`` and
``tests/test_demo_participations.py`` check those invariants on what was loaded. The
database constraints still apply to every row.

The whole load is one transaction: other connections see either the previous state or
the complete region, never half of it, and a failed load leaves nothing behind. At its
end ``records_bulk_changed`` tells derived tables (the analytics aggregates) to catch up.
The programs app's models are imported inside the functions that use them, so this
module adds no import cycle between the apps.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from dataclasses import replace as replace_stats
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Protocol

from django.db import models, transaction
from django.db.models import ForeignObjectRel, ProtectedError, Q
from django.utils.translation import gettext_lazy as _

from jastar.core.errors import ApplicationError
from jastar.core.models import DemoDataset
from jastar.core.signals import bulk_writes
from jastar.core.translit import search_key, to_latin
from jastar.programs.models import Program
from jastar.registry.demo.catalog import LEVELS
from jastar.registry.demo.generator import DemoRegion, generate
from jastar.registry.demo.participations import GRANT_ACTIVITIES, EditionTerms
from jastar.registry.demo.population import FIELDS
from jastar.registry.demo.records import (
    ParticipationRecord,
    PersonRecord,
    SettlementKey,
)
from jastar.registry.demo.targets import GRANT_PROGRAM, PROGRAM_SHARES
from jastar.registry.duplicates import blocking_key
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    FieldOfStudy,
    Industry,
    Occupation,
    Person,
    PersonStatusChange,
    Placement,
    Settlement,
    Vacancy,
    YearlyRates,
)

if TYPE_CHECKING:
    from jastar.programs.models import Participation

CHUNK: Final = 5_000
SCALE_LABELS: Final = {4_320: "small", 43_200: "medium", 432_000: "full"}
_PROGRESS_EVERY: Final = 50_000


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class DemoStats:
    """What ``demo_load`` wrote, and how long it took."""

    seed: int
    scale: str
    people: int
    status_changes: int
    occupation_links: int
    employers: int
    vacancies: int
    placements: int
    participations: int
    follow_ups: int
    grants: int
    settlements_created: int
    generated_until: date
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.people:,} people ({self.status_changes:,} status changes), "
            f"{self.employers:,} employers, {self.vacancies:,} vacancies, "
            f"{self.placements:,} placements, {self.participations:,} program participations "
            f"({self.follow_ups:,} follow-ups, {self.grants:,} grants); "
            f"seed {self.seed}, scale {self.scale}, "
            f"history until {self.generated_until}, {self.seconds:.1f} s"
        )


def scale_label(people: int) -> str:
    """The name of a standard size ("small", "medium", "full"), else the number."""
    return SCALE_LABELS.get(people, str(people))


class _Progress:
    def __init__(self, stdout: Writer | None) -> None:
        self.stdout = stdout
        self.started = time.monotonic()
        self.lap = self.started

    def line(self, text: str) -> None:
        now = time.monotonic()
        if self.stdout is not None:
            self.stdout.write(
                f"demo: {text} ({now - self.lap:.1f} s, total {now - self.started:.1f} s)\n"
            )
        self.lap = now

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


def _demo_tables() -> list[type[models.Model]]:
    """Tables the demo region fills, in an order that deletes children first."""
    from jastar.programs.models import (
        FollowUp,
        GrantApplication,
        GrantScore,
        Participation,
        ParticipationEvent,
        ProgramQuota,
    )
    from jastar.registry.models import PersonMerge, PossibleDuplicate

    return [
        # Flagged and merged pairs of demo people go with them.
        PossibleDuplicate,
        PersonMerge,
        GrantScore,
        GrantApplication,
        FollowUp,
        ParticipationEvent,
        Participation,
        # Quotas are not registry records, but the office's own would make the database
        # a real one: the demo's are deleted with it, so it may not be loaded next to them.
        ProgramQuota,
        Placement,
        Vacancy,
        Employer,
        PersonStatusChange,
        Person.skill_occupations.through,
        Person.desired_occupations.through,
        Person.vulnerable_groups.through,  # not generated, but entered for demo people
        Person,
    ]


def _check_may_load(replace: bool) -> None:
    existing = DemoDataset.objects.first()
    if existing is not None and not replace:
        raise ApplicationError(
            _("A demo region is loaded already (%(dataset)s); replace it to load another.")
            % {"dataset": existing},
            {"seed": existing.seed, "scale": existing.scale},
        )
    if existing is None and any(m._default_manager.exists() for m in _demo_tables()):
        # Synthetic people must never be mixed into, or replace, a real registry.
        raise ApplicationError(
            _(
                "This database holds registry records that are not a demo region; "
                "the demo region is loaded only into an empty registry."
            )
        )


def _delete_demo_rows() -> int:
    """Delete the earlier demo region; returns the number of rows deleted.

    A plain DELETE per table, because Django's cascade collector would first load
    432,000 people into memory. Where rows of another table refer to a demo table (data
    entered while the demo ran), Django's own delete runs instead, so their on_delete
    rules (cascade, protect) still hold; a protected row refuses with an ApplicationError.
    """
    from jastar.accounts.models import Account
    from jastar.community.modules import community_demo_unload

    # The community parts' rows refer to demo people, employers and districts: they go first.
    deleted = community_demo_unload()
    ours = set(_demo_tables())
    # Logins tied to a synthetic person or employer (demo-youth, demo-employer) go with them.
    logins = Account.objects.filter(Q(person__isnull=False) | Q(employer__isnull=False))
    deleted += logins.delete()[0]
    for model in _demo_tables():
        rows = model._default_manager.all()
        outside = [
            rel.related_model
            for rel in model._meta.get_fields(include_hidden=True)  # with related_name="+"
            if isinstance(rel, ForeignObjectRel) and rel.related_model not in ours
        ]
        if any(m._default_manager.exists() for m in outside if isinstance(m, type)):
            deleted += _delete_with_rules(rows)
        else:
            deleted += rows._raw_delete(rows.db)
    deleted += _delete_targets()
    DemoDataset.objects.all().delete()
    return deleted


def _write_targets(people: int) -> int:
    # The job-creation map of the demo region (published 2025 figures, scaled).
    from jastar.analytics.demo import demo_targets_write

    return demo_targets_write(people=people)


def _delete_targets() -> int:
    from jastar.analytics.demo import DEMO_NOTE
    from jastar.analytics.models import Target

    return Target.objects.filter(note=DEMO_NOTE).delete()[0]


def _delete_with_rules(rows: models.QuerySet[Any]) -> int:
    try:
        return rows.delete()[0]
    except ProtectedError as error:
        names = sorted({str(row._meta.verbose_name_plural) for row in error.protected_objects})
        raise ApplicationError(
            _(
                "Records entered while the demo region was loaded refer to it (%(records)s); "
                "delete them first."
            )
            % {"records": ", ".join(names)},
            {"records": names},
        ) from error


@dataclass
class _References:
    """Database ids of the reference rows the region names by code."""

    districts: dict[str, int]
    settlements: dict[SettlementKey, int]
    occupations: dict[str, int]
    levels: dict[str, int]
    fields: dict[str, int]
    industries: dict[str, int]
    programs: dict[str, int]
    settlements_created: int


def _ids(model: type[models.Model], codes: Iterable[str], what: str) -> dict[str, int]:
    wanted = set(codes)
    found: dict[str, int] = dict(
        model._default_manager.filter(code__in=wanted).values_list("code", "pk")
    )
    missing = sorted(wanted - set(found))
    if missing:
        raise ApplicationError(
            _("Reference data is missing (%(what)s: %(codes)s); run “jastar refdata” first.")
            % {"what": what, "codes": ", ".join(missing)},
            {"model": what, "codes": missing},
        )
    return found


def _settlements(
    region: DemoRegion, districts: dict[str, int]
) -> tuple[dict[SettlementKey, int], int]:
    """Ids of every settlement the region names, creating those the database lacks."""
    existing = {
        (code, name): pk
        for code, name, pk in Settlement.objects.values_list("district__code", "name_kk", "pk")
    }
    missing = [s for s in region.settlements if (s.district, s.name_kk) not in existing]
    Settlement.objects.bulk_create(
        Settlement(
            district_id=districts[s.district],
            name_kk=s.name_kk,
            name_ru=s.name_ru,
            name_kk_latn=to_latin(s.name_kk),
            kind=s.kind,
            is_rural=not s.is_urban,
            is_district_centre=s.is_centre,
        )
        for s in missing
    )
    if missing:
        existing = {
            (code, name): pk
            for code, name, pk in Settlement.objects.values_list("district__code", "name_kk", "pk")
        }
    return existing, len(missing)


def _references(region: DemoRegion) -> _References:
    catalog = region.catalog
    districts = _ids(District, catalog.districts, "District")
    settlements, created = _settlements(region, districts)
    return _References(
        districts=districts,
        settlements=settlements,
        occupations=_ids(Occupation, (o.code for o in catalog.occupations), "Occupation"),
        levels=_ids(EducationLevel, LEVELS, "EducationLevel"),
        fields=_ids(FieldOfStudy, FIELDS, "FieldOfStudy"),
        industries=_ids(
            Industry, [*(o.industry for o in catalog.occupations), *GRANT_ACTIVITIES], "Industry"
        ),
        programs=_ids(Program, [*PROGRAM_SHARES, GRANT_PROGRAM], "Program"),
        settlements_created=created,
    )


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load_employers(region: DemoRegion, refs: _References) -> list[int]:
    ids: list[int] = []
    for chunk in _chunks(region.employers):
        rows = [
            Employer(
                bin=e.bin,
                kind=e.kind,
                name=e.name,
                industry_id=refs.industries[e.industry],
                district_id=refs.districts[e.district],
                settlement_id=refs.settlements[e.settlement],
                contact_person=e.contact_person,
                phone=e.phone,
                email=e.email,
            )
            for e in chunk
        ]
        Employer.objects.bulk_create(rows)
        ids += [row.pk for row in rows]
    return ids


@lru_cache(maxsize=65_536)
def _latin(name: str) -> str:
    # Names repeat across people; transliterate each spelling once.
    return to_latin(name)


def _person(p: PersonRecord, refs: _References) -> Person:
    return Person(
        iin=p.iin,
        last_name=p.last_name,
        first_name=p.first_name,
        patronymic=p.patronymic,
        last_name_latn=_latin(p.last_name),
        first_name_latn=_latin(p.first_name),
        patronymic_latn=_latin(p.patronymic),
        name_key=search_key(p.full_name),
        duplicate_key=blocking_key(p.birth_date, p.last_name, p.first_name),
        birth_date=p.birth_date,
        sex=p.sex,
        district_id=refs.districts[p.district],
        settlement_id=refs.settlements[p.settlement],
        area=p.area,
        education_level_id=refs.levels[p.education_level] if p.education_level else None,
        graduation_year=p.graduation_year,
        field_of_study_id=refs.fields[p.field_of_study] if p.field_of_study else None,
        experience_months=p.experience_months,
        expected_salary=p.expected_salary,
        status=p.status,
        status_since=p.status_since,
        languages=list(p.languages),
        skills=p.skills,
        phone=p.phone,
        email=p.email,
        consent_given_on=p.consent_given_on,
        registered_on=p.registered_on,
    )


def _people_chunk(
    region: DemoRegion, refs: _References, start: int, stop: int
) -> tuple[list[int], int, int]:
    """Write people ``start``..``stop`` with their histories and occupations."""
    records = list(region.iter_people(start, stop))
    people = [_person(p, refs) for p in records]
    Person.objects.bulk_create(people)
    changes = [
        PersonStatusChange(person_id=row.pk, status=c.status, valid_from=c.valid_from)
        for row, p in zip(people, records, strict=True)
        for c in p.status_changes
    ]
    PersonStatusChange.objects.bulk_create(changes)
    skills = Person.skill_occupations.through
    skill_rows = [
        skills(person_id=row.pk, occupation_id=refs.occupations[code])
        for row, p in zip(people, records, strict=True)
        for code in p.skill_occupations
    ]
    skills.objects.bulk_create(skill_rows)
    desired = Person.desired_occupations.through
    desired_rows = [
        desired(person_id=row.pk, occupation_id=refs.occupations[code])
        for row, p in zip(people, records, strict=True)
        for code in p.desired_occupations
    ]
    desired.objects.bulk_create(desired_rows)
    return [row.pk for row in people], len(changes), len(skill_rows) + len(desired_rows)


def _load_people(
    region: DemoRegion, refs: _References, progress: _Progress
) -> tuple[list[int], int, int]:
    ids: list[int] = []
    changes = links = 0
    n = region.person_count
    for start in range(0, n, CHUNK):
        chunk_ids, chunk_changes, chunk_links = _people_chunk(
            region, refs, start, min(n, start + CHUNK)
        )
        ids += chunk_ids
        changes += chunk_changes
        links += chunk_links
        if len(ids) % _PROGRESS_EVERY < CHUNK and len(ids) < n:
            progress.line(f"people {len(ids):,} of {n:,}")
    return ids, changes, links


def _load_vacancies(region: DemoRegion, refs: _References, employer_ids: list[int]) -> list[int]:
    ids: list[int] = []
    for chunk in _chunks(region.vacancies):
        rows = [
            Vacancy(
                employer_id=employer_ids[v.employer],
                title_kk=v.title_kk,
                title_ru=v.title_ru,
                description_kk=v.description_kk,
                description_ru=v.description_ru,
                occupation_id=refs.occupations[v.occupation],
                district_id=refs.districts[v.district],
                settlement_id=refs.settlements[v.settlement],
                salary_min=v.salary_min,
                salary_max=v.salary_max,
                employment_type=v.employment_type,
                education_required_id=refs.levels[v.education_required]
                if v.education_required
                else None,
                experience_months_required=v.experience_months_required,
                places=v.places,
                status=v.status,
                source=v.source,
                external_id=v.external_id,
                program_id=refs.programs[v.program] if v.program else None,
                posted_on=v.posted_on,
                closes_on=v.closes_on,
            )
            for v in chunk
        ]
        Vacancy.objects.bulk_create(rows)
        ids += [row.pk for row in rows]
    return ids


def _load_placements(
    region: DemoRegion,
    refs: _References,
    person_ids: list[int],
    employer_ids: list[int],
    vacancy_ids: list[int],
) -> list[int]:
    ids: list[int] = []
    for chunk in _chunks(region.placements):
        rows = [
            Placement(
                person_id=person_ids[p.person],
                employer_id=employer_ids[p.employer] if p.employer is not None else None,
                vacancy_id=vacancy_ids[p.vacancy] if p.vacancy is not None else None,
                start_date=p.start_date,
                end_date=p.end_date,
                employment_type=p.employment_type,
                channel=p.channel,
                program_id=refs.programs[p.program] if p.program else None,
                district_id=refs.districts[p.district],
                monthly_wage=p.monthly_wage,
            )
            for p in chunk
        ]
        Placement.objects.bulk_create(rows)
        ids += [row.pk for row in rows]
    return ids


def _edition_terms() -> tuple[EditionTerms, ...]:
    """The database's program editions (the admin may have changed the shipped ones),
    with the MRP of their year; editions of a year without one are left out."""
    from jastar.programs.models import ProgramEdition

    mrp = dict(YearlyRates.objects.values_list("year", "mrp"))
    editions = ProgramEdition.objects.select_related("program").order_by("program__code", "year")
    return tuple(
        EditionTerms(
            program=e.program.code,
            year=e.year,
            kind=e.program.kind,
            mrp=mrp[e.year],
            max_duration_months=e.max_duration_months,
            subsidy_mrp=e.subsidy_mrp,
            subsidy_wage_share=e.subsidy_wage_share,
            subsidy_cap_mrp=e.subsidy_cap_mrp,
            one_off_mrp=e.one_off_mrp,
        )
        for e in editions
        if e.year in mrp
    )


def _edition_ids() -> dict[tuple[str, int], int]:
    from jastar.programs.models import ProgramEdition

    rows = ProgramEdition.objects.values_list("program__code", "year", "pk")
    return {(code, year): pk for code, year, pk in rows}


@dataclass(frozen=True)
class _ProgramIds:
    """Database ids the participations refer to, by the region's indexes and codes."""

    editions: dict[tuple[str, int], int]
    people: list[int]
    placements: list[int]


def _same_named(record: Any, *skip: str) -> dict[str, Any]:
    """The fields of ``record`` that its model has under the same name."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in skip}


_ELSEWHERE: Final = ("person", "program", "year", "district", "placement")


def _participation(p: ParticipationRecord, refs: _References, ids: _ProgramIds) -> Participation:
    from jastar.programs.models import Participation

    return Participation(
        person_id=ids.people[p.person],
        edition_id=ids.editions[(p.program, p.year)],
        district_id=refs.districts[p.district],
        placement_id=ids.placements[p.placement] if p.placement is not None else None,
        **_same_named(p, *_ELSEWHERE, "events", "follow_ups", "grant"),
    )


def _participation_children(
    rows: list[Participation], records: Sequence[ParticipationRecord], refs: _References
) -> tuple[int, int]:
    """Write the events, follow-ups and grant applications of a chunk of participations."""
    from jastar.programs.models import FollowUp, GrantApplication, GrantDecision, ParticipationEvent

    pairs = list(zip((row.pk for row in rows), records, strict=True))
    ParticipationEvent.objects.bulk_create(
        ParticipationEvent(participation_id=pk, **_same_named(e))
        for pk, p in pairs
        for e in p.events
    )
    follow_ups = [
        FollowUp(participation_id=pk, **_same_named(f)) for pk, p in pairs for f in p.follow_ups
    ]
    FollowUp.objects.bulk_create(follow_ups)
    grants = [
        GrantApplication(
            participation_id=pk,
            activity_id=refs.industries[p.grant.activity],
            decision=GrantDecision.AWARDED,
            **_same_named(p.grant, "activity"),
        )
        for pk, p in pairs
        if p.grant is not None
    ]
    GrantApplication.objects.bulk_create(grants)
    return len(follow_ups), len(grants)


def _load_programs(region: DemoRegion, refs: _References, ids: _ProgramIds) -> tuple[int, int]:
    """Write the participations with their events, follow-ups and grants, and the quotas;
    returns the numbers of follow-ups and grant applications."""
    from jastar.programs.models import Participation, ProgramQuota

    follow_ups = grants = 0
    for chunk in _chunks(region.programs.participations):
        rows = [_participation(p, refs, ids) for p in chunk]
        Participation.objects.bulk_create(rows)
        chunk_follow_ups, chunk_grants = _participation_children(rows, chunk, refs)
        follow_ups += chunk_follow_ups
        grants += chunk_grants
    ProgramQuota.objects.bulk_create(
        ProgramQuota(
            edition_id=ids.editions[(q.program, q.year)],
            district_id=refs.districts[q.district],
            places=q.places,
            budget_tenge=q.budget_tenge,
        )
        for q in region.programs.quotas
    )
    return follow_ups, grants


def demo_unload() -> int:
    """Delete the loaded demo region; returns the number of rows deleted.

    Does nothing (returns 0) unless the database is marked as holding a demo region, so
    it can never empty a real registry.
    """
    with transaction.atomic():
        if not DemoDataset.objects.exists():
            return 0
        # Per-row listeners stand aside; records_bulk_changed is sent once, at the end.
        with bulk_writes(DemoDataset):
            return _delete_demo_rows()


def demo_load(
    *,
    seed: int = 2025,
    people: int,
    until: date = date(2026, 9, 30),
    replace: bool = False,
    stdout: Writer | None = None,
) -> DemoStats:
    """Generate the synthetic demo region and write it to the database.

    Refuses (ApplicationError) when a demo region is loaded already, unless ``replace``,
    which deletes the earlier one first; and always refuses to load into a registry
    that holds records but no demo marker. Progress goes to ``stdout`` when given.
    """
    progress = _Progress(stdout)
    _check_may_load(replace)
    region = generate(seed=seed, people=people, until=until, editions=_edition_terms())
    progress.line(f"generated {people:,} people, seed {seed}")
    with transaction.atomic():
        _check_may_load(replace)  # again, now that the write transaction holds the lock
        # Per-row listeners stand aside; at the end of the block (still inside the
        # transaction) records_bulk_changed is sent once, so derived tables catch up.
        with bulk_writes(DemoDataset):
            if replace:
                progress.line(f"deleted the earlier demo region: {_delete_demo_rows():,} rows")
            stats = _write(region, progress)
        progress.line("analytics aggregates rebuilt")
    return replace_stats(stats, seconds=progress.total)


def _write(region: DemoRegion, progress: _Progress) -> DemoStats:
    from jastar.community.modules import community_demo_load

    refs = _references(region)
    employer_ids = _load_employers(region, refs)
    progress.line(f"employers {len(employer_ids):,}")
    person_ids, changes, links = _load_people(region, refs, progress)
    progress.line(
        f"people {len(person_ids):,}, status changes {changes:,}, occupation links {links:,}"
    )
    vacancy_ids = _load_vacancies(region, refs, employer_ids)
    progress.line(f"vacancies {len(vacancy_ids):,}")
    placement_ids = _load_placements(region, refs, person_ids, employer_ids, vacancy_ids)
    progress.line(f"placements {len(placement_ids):,}")
    ids = _ProgramIds(_edition_ids(), person_ids, placement_ids)
    follow_ups, grants = _load_programs(region, refs, ids)
    programs = region.programs
    progress.line(
        f"program participations {len(programs.participations):,} "
        f"({programs.event_count:,} events), follow-ups {follow_ups:,}, grants {grants:,}, "
        f"quotas {len(programs.quotas):,}"
    )
    targets = _write_targets(region.person_count)
    progress.line(f"targets {targets:,}")
    community = community_demo_load(seed=region.seed, until=region.until)
    progress.line("community " + ", ".join(f"{name} {n:,}" for name, n in community.items()))
    scale = scale_label(region.person_count)
    DemoDataset.objects.create(
        seed=region.seed, scale=scale, people=region.person_count, generated_until=region.until
    )
    return DemoStats(
        seed=region.seed,
        scale=scale,
        people=region.person_count,
        status_changes=changes,
        occupation_links=links,
        employers=len(employer_ids),
        vacancies=len(vacancy_ids),
        placements=len(placement_ids),
        participations=len(programs.participations),
        follow_ups=follow_ups,
        grants=grants,
        settlements_created=refs.settlements_created,
        generated_until=region.until,
        seconds=progress.total,
    )
