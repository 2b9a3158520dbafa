"""Program participations of the demo region, derived from its placements. Pure.

Every placement through a program or a business grant, in a year with an edition of that
program, becomes a participation in that edition, taken through the steps the services
take: applied, approved, enrolled and placed on the start date, then completed once the
job or the planned months are over (by ``until``). Each has its event log and the 6- and
12-month follow-ups; a grant also has its business plan, award, disbursement on the
start date and, a year later, the survival check that completes it or drops it out. Some
more NEET applicants enrolled and dropped out, and some were rejected. Each district's
quota of an edition is set generously above what its participations use.

Amounts are those the enrolment service fixes: the edition's monthly subsidy (a fixed MRP
amount, or a share of the wage up to a cap) and one-off payment, in tenge with the MRP of
the edition's year. The service computes them with ``ProgramEdition`` methods, which need
Django, so :class:`EditionTerms` repeats that arithmetic on plain data (a database test
checks that the two agree).

The draws come from a random stream of their own, seeded from the region's seed, so the
people and placements drawn before stay exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Final

import numpy as np

from jastar.core.dates import add_months
from jastar.registry.demo import dates
from jastar.registry.demo.catalog import Catalog
from jastar.registry.demo.dates import BoolArray, IntArray
from jastar.registry.demo.history import EMP, NEET, Changes
from jastar.registry.demo.population import People
from jastar.registry.demo.records import (
    FollowUpRecord,
    GrantRecord,
    ParticipationEventRecord,
    ParticipationRecord,
    PlacementRecord,
    QuotaRecord,
)
from jastar.registry.demo.targets import YOUTH_MAX_AGE

_EDITIONS: Final = Path(__file__).resolve().parents[2] / "programs" / "data" / "editions.json"
_STREAM: Final = 0x50524F47  # "PROG": the stream is default_rng([seed, _STREAM])

# Statuses, as jastar.programs.lifecycle.ParticipationStatus (which needs Django).
APPLIED, APPROVED, REJECTED = "applied", "approved", "rejected"
ENROLLED, PLACED, COMPLETED, DROPPED_OUT = "enrolled", "placed", "completed", "dropped_out"
PLACE_HOLDING: Final = (ENROLLED, PLACED, COMPLETED)
# FollowUpKind values and the months after the placement each is due (FOLLOW_UP_MONTHS).
FOLLOW_UP_MONTHS: Final = {"6m": 6, "12m": 12}
PROGRAM_CHANNELS: Final = ("program", "grant")
GRANT_KIND: Final = "grant"
SEASONAL_KIND: Final = "seasonal_work"

# Assumptions of the demo, not published figures.
APPLY_DAYS: Final = (10, 45)  # application this many days before the start
DECIDE_DAYS: Final = (2, 8)  # decision this many days after the application
DEFAULT_MONTHS: Final = 12  # months planned where the edition sets no maximum
GRANT_MONTHS: Final = 1  # what the grant award enrols (grants.services._enrol_award)
DROPOUT_SHARE: Final = 0.08  # of the placement participations of the year
REJECTED_SHARE: Final = 0.10
ENROL_DAYS: Final = (3, 20)  # a drop-out's enrolment after the approval
STAY_DAYS: Final = (14, 70)  # and how long they stayed
REJECT_DAYS: Final = (3, 15)  # a rejection after the application
# How long before ``until`` an extra application is at the latest, so its steps fit.
DROPOUT_DAYS: Final = DECIDE_DAYS[1] + ENROL_DAYS[1] + STAY_DAYS[1]
REJECTION_DAYS: Final = REJECT_DAYS[1]
FOLLOW_UP_DONE_SHARE: Final = 0.9
FOLLOW_UP_DELAY_DAYS: Final = (0, 21)
STILL_EMPLOYED_SHARE: Final = {6: 0.75, 12: 0.65}
SURVIVAL_MONTHS: Final = 12  # as grants.services.SURVIVAL_MONTHS
SURVIVAL_SHARE: Final = 0.8
SCORERS: Final = 3
SCORE_TOTALS: Final = (20, 38)  # a scorer's total, of 40
WORKING_AGE: Final = 16
QUOTA_MARGIN: Final = (6, 5)  # quotas are a fifth above what is used, rounded up
PLACES_STEP: Final = 10
BUDGET_STEP: Final = 1_000_000
_MAX_DRAWS: Final = 40

Texts = tuple[tuple[str, ...], tuple[str, ...]]  # (Kazakh, Russian)

REJECTION_REASONS: Final[Texts] = (
    (
        "Құжаттар толық емес",
        "Бағдарлама талаптарына сәйкес келмейді",
        "Аудан квотасында бос орын жоқ",
        "Өтініш беруші сұхбатқа келмеді",
    ),
    (
        "Неполный пакет документов",
        "Не соответствует условиям программы",
        "Нет свободных мест по квоте района",
        "Заявитель не явился на собеседование",
    ),
)
DROP_REASONS: Final[Texts] = (
    (
        "Өз қалауымен бас тартты",
        "Отбасылық жағдайына байланысты",
        "Басқа елді мекенге көшті",
        "Денсаулығына байланысты",
    ),
    (
        "Отказался по собственному желанию",
        "По семейным обстоятельствам",
        "Переехал в другой населённый пункт",
        "По состоянию здоровья",
    ),
)
CLOSED_NOTES: Final[Texts] = (
    ("Кәсіп жабылды: сұраныс аз болды", "Кәсіп тоқтатылды: шығын өтелмеді"),
    ("Бизнес закрыт: низкий спрос", "Деятельность прекращена: расходы не окупились"),
)
# (business name, idea, industry code) in Kazakh and in Russian.
BUSINESSES: Final[tuple[tuple[tuple[str, str, str], ...], ...]] = (
    (
        ("«Береке» наубайханасы", "Ауылда нан мен тоқаш пісіретін шағын наубайхана.", "C"),
        ("«Шебер» тігін шеберханасы", "Киім тігу және жөндеу шеберханасы.", "C"),
        ("«Жасыл алқап» жылыжайы", "Жылыжайда көкөніс өсіріп, жергілікті базарға сату.", "A"),
        ("«Ақ бұлақ» сүт фермасы", "Сауын сиыр ұстап, сүт пен ірімшік өндіру.", "A"),
        ("«Бал-Ара» омартасы", "Ара шаруашылығы: бал өндіру және сату.", "A"),
        ("«Сәнді» шаштаразы", "Ерлер мен әйелдерге арналған шаштараз.", "S"),
        ("«Жол» автожуу орны", "Аудан орталығында көлік жуу және шиномонтаж.", "G"),
        ("«Дәмді» асханасы", "Жол бойындағы шағын асхана.", "I"),
    ),
    (
        ("Пекарня «Колос»", "Мини-пекарня: хлеб и выпечка для села.", "C"),
        ("Швейный цех «Стежок»", "Пошив и ремонт одежды.", "C"),
        ("Теплица «Урожай»", "Выращивание овощей в теплице для местного рынка.", "A"),
        ("Кофейня «Арома»", "Небольшая кофейня в районном центре.", "I"),
        ("Фотостудия «Кадр»", "Фотосъёмка праздников и фото на документы.", "M"),
        ("Компьютерные курсы «Старт»", "Курсы компьютерной грамотности для детей и взрослых.", "P"),
        ("Сервис «Мастер»", "Ремонт мобильных телефонов и продажа аксессуаров.", "S"),
        ("Барбершоп «Стиль»", "Мужская парикмахерская.", "S"),
    ),
)
GRANT_ACTIVITIES: Final = tuple(sorted({b[2] for language in BUSINESSES for b in language}))
# Market, costs and the revenue plan (with the monthly revenue) in Kazakh and Russian.
PLAN_TEXTS: Final = (
    (
        "Ауыл мен аудан орталығының тұрғындары",
        "Жабдық, шикізат және үй-жай жалы",
        "Бірінші жылы айына шамамен {revenue} ₸ түсім",
    ),
    (
        "Жители села и районного центра",
        "Оборудование, сырьё и аренда помещения",
        "Выручка в первый год около {revenue} ₸ в месяц",
    ),
)


@dataclass(frozen=True, slots=True)
class EditionTerms:
    """What the generator needs of one program edition, as plain data."""

    program: str
    year: int
    kind: str  # the program's kind (ProgramKind value)
    mrp: int  # of the edition's year, tenge
    max_duration_months: int | None = None
    subsidy_mrp: Decimal | None = None
    subsidy_wage_share: Decimal | None = None
    subsidy_cap_mrp: Decimal | None = None
    one_off_mrp: Decimal | None = None

    @property
    def months(self) -> int:
        """Months planned at enrolment: the edition's maximum (a year if it sets none)."""
        if self.kind == GRANT_KIND:
            return GRANT_MONTHS
        return self.max_duration_months or DEFAULT_MONTHS

    def tenge(self, amount_mrp: Decimal) -> int:
        """An amount in MRP in whole tenge, as ``YearlyRates.mrp_to_tenge`` rounds it."""
        return round(float(amount_mrp) * self.mrp)

    def monthly_subsidy(self, wage: int | None) -> int:
        """As ``ProgramEdition.monthly_subsidy_tenge``; 0 where that gives None."""
        if self.subsidy_mrp is not None:
            return self.tenge(self.subsidy_mrp)
        if self.subsidy_wage_share is None:
            return 0
        cap = None if self.subsidy_cap_mrp is None else self.tenge(self.subsidy_cap_mrp)
        if wage is None:
            return cap or 0
        share = int((self.subsidy_wage_share * wage).to_integral_value(ROUND_HALF_UP))
        return share if cap is None else min(share, cap)

    def one_off(self) -> int:
        """As ``ProgramEdition.one_off_tenge`` (for a grant, ``grant_amount``); 0 if none."""
        return 0 if self.one_off_mrp is None else self.tenge(self.one_off_mrp)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def shipped_editions(catalog: Catalog) -> tuple[EditionTerms, ...]:
    """The editions shipped in ``programs/data/editions.json``, with the MRP of each year
    (editions of a year without a known MRP are left out, as enrolment refuses them)."""
    items = json.loads(_EDITIONS.read_text(encoding="utf-8"))["items"]
    return tuple(
        EditionTerms(
            program=item["program"],
            year=item["year"],
            kind=catalog.programs[item["program"]],
            mrp=catalog.mrp[item["year"]],
            max_duration_months=item["max_duration_months"],
            subsidy_mrp=_decimal(item["subsidy_mrp"]),
            subsidy_wage_share=_decimal(item["subsidy_wage_share"]),
            subsidy_cap_mrp=_decimal(item["subsidy_cap_mrp"]),
            one_off_mrp=_decimal(item["one_off_mrp"]),
        )
        for item in items
        if item["year"] in catalog.mrp and item["program"] in catalog.programs
    )


@dataclass(frozen=True)
class ProgramRecords:
    """The region's participations (with their events, follow-ups and grants) and quotas."""

    participations: list[ParticipationRecord]
    quotas: list[QuotaRecord]

    @property
    def follow_up_count(self) -> int:
        return sum(len(p.follow_ups) for p in self.participations)

    @property
    def event_count(self) -> int:
        return sum(len(p.events) for p in self.participations)

    @property
    def grant_count(self) -> int:
        return sum(p.grant is not None for p in self.participations)

    def digest(self) -> str:
        """A fingerprint of the participations and quotas: equal digests, equal records."""
        h = hashlib.sha256(repr(self.participations).encode())
        h.update(repr(self.quotas).encode())
        return h.hexdigest()


_KEY: Final = 10**7  # larger than any ordinal, so person * _KEY + day sorts by both


@dataclass
class _Context:
    rng: np.random.Generator
    until: date
    catalog: Catalog
    people: People
    changes: Changes
    editions: dict[tuple[str, int], EditionTerms]
    keys: IntArray = field(init=False)  # of the changes, ascending (sorted by person, day)
    taken: set[tuple[int, str, int]] = field(default_factory=set)  # (person, program, year)

    def __post_init__(self) -> None:
        self.keys = self.changes.person * _KEY + self.changes.day

    def days(self, low: int, high: int) -> timedelta:
        """A random number of days from ``low`` to ``high``."""
        return timedelta(days=int(self.rng.integers(low, high + 1)))

    def chance(self, share: float) -> bool:
        return bool(self.rng.random() < share)

    def statuses_on(self, who: IntArray, days: IntArray) -> IntArray:
        """Each person's status on the day (-1 before their history starts)."""
        rows = np.searchsorted(self.keys, who * _KEY + days, side="right") - 1
        safe = np.maximum(rows, 0)
        own = (rows >= 0) & (self.changes.person[safe] == who)
        return np.where(own, self.changes.status[safe], -1)

    def employed_on(self, person: int, day: date) -> bool:
        one = np.array([person], dtype=np.int64)
        return bool(self.statuses_on(one, np.array([day.toordinal()]))[0] == EMP)

    def district(self, person: int) -> str:
        return self.catalog.districts[int(self.people.district[person])]

    def text(self, texts: Texts, person: int) -> str:
        """One of ``texts`` in the person's language (Kazakh for Kazakhs, else Russian)."""
        options = texts[self.language(person)]
        return options[int(self.rng.integers(len(options)))]

    def language(self, person: int) -> int:
        return 0 if int(self.people.group[person]) == 0 else 1


def generate_programs(
    *,
    seed: int,
    until: date,
    catalog: Catalog,
    people: People,
    changes: Changes,
    placements: Sequence[PlacementRecord],
    editions: Sequence[EditionTerms],
) -> ProgramRecords:
    """The participations behind the region's program and grant placements, the NEET
    applicants who dropped out or were rejected, and the quotas that cover them."""
    context = _Context(
        rng=np.random.default_rng([seed, _STREAM]),
        until=until,
        catalog=catalog,
        people=people,
        changes=changes,
        editions={(e.program, e.year): e for e in editions},
    )
    placed = _ranked(_placement_participations(context, placements))
    records = placed + _extra_participations(context, placed)
    return ProgramRecords(participations=records, quotas=_quotas(records))


def _usable(edition: EditionTerms) -> bool:
    # A grant edition without an amount cannot award anything (grant_amount refuses).
    return edition.kind != GRANT_KIND or edition.one_off() > 0


def _placement_participations(
    context: _Context, placements: Sequence[PlacementRecord]
) -> list[ParticipationRecord]:
    records: list[ParticipationRecord] = []
    for index, placement in enumerate(placements):
        if placement.channel not in PROGRAM_CHANNELS or placement.program is None:
            continue
        year = placement.start_date.year
        edition = context.editions.get((placement.program, year))
        key = (placement.person, placement.program, year)
        if edition is None or not _usable(edition) or key in context.taken:
            continue  # one participation per person and edition
        context.taken.add(key)
        make = _grant_participation if edition.kind == GRANT_KIND else _job_participation
        records.append(make(context, index, placement, edition))
    return records


Step = tuple[str, date, str]  # (status reached, on, reason)


def _events(steps: Sequence[Step]) -> tuple[ParticipationEventRecord, ...]:
    previous = [""] + [status for status, _, _ in steps[:-1]]
    return tuple(
        ParticipationEventRecord(before, status, on, reason)
        for before, (status, on, reason) in zip(previous, steps, strict=True)
    )


def _application(context: _Context, person: int, start: date) -> tuple[date, date]:
    """Applied some days before ``start`` (not before registering), approved soon after."""
    registered = dates.as_date(int(context.people.registered[person]))
    applied = max(start - context.days(*APPLY_DAYS), registered)
    return applied, min(applied + context.days(*DECIDE_DAYS), start)


def _placed_steps(applied: date, decided: date, start: date) -> list[Step]:
    return [
        (APPLIED, applied, ""),
        (APPROVED, decided, ""),
        (ENROLLED, start, ""),
        (PLACED, start, ""),
    ]


def _job_end(placement: PlacementRecord, months: int, until: date) -> date | None:
    """When the participation completed: the job's end or the planned months', whichever
    comes first, if that is by ``until``."""
    last = add_months(placement.start_date, months) - timedelta(days=1)
    if placement.end_date is not None:
        last = max(min(last, placement.end_date), placement.start_date)
    return last if last <= until else None


@dataclass(frozen=True)
class _Money:
    """What an enrolment fixes: the monthly subsidy, the one-off payment, months planned."""

    monthly: int = 0
    one_off: int = 0
    months: int | None = None


def _ending(steps: Sequence[Step]) -> tuple[date | None, str]:
    """The day a participation ended (completed or dropped out) and the reason given."""
    final, on, reason = steps[-1]
    return (on, reason) if final in (COMPLETED, DROPPED_OUT) else (None, reason)


def _placed(
    context: _Context,
    index: int,
    placement: PlacementRecord,
    steps: list[Step],
    money: _Money,
    grant: GrantRecord | None = None,
) -> ParticipationRecord:
    """A participation enrolled and placed on the placement's start, after ``steps``."""
    start = placement.start_date
    ended, reason = _ending(steps)
    return ParticipationRecord(
        person=placement.person,
        program=placement.program or "",
        year=start.year,
        district=placement.district,
        status=steps[-1][0],
        applied_on=steps[0][1],
        decided_on=steps[1][1],
        enrolled_on=start,
        placed_on=start,
        ended_on=ended,
        rejection_reason="",
        drop_reason=reason if steps[-1][0] == DROPPED_OUT else "",
        placement=index,
        monthly_subsidy_tenge=money.monthly,
        one_off_tenge=money.one_off,
        months_planned=money.months,
        events=_events(steps),
        follow_ups=_follow_ups(context, placement.person, start),
        grant=grant,
    )


def _job_participation(
    context: _Context, index: int, placement: PlacementRecord, edition: EditionTerms
) -> ParticipationRecord:
    start = placement.start_date
    applied, decided = _application(context, placement.person, start)
    steps = _placed_steps(applied, decided, start)
    ended = _job_end(placement, edition.months, context.until)
    if ended is not None:
        steps.append((COMPLETED, ended, ""))
    monthly = edition.monthly_subsidy(placement.monthly_wage)
    money = _Money(monthly, edition.one_off(), edition.months)
    return _placed(context, index, placement, steps, money)


def _follow_ups(context: _Context, person: int, placed_on: date) -> tuple[FollowUpRecord, ...]:
    """The 6- and 12-month checks; most done within weeks of being due (by ``until``).

    "Still employed" at the assumed rate, never where the history says otherwise (the
    Zhasyl El students are back at school).
    """
    result = []
    for kind, months in FOLLOW_UP_MONTHS.items():
        due = add_months(placed_on, months)
        done = due + context.days(*FOLLOW_UP_DELAY_DAYS)
        if done > context.until or not context.chance(FOLLOW_UP_DONE_SHARE):
            result.append(FollowUpRecord(kind, due, None, None))
            continue
        still = context.chance(STILL_EMPLOYED_SHARE[months]) and context.employed_on(person, done)
        result.append(FollowUpRecord(kind, due, done, still))
    return tuple(result)


def _tenge(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0")


def _business_plan(
    context: _Context, person: int, decided: date, start: date, amount: int
) -> GrantRecord:
    """An awarded plan, submitted after the approval and disbursed on the start day."""
    language = context.language(person)
    ideas = BUSINESSES[language]
    name, idea, activity = ideas[int(context.rng.integers(len(ideas)))]
    market, costs, revenue = PLAN_TEXTS[language]
    monthly_revenue = int(context.rng.integers(20, 61)) * 10_000
    totals = context.rng.integers(SCORE_TOTALS[0], SCORE_TOTALS[1] + 1, SCORERS)
    average = Decimal(int(totals.sum())) / SCORERS
    return GrantRecord(
        business_name=name,
        business_idea=idea,
        activity=activity,
        market=market,
        costs=costs,
        revenue_plan=revenue.format(revenue=_tenge(monthly_revenue)),
        planned_jobs=int(context.rng.integers(1, 4)),
        own_contribution_tenge=int(context.rng.integers(0, 31)) * 10_000,
        requested_tenge=amount,
        awarded_tenge=amount,
        submitted_on=min(decided + context.days(1, 10), start),
        score_average=average.quantize(Decimal("0.01"), ROUND_HALF_UP),
        rank=1,  # set among the district's applications by _ranked
        disbursed_on=start,
        survival_checked_on=None,
        survived=None,
        survival_note="",
    )


def _grant_participation(
    context: _Context, index: int, placement: PlacementRecord, edition: EditionTerms
) -> ParticipationRecord:
    """Applied, approved, awarded (enrolled) and paid on the business's start, which is
    its placement; the survival check a year on completes it or drops it out."""
    person, start = placement.person, placement.start_date
    applied, decided = _application(context, person, start)
    plan = _business_plan(context, person, decided, start, edition.one_off())
    steps = _placed_steps(applied, decided, start)
    checked = add_months(start, SURVIVAL_MONTHS) + context.days(0, 30)
    if checked <= context.until:
        closed = placement.end_date is not None and placement.end_date < checked
        survived = context.chance(SURVIVAL_SHARE) and not closed
        note = "" if survived else context.text(CLOSED_NOTES, person)
        steps.append((COMPLETED if survived else DROPPED_OUT, checked, note))
        plan = replace(plan, survival_checked_on=checked, survived=survived, survival_note=note)
    money = _Money(0, plan.awarded_tenge, edition.months)
    return _placed(context, index, placement, steps, money, grant=plan)


def _ranked(records: list[ParticipationRecord]) -> list[ParticipationRecord]:
    """Grants ranked within their district and edition as ``grant_rank`` orders them."""
    groups: defaultdict[tuple[str, int, str], list[tuple[int, GrantRecord]]] = defaultdict(list)
    for n, record in enumerate(records):
        if record.grant is not None:
            groups[(record.program, record.year, record.district)].append((n, record.grant))
    ranked = list(records)
    for members in groups.values():
        members.sort(key=lambda m: (-m[1].score_average, -m[1].planned_jobs, m[1].submitted_on))
        for rank, (n, grant) in enumerate(members, start=1):
            ranked[n] = replace(records[n], grant=replace(grant, rank=rank))
    return ranked


def _extra_participations(
    context: _Context, placed: list[ParticipationRecord]
) -> list[ParticipationRecord]:
    """NEET applicants who enrolled and dropped out, and rejected ones, in each year."""
    records: list[ParticipationRecord] = []
    per_year = Counter(p.year for p in placed)
    for year in sorted(per_year):
        weights = Counter(
            p.program
            for p in placed
            if p.year == year and _takes_applicants(context.editions[(p.program, year)])
        )
        if not weights:
            continue
        for make, share, margin in (
            (_dropout, DROPOUT_SHARE, DROPOUT_DAYS),
            (_rejection, REJECTED_SHARE, REJECTION_DAYS),
        ):
            programs = _draw_programs(context, weights, round(share * per_year[year]))
            applicants = _neet_applicants(context, year, programs, margin)
            for (person, applied), program in zip(applicants, programs, strict=False):
                records.append(make(context, person, applied, context.editions[(program, year)]))
    return records


def _takes_applicants(edition: EditionTerms) -> bool:
    # Job programs only: grants drop out at the ranking, and Zhasyl El takes students.
    return edition.kind not in (GRANT_KIND, SEASONAL_KIND)


def _draw_programs(context: _Context, weights: Counter[str], count: int) -> list[str]:
    names = sorted(weights)
    shares = np.array([weights[name] for name in names], dtype=np.float64)
    picked = context.rng.choice(len(names), size=count, p=shares / shares.sum())
    return [names[int(i)] for i in picked]


def _neet_mask(context: _Context, who: IntArray, days: IntArray) -> BoolArray:
    """Which of the (person, day) pairs are NEET youth of working age on that day."""
    birth = context.people.birth[who]
    of_age = (dates.add_years(birth, WORKING_AGE) <= days) & (
        dates.add_years(birth, YOUTH_MAX_AGE + 1) > days
    )
    registered = context.people.registered[who] <= days
    neet = np.isin(context.statuses_on(who, days), NEET)
    return np.asarray(of_age & registered & neet)


def _neet_applicants(
    context: _Context, year: int, programs: list[str], margin_days: int
) -> list[tuple[int, date]]:
    """A NEET applicant and day for each of ``programs`` in ``year``, ``margin_days``
    before ``until`` at the latest; one participation per person and edition."""
    first = date(year, 1, 1).toordinal()
    last = min(date(year, 12, 31), context.until - timedelta(days=margin_days)).toordinal()
    found: list[tuple[int, date]] = []
    draws = _MAX_DRAWS if last >= first else 0
    while draws and len(found) < len(programs):
        draws -= 1
        who = context.rng.integers(0, context.people.count, 16 * (len(programs) - len(found)) + 64)
        days = context.rng.integers(first, last + 1, len(who))
        ok = _neet_mask(context, who, days)
        for person, day in zip(who[ok].tolist(), days[ok].tolist(), strict=True):
            key = (person, programs[len(found)], year)
            if key not in context.taken:
                context.taken.add(key)
                found.append((person, dates.as_date(day)))
                if len(found) == len(programs):
                    break
    return found


def _unplaced(
    context: _Context,
    person: int,
    edition: EditionTerms,
    steps: list[Step],
    money: _Money,
    enrolled_on: date | None = None,
) -> ParticipationRecord:
    final, _, reason = steps[-1]
    return ParticipationRecord(
        person=person,
        program=edition.program,
        year=edition.year,
        district=context.district(person),
        status=final,
        applied_on=steps[0][1],
        decided_on=steps[1][1],
        enrolled_on=enrolled_on,
        placed_on=None,
        ended_on=_ending(steps)[0],
        rejection_reason=reason if final == REJECTED else "",
        drop_reason=reason if final == DROPPED_OUT else "",
        placement=None,
        monthly_subsidy_tenge=money.monthly,
        one_off_tenge=money.one_off,
        months_planned=money.months,
        events=_events(steps),
    )


def _dropout(
    context: _Context, person: int, applied: date, edition: EditionTerms
) -> ParticipationRecord:
    """Approved, enrolled, and gone some weeks later without a job."""
    decided = applied + context.days(*DECIDE_DAYS)
    enrolled = decided + context.days(*ENROL_DAYS)
    dropped = enrolled + context.days(*STAY_DAYS)
    steps: list[Step] = [
        (APPLIED, applied, ""),
        (APPROVED, decided, ""),
        (ENROLLED, enrolled, ""),
        (DROPPED_OUT, dropped, context.text(DROP_REASONS, person)),
    ]
    money = _Money(edition.monthly_subsidy(None), edition.one_off(), edition.months)
    return _unplaced(context, person, edition, steps, money, enrolled_on=enrolled)


def _rejection(
    context: _Context, person: int, applied: date, edition: EditionTerms
) -> ParticipationRecord:
    decided = applied + context.days(*REJECT_DAYS)
    steps: list[Step] = [
        (APPLIED, applied, ""),
        (REJECTED, decided, context.text(REJECTION_REASONS, person)),
    ]
    return _unplaced(context, person, edition, steps, _Money())


def _round_up(amount: int, step: int) -> int:
    """``amount`` and a fifth more, rounded up to whole ``step``s (at least one)."""
    more, less = QUOTA_MARGIN
    return max(1, -(-amount * more // (less * step))) * step


def _quotas(records: list[ParticipationRecord]) -> list[QuotaRecord]:
    """A quota for each edition and district with participations, covering their places
    and the money their enrolments commit (monthly subsidy × months planned + one-off)."""
    use: defaultdict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in records:
        entry = use[(p.program, p.year, p.district)]
        entry[0] += p.status in PLACE_HOLDING
        if p.enrolled_on is not None:
            entry[1] += p.monthly_subsidy_tenge * (p.months_planned or 0) + p.one_off_tenge
    return [
        QuotaRecord(
            program, year, district, _round_up(places, PLACES_STEP), _round_up(cost, BUDGET_STEP)
        )
        for (program, year, district), (places, cost) in sorted(use.items())
    ]
