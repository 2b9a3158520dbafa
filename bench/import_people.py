"""Time ``jastar import people`` on a generated 200,000-row file against django-import-export.

Run by hand (not in the test suite)::

    .venv/bin/python bench/import_people.py                        # both databases, full size
    .venv/bin/python bench/import_people.py --rows 5000 --die-rows 2000   # a quick try
    .venv/bin/python bench/import_people.py --skip-sqlite --postgres-url \\
        postgres://postgres@127.0.0.1:5432/jastar_bench_import

Options: ``--rows`` (200,000), ``--bad`` (share of broken rows, 0.05), ``--seed``,
``--die-rows`` (rows of the django-import-export baseline, 20,000), ``--skip-sqlite``,
``--skip-postgres``, ``--postgres-url`` (the database named in it is DROPPED and created
afresh), ``--short-education`` (write the short education words clerks use, "высшее",
"ТиПО", "орта"... instead of the reference names), ``--keep`` (keep the temp directory:
the CSV, the databases and each run's ``*.errors.csv``).

1. Generates a seeded, reproducible people CSV (UTF-8, ``;``, the Russian headers
   ИИН;Фамилия;Имя;Отчество;Дата рождения;Пол;Район;Населенный пункт;Статус;Телефон;
   Образование) in a temp directory: unique valid IINs, Kazakh, Russian and Uighur names
   (``jastar.registry.demo.naming``), districts and settlements by their Kazakh or Russian
   names, statuses and sex as words in Kazakh, Russian or English, education levels by
   their reference names, ages 14-35 on 2026-06-15 *and* on the import day (the file has
   no registration date, so the importer registers people on the day it runs). Exactly
   ``--bad`` of the rows are broken, in turn: wrong IIN check digit, an 11-digit IIN
   (whose zero-padding does not pass the check digit either), unknown district (districts
   of Zhetysu region, which left Almaty region in 2022), impossible date (31.04, 30.02...),
   age over 35, unknown status, empty last name, birth date disagreeing with the IIN (day
   and month swapped, or a day off). About 2% of the good rows, born 2000-2009, have the
   IIN with its leading zeros dropped as a spreadsheet does: all of them, so 11 digits,
   or 9 for people born January-September 2000 (``000917...``); they must import fine.
2. For SQLite (a fresh file in the temp directory) and PostgreSQL (the database of
   ``--postgres-url`` dropped and created), runs ``jastar migrate``, then times
   ``jastar import people FILE --no-progress --lang en`` in a child process: wall time
   of that command alone (it includes starting Python and Django, printed once per
   database), and the child's peak RSS and CPU time from ``os.wait4`` (the rusage of that
   one child; ``RUSAGE_CHILDREN`` only keeps the largest child so far and psutil is not
   installed). On PostgreSQL the import divides the file between
   ``JASTAR_IMPORT_WORKERS`` processes (default 2, see docs/import-export.md): the CPU
   time is the sum over them, the peak RSS that of the largest one.
   Children run with ``JASTAR_DEBUG=0`` (no per-query log, as in production),
   ``JASTAR_TASKS_BACKEND=immediate`` and ``JASTAR_MEDIA_ROOT`` in the temp directory.
   The summary line is checked: created + rejected = rows, rejected = broken rows; the
   error report is compared line by line with the rows broken on purpose, so good rows
   the importer refuses and broken rows it lets through are listed with their reasons.
3. Imports the same file again (every good row must come back unchanged) and times it.
4. django-import-export baseline, on a fresh database of the same kind, in a child process
   timed the same way: the first ``--die-rows`` rows of the same file loaded into a tablib
   Dataset with the columns renamed to the model's field names, and a standard
   ``ModelResource`` for ``Person``: ``import_id_fields = ("iin",)``, ``DateWidget`` for
   dd.mm.yyyy, ``ForeignKeyWidget`` subclasses for district, settlement and education
   (see ``_die_child``: they override the documented ``get_queryset`` hook to match the
   Kazakh or the Russian name, and turn "no such row" into a ValueError so the row counts
   as invalid: the stock widget raises DoesNotExist, which the library counts as an error
   and, with ``use_transactions=True``, rolls the whole import back),
   ``clean_model_instances = True`` (without it the IIN validator and choices are never
   checked, and the first unknown status hits a database CHECK constraint, an error that
   rolls back everything), ``skip_unchanged``, ``report_skipped = False``,
   ``use_transactions = True``,
   then ``import_data(dataset, dry_run=False, raise_errors=False)``. Words become codes
   (sex, status, leading zeros put back) in ``before_import_row``; the derived fields
   (Latin names, name_key, duplicate_key, area, registered_on, status_since) and the
   identity and age checks of the registration form run right after the fields are set
   (``import_instance``), because ``full_clean`` runs before ``before_save_instance``. It
   writes only Person rows: no status history, audit events or duplicate flags, which
   Jastar writes for every person; but each ``Person.save()`` refreshes that person's
   analytics aggregates (Jastar's post_save handler, as for any ORM save), which Jastar's
   importer does once per batch.
5. Prints a table (database, run, rows, seconds, rows/s, peak RSS, rejected) and the
   ratios: Jastar's PostgreSQL rows/s against the 10,000 rows/s target, and Jastar's rows/s
   against django-import-export's on the same database (rates on different row counts).
   Exit code 0 when every run completed, whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import numpy as np

ROOT: Final = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS: Final = (
    "ИИН",
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Пол",
    "Район",
    "Населенный пункт",
    "Статус",
    "Телефон",
    "Образование",
)
# The same columns as Person fields, for django-import-export.
FIELDS: Final = (
    "iin",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "district",
    "settlement",
    "status",
    "phone",
    "education_level",
)
REFERENCE_DAY: Final = date(2026, 6, 15)
TIME_ZONE: Final = "Asia/Almaty"
PG_TARGET: Final = 10_000.0
RATIO_TARGET: Final = 5.0
DEFAULT_PG_URL: Final = "postgres://postgres@127.0.0.1:5432/jastar_bench_import"
SUMMARY: Final = re.compile(
    r"read (\d+), created (\d+), updated (\d+), unchanged (\d+), rejected (\d+), "
    r"possible duplicates (\d+)\."
)

# Ways a row is broken on purpose, used in turn.
BAD_KINDS: Final = (
    "check_digit",
    "iin_11_digits",
    "unknown_district",
    "impossible_date",
    "over_35",
    "unknown_status",
    "empty_last_name",
    "date_not_iin",
)
LANGUAGE_SHARES: Final = {"ru": 0.55, "kk": 0.40, "en": 0.05}
STATUS_WORDS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "ru": {
        "unemployed": ("безработный", "не работает"),
        "employed": ("работает", "трудоустроен"),
        "in_education": ("учится", "студент"),
        "in_training": ("на обучении",),
        "inactive": ("не ищет работу",),
    },
    "kk": {
        "unemployed": ("жұмыссыз",),
        "employed": ("жұмыс істейді",),
        "in_education": ("оқиды",),
        "in_training": ("курстарда",),
        "inactive": ("белсенді емес",),
    },
    "en": {
        "unemployed": ("unemployed",),
        "employed": ("employed",),
        "in_education": ("in education",),
        "in_training": ("in training",),
        "inactive": ("inactive",),
    },
}
# Status shares for ages under 18, 18-23, 24 and over.
STATUS_SHARES: Final = (
    {"in_education": 0.85, "unemployed": 0.08, "employed": 0.04, "inactive": 0.03},
    {
        "in_education": 0.35,
        "employed": 0.25,
        "unemployed": 0.28,
        "in_training": 0.05,
        "inactive": 0.07,
    },
    {
        "employed": 0.45,
        "unemployed": 0.33,
        "in_training": 0.05,
        "inactive": 0.12,
        "in_education": 0.05,
    },
)
SEX_WORDS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "ru": {"M": ("М", "М", "М", "муж"), "F": ("Ж", "Ж", "Ж", "жен")},
    "kk": {"M": ("ер",), "F": ("әйел",)},
    "en": {"M": ("M",), "F": ("F",)},
}
UNKNOWN_STATUSES: Final = {
    "ru": ("пенсионер", "в декрете", "служит в армии", "мигрант"),
    "kk": ("зейнеткер", "декретте", "әскерде"),
    "en": ("retired", "on maternity leave"),
}
# Districts of Zhetysu region (part of Almaty region until 2022): not in the reference data.
UNKNOWN_DISTRICTS: Final = {
    "ru": ("Сарканский район", "Ескельдинский район", "Аксуский район", "Панфиловский район"),
    "kk": ("Сарқан ауданы", "Ескелді ауданы", "Көксу ауданы", "Алакөл ауданы"),
}
SHORT_EDUCATION: Final = {
    "ru": {
        "basic_secondary": "9 классов",
        "general_secondary": "среднее",
        "tvet": "ТиПО",
        "bachelor": "высшее",
        "master": "высшее",
    },
    "kk": {
        "basic_secondary": "негізгі орта",
        "general_secondary": "орта",
        "tvet": "колледж",
        "bachelor": "жоғары",
        "master": "жоғары",
    },
}


# --- Generating the file -----------------------------------------------------------------


@dataclass
class Generated:
    path: Path
    rows: int
    bad_lines: dict[int, str]  # file line (header = 1) -> how the row is broken
    zero_dropped: set[int]  # lines of good rows whose IIN lost its leading zeros
    seconds: float

    @property
    def bad(self) -> int:
        return len(self.bad_lines)

    def bad_before(self, line: int) -> int:
        return sum(1 for n in self.bad_lines if n < line)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _pick(rng: np.random.Generator, shares: dict[str, float]) -> str:
    keys = list(shares)
    weights = [shares[k] for k in keys]
    total = sum(weights)
    return str(keys[int(rng.choice(len(keys), p=[w / total for w in weights]))])


def _one(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _education(rng: np.random.Generator, age: int) -> str:
    if age < 16:
        return "basic_secondary"
    if age < 19:
        return _pick(rng, {"basic_secondary": 0.4, "general_secondary": 0.6})
    if age < 22:
        return _pick(rng, {"basic_secondary": 0.1, "general_secondary": 0.45, "tvet": 0.45})
    return _pick(
        rng,
        {"basic_secondary": 0.05, "general_secondary": 0.3, "tvet": 0.3, "bachelor": 0.3}
        | ({"master": 0.05} if age >= 23 else {}),
    )


def _invalid_11_digits(iin: str, rng: np.random.Generator) -> str:
    """The IIN with one digit lost, such that padding it with a zero does not repair it."""
    from jastar.core.identifiers import check_digit

    for position in rng.permutation(12).tolist():
        short = iin[:position] + iin[position + 1 :]
        padded = short.zfill(12)
        if check_digit(padded[:11]) != int(padded[11]):
            return short
    raise AssertionError(f"no way to shorten {iin} into an invalid IIN")


def _date_not_iin(born: date) -> str:
    if born.day <= 12 and born.day != born.month:
        return f"{born.month:02d}.{born.day:02d}.{born.year}"  # day and month swapped
    return f"{born + timedelta(days=1):%d.%m.%Y}"


def _impossible_date(born: date, rng: np.random.Generator) -> str:
    days = [(31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11)]
    if born.year % 4:
        days.append((29, 2))
    day, month = days[int(rng.integers(len(days)))]
    return f"{day:02d}.{month:02d}.{born.year}"


def generate(
    path: Path, rows: int, bad: float, seed: int, today: date, short_education: bool
) -> Generated:
    """Write the people CSV; return which lines are broken and how."""
    import numpy as np

    from jastar.registry.demo.catalog import load_catalog
    from jastar.registry.demo.naming import person_names, phones, unique_iins

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    catalog = load_catalog()
    data = ROOT / "jastar" / "registry" / "data"
    places = json.loads((data / "places.json").read_text(encoding="utf-8"))
    district_names = {
        d["code"]: {"kk": d["name_kk"], "ru": d["name_ru"]} for d in places["districts"]
    }
    levels = json.loads((data / "education_levels.json").read_text(encoding="utf-8"))["items"]
    level_names = {item["code"]: {"kk": item["name_kk"], "ru": item["name_ru"]} for item in levels}

    n_bad = round(rows * bad)
    kinds: list[str | None] = [None] * rows
    bad_rows = rng.choice(rows, n_bad, replace=False).tolist()
    order = rng.permutation(n_bad).tolist()
    for index, turn in zip(bad_rows, order, strict=True):
        kinds[index] = BAD_KINDS[turn % len(BAD_KINDS)]

    # Ages 14-35 both on the reference day and on the import day.
    early, late = min(REFERENCE_DAY, today), max(REFERENCE_DAY, today)
    youngest = _years_before(early, 14)
    oldest = _years_before(late, 36) + timedelta(days=1)
    if oldest > youngest:
        raise SystemExit(f"No birth date is 14-35 years old on both {REFERENCE_DAY} and {today}.")
    too_old = (_years_before(early, 46), _years_before(early, 36) - timedelta(days=1))
    birth = rng.integers(oldest.toordinal(), youngest.toordinal() + 1, rows)
    old = np.array([k == "over_35" for k in kinds])
    birth[old] = rng.integers(too_old[0].toordinal(), too_old[1].toordinal() + 1, int(old.sum()))
    male = rng.random(rows) < 0.51
    district = rng.choice(len(catalog.districts), rows, p=catalog.district_shares)
    mix = np.cumsum(catalog.ethnic_mix, axis=1)
    group = (rng.random(rows)[:, None] > mix[district][:, :-1]).sum(axis=1)
    last, first, patronymic = person_names(rng, catalog, group, male)
    iins = unique_iins(rng, birth, male)
    phone = phones(rng, rows)

    settlements: dict[str, tuple[list[Any], Any]] = {}
    for code in catalog.districts:
        items = [s for s in catalog.settlements if s.district == code]
        weights = np.array([s.weight for s in items])
        settlements[code] = (items, weights / weights.sum())

    languages = list(LANGUAGE_SHARES)
    language = rng.choice(len(languages), rows, p=list(LANGUAGE_SHARES.values())).tolist()
    good = [i for i in range(rows) if kinds[i] is None]
    born_2000s = [i for i in good if 2000 <= date.fromordinal(int(birth[i])).year <= 2009]
    dropped_count = min(len(born_2000s), round(0.02 * len(good)))
    dropped = (
        set(rng.choice(born_2000s, dropped_count, replace=False).tolist()) if born_2000s else set()
    )

    bad_lines: dict[int, str] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for i in range(rows):
            kind = kinds[i]
            lang = languages[language[i]]
            place_lang = "kk" if lang == "kk" else "ru"
            born = date.fromordinal(int(birth[i]))
            age = _age(born, today)
            sex = "M" if male[i] else "F"
            code = catalog.districts[int(district[i])]
            items, weights = settlements[code]
            settlement = items[int(rng.choice(len(items), p=weights))]
            shares = STATUS_SHARES[0 if age < 18 else 1 if age < 24 else 2]
            status = _one(rng, STATUS_WORDS[lang][_pick(rng, shares)])
            level = _education(rng, age)
            if short_education and level in SHORT_EDUCATION[place_lang]:
                education = SHORT_EDUCATION[place_lang][level]
            else:
                education = level_names[level][place_lang]
            row = [
                iins[i],
                last[i],
                first[i],
                patronymic[i],
                f"{born:%d.%m.%Y}",
                _one(rng, SEX_WORDS[lang][sex]),
                district_names[code][place_lang],
                getattr(settlement, f"name_{place_lang}") if rng.random() > 0.08 else "",
                status,
                phone[i] if rng.random() > 0.15 else "",
                education if rng.random() > 0.07 else "",
            ]
            if i in dropped:
                row[0] = str(int(iins[i]))
            if kind is not None:
                _break(row, kind, born, place_lang, lang, rng)
                bad_lines[i + 2] = kind
            writer.writerow(row)
    zero_dropped = {i + 2 for i in dropped}
    return Generated(path, rows, bad_lines, zero_dropped, time.perf_counter() - started)


def _break(
    row: list[str], kind: str, born: date, place_lang: str, lang: str, rng: np.random.Generator
) -> None:
    iin = row[0]
    if kind == "check_digit":
        row[0] = iin[:11] + str((int(iin[11]) + int(rng.integers(1, 10))) % 10)
    elif kind == "iin_11_digits":
        row[0] = _invalid_11_digits(iin, rng)
    elif kind == "unknown_district":
        row[6] = _one(rng, UNKNOWN_DISTRICTS[place_lang])
    elif kind == "impossible_date":
        row[4] = _impossible_date(born, rng)
    elif kind == "unknown_status":
        row[8] = _one(rng, UNKNOWN_STATUSES[lang])
    elif kind == "empty_last_name":
        row[1] = ""
    elif kind == "date_not_iin":
        row[4] = _date_not_iin(born)
    # over_35: the birth date (and the IIN made from it) is already too old.


# --- Running child processes ---------------------------------------------------------------


@dataclass
class Child:
    returncode: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0


def run_child(cmd: Sequence[str], env: dict[str, str], workdir: Path, name: str) -> Child:
    """Run a command, timing it and taking its peak RSS and CPU time from ``os.wait4``.

    Both include the processes the command started and waited for (an import's helper
    processes): the CPU time is their sum, the peak RSS the largest of them.
    """
    out, err = workdir / f"{name}.stdout", workdir / f"{name}.stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=stderr, cwd=ROOT)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Child(
        process.returncode,
        seconds,
        peak,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        usage.ru_utime + usage.ru_stime,
    )


def _jastar() -> str:
    local = Path(sys.executable).with_name("jastar")
    return str(local if local.exists() else ROOT / ".venv" / "bin" / "jastar")


def _fail(what: str, child: Child) -> None:
    print(f"  {what} FAILED (exit {child.returncode}):")
    for line in (child.stdout + child.stderr).strip().splitlines()[-15:]:
        print(f"    {line}")


# --- Databases ---------------------------------------------------------------------------


@dataclass
class Database:
    label: str
    vendor: str  # "sqlite" or "postgresql"
    workdir: Path
    postgres_url: str = ""

    def fresh(self, name: str) -> str:
        """A new empty database; returns its DATABASE_URL."""
        if self.vendor == "sqlite":
            path = self.workdir / f"{name}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        import psycopg
        from psycopg import sql

        parts = urlsplit(self.postgres_url)
        database = parts.path.lstrip("/")
        admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        return self.postgres_url


def child_env(database_url: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="jastar.config.settings",
        JASTAR_MEDIA_ROOT=str(workdir / "media"),
        JASTAR_TASKS_BACKEND="immediate",
        JASTAR_DEBUG="0",
        JASTAR_SECRET_KEY=secrets.token_urlsafe(32),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    return env


# --- Checking results ----------------------------------------------------------------------


@dataclass
class Measured:
    database: str
    run: str
    rows: int
    seconds: float
    peak_mb: float
    rejected: int
    ok: bool = True

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class Summary:
    read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    duplicates: int


def _reason_key(reason: str) -> str:
    """A reason with its particular values blanked, to group alike rejections."""
    reason = re.sub(r"“[^”]*”", "“…”", reason)
    return re.sub(r"\d+", "N", reason)


def read_errors(path: Path) -> dict[int, list[str]]:
    """The error report: line -> ["column: reason", ...]."""
    found: dict[int, list[str]] = {}
    if not path.exists():
        return found
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        for cells in reader:
            if cells and cells[0].isdigit():
                found.setdefault(int(cells[0]), []).append(f"{cells[1] or '-'}: {cells[2]}")
    return found


def compare(gen: Generated, rejected: dict[int, list[str]], last_line: int) -> bool:
    """Print how the rejected lines match the rows broken on purpose; True if exactly."""
    intended = {n: k for n, k in gen.bad_lines.items() if n <= last_line}
    per_kind = Counter(intended.values())
    caught = Counter(k for n, k in intended.items() if n in rejected)
    print(
        "  broken rows rejected, by kind: "
        + ", ".join(f"{k} {caught[k]}/{per_kind[k]}" for k in BAD_KINDS if per_kind[k])
    )
    wrong = sorted(n for n in rejected if n not in intended)
    missed = sorted(n for n in intended if n not in rejected)
    if wrong:
        zero = sum(1 for n in wrong if n in gen.zero_dropped)
        print(
            f"  GOOD rows rejected: {len(wrong)} ({zero} of them with the IIN's leading zeros "
            f"dropped, of {len([n for n in gen.zero_dropped if n <= last_line])} such rows)"
        )
        reasons = Counter(_reason_key(r) for n in wrong for r in rejected[n])
        for reason, count in reasons.most_common(8):
            example = next(n for n in wrong if any(_reason_key(r) == reason for r in rejected[n]))
            text = next(r for r in rejected[example] if _reason_key(r) == reason)
            print(f"    {count:>7,} × {reason}   (e.g. line {example}: {text})")
    if missed:
        print(f"  BROKEN rows accepted: {len(missed)}")
        for kind, count in Counter(intended[n] for n in missed).most_common():
            example = next(n for n in missed if intended[n] == kind)
            print(f"    {count:>7,} × {kind}   (e.g. line {example})")
    return not wrong and not missed


@dataclass
class Imported:
    measured: Measured
    summary: Summary | None = None
    rejected_lines: set[int] = field(default_factory=set)


def jastar_import(
    db: Database, env: dict[str, str], gen: Generated, run: str, first: Imported | None
) -> Imported:
    """Time one ``jastar import people``; ``first`` is the earlier import of a re-import."""
    name = f"{db.vendor}-{'import' if first is None else 'reimport'}"
    cmd = [_jastar(), "import", "people", str(gen.path), "--no-progress", "--lang", "en"]
    child = run_child(cmd, env, db.workdir, name)
    match = SUMMARY.search(child.stdout)
    if child.returncode or match is None:
        _fail(run, child)
        return Imported(Measured(db.label, run, 0, child.seconds, child.peak_mb, 0, ok=False))
    s = Summary(*(int(g) for g in match.groups()))
    print(
        f"  {run}: {child.seconds:.2f} s, {s.read / child.seconds:,.0f} rows/s "
        f"({child.cpu_seconds:.1f} s of CPU in the command's processes)"
    )
    print(f"  {match.group(0)}")
    report = gen.path.with_name(f"{gen.path.stem}.errors.csv")
    kept = db.workdir / f"{name}.errors.csv"
    if report.exists():
        report.replace(kept)
    rejected = read_errors(kept)
    if len(rejected) != s.rejected:
        print(f"  the error report names {len(rejected):,} lines, not {s.rejected:,}")
    ok = s.read == gen.rows and len(rejected) == s.rejected
    if first is None or first.summary is None:
        total = s.created + s.rejected
        print(
            f"  created + rejected = {total:,} (rows {gen.rows:,}): "
            f"{'OK' if total == gen.rows else 'MISMATCH'}; rejected {s.rejected:,}, "
            f"rows broken on purpose {gen.bad:,}: {'OK' if s.rejected == gen.bad else 'DIFFERENT'}"
        )
        ok = compare(gen, rejected, gen.rows + 1) and ok and total == gen.rows
    else:
        before = first.summary
        same = (
            s.created == 0
            and s.updated == 0
            and s.unchanged == before.created
            and set(rejected) == first.rejected_lines
        )
        print(
            f"  idempotent (nothing created or updated, the {before.created:,} people of the "
            f"first import unchanged, the same lines rejected): {'OK' if same else 'NO'}"
        )
        ok = ok and same
    measured = Measured(db.label, run, s.read, child.seconds, child.peak_mb, s.rejected, ok)
    return Imported(measured, s, set(rejected))


def die_import(db: Database, env: dict[str, str], gen: Generated, rows: int) -> Measured:
    result_path = db.workdir / f"{db.vendor}-die.json"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--die-child",
        str(gen.path),
        "--die-rows",
        str(rows),
        "--die-result",
        str(result_path),
    ]
    run = f"django-import-export, first {rows:,}"
    child = run_child(cmd, env, db.workdir, f"{db.vendor}-die")
    if child.returncode or not result_path.exists():
        _fail(run, child)
        return Measured(db.label, run, 0, child.seconds, child.peak_mb, 0, ok=False)
    out = json.loads(result_path.read_text(encoding="utf-8"))
    totals = out["totals"]
    rejected_count = totals["invalid"] + totals["error"]
    print(
        f"  {run}: {child.seconds:.2f} s wall ({out['seconds']:.2f} s in import_data), "
        f"{out['rows'] / child.seconds:,.0f} rows/s"
    )
    print(
        "  totals: "
        + ", ".join(f"{k} {v:,}" for k, v in totals.items())
        + f"; people in the database afterwards: {out['people']:,}"
        + (" (ROLLED BACK: a row raised an error)" if out["has_errors"] else "")
    )
    expected = gen.bad_before(rows + 2)
    print(
        f"  rejected {rejected_count:,}; rows broken on purpose among them {expected:,}: "
        f"{'OK' if rejected_count == expected else 'DIFFERENT'}"
    )
    exact = compare(gen, {int(k): v for k, v in out["rejected"].items()}, rows + 1)
    ok = not out["has_errors"] and out["rows"] == rows
    return Measured(
        db.label, run, out["rows"], child.seconds, child.peak_mb, rejected_count, ok and exact
    )


def bench_database(db: Database, gen: Generated, die_rows: int) -> list[Measured]:
    print(f"\n{db.label}")
    results: list[Measured] = []
    url = db.fresh("jastar")
    env = child_env(url, db.workdir)
    if not _migrate(env, db):
        return results
    startup = run_child([_jastar(), "shell", "-c", "pass"], env, db.workdir, "startup")
    print(f"  starting Python and Django (included in each figure): {startup.seconds:.2f} s")
    first = jastar_import(db, env, gen, "Jastar import", None)
    again = jastar_import(db, env, gen, "Jastar re-import", first)
    results.extend([first.measured, again.measured])
    if die_rows > 0:
        url = db.fresh("die")
        env = child_env(url, db.workdir)
        if _migrate(env, db):
            results.append(die_import(db, env, gen, min(die_rows, gen.rows)))
    return results


def _migrate(env: dict[str, str], db: Database) -> bool:
    child = run_child([_jastar(), "migrate", "-v", "0"], env, db.workdir, f"{db.vendor}-migrate")
    if child.returncode:
        _fail("migrate", child)
        return False
    print(f"  fresh database migrated in {child.seconds:.1f} s")
    return True


# --- The django-import-export child -------------------------------------------------------


def _die_child(path: Path, rows: int, result_path: Path) -> None:
    """Import the first ``rows`` rows with a standard django-import-export resource."""
    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")
    import tablib  # type: ignore[import-untyped]
    from django.conf import settings
    from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
    from django.db.models import Model, Q, QuerySet
    from django.utils import timezone
    from import_export import fields, resources, widgets  # type: ignore[import-untyped]

    from jastar.registry.models import District, EducationLevel, Person, Settlement
    from jastar.registry.rules import check_identity, check_youth_age
    from jastar.registry.services.people import default_area, person_fill_derived

    today = timezone.localdate()
    sex_codes = {
        w.casefold(): code for words in SEX_WORDS.values() for code, ws in words.items() for w in ws
    }
    status_codes = {
        w.casefold(): code
        for words in STATUS_WORDS.values()
        for code, ws in words.items()
        for w in ws
    }

    class NameWidget(widgets.ForeignKeyWidget):  # type: ignore[misc]
        """A ForeignKeyWidget finding the row by its Russian or its Kazakh name.

        An unknown name is a ValueError, which the library reports as an invalid row; the
        stock widget's DoesNotExist counts as an error and rolls back the whole import.
        """

        def get_queryset(
            self, value: str, row: dict[str, str], *args: Any, **kwargs: Any
        ) -> QuerySet[Model]:
            queryset: QuerySet[Model] = self.model.objects.filter(
                Q(name_ru=value) | Q(name_kk=value)
            )
            return queryset

        def get_lookup_kwargs(
            self, value: str, row: dict[str, str], **kwargs: Any
        ) -> dict[str, Any]:
            return {}

        def clean(self, value: Any, row: dict[str, str] | None = None, **kwargs: Any) -> Any:
            try:
                return super().clean(value, row, **kwargs)
            except (ObjectDoesNotExist, MultipleObjectsReturned):
                raise ValueError(
                    f"“{value}” is not a known {self.model._meta.verbose_name}."
                ) from None

    class SettlementWidget(NameWidget):
        """Settlements by name within the row's district (names repeat across districts)."""

        def get_queryset(
            self, value: str, row: dict[str, str], *args: Any, **kwargs: Any
        ) -> QuerySet[Model]:
            district = row.get("district", "")
            queryset: QuerySet[Model] = (
                super()
                .get_queryset(value, row)
                .filter(Q(district__name_ru=district) | Q(district__name_kk=district))
            )
            return queryset

    class PersonResource(resources.ModelResource):  # type: ignore[misc]
        birth_date = fields.Field(
            attribute="birth_date", column_name="birth_date", widget=widgets.DateWidget("%d.%m.%Y")
        )
        district = fields.Field(
            attribute="district", column_name="district", widget=NameWidget(District, "name_ru")
        )
        settlement = fields.Field(
            attribute="settlement",
            column_name="settlement",
            widget=SettlementWidget(Settlement, "name_ru"),
        )
        education_level = fields.Field(
            attribute="education_level",
            column_name="education_level",
            widget=NameWidget(EducationLevel, "name_ru"),
        )

        class Meta:
            model = Person
            fields = FIELDS
            import_id_fields = ("iin",)
            skip_unchanged = True
            report_skipped = False
            use_transactions = True
            clean_model_instances = True

        def before_import_row(self, row: dict[str, str], **kwargs: Any) -> None:
            iin = row["iin"].strip()
            if iin.isdigit() and 10 <= len(iin) < 12:
                row["iin"] = iin.zfill(12)  # leading zeros a spreadsheet dropped
            row["sex"] = sex_codes.get(row["sex"].strip().casefold(), row["sex"])
            row["status"] = status_codes.get(row["status"].strip().casefold(), row["status"])

        def import_instance(self, instance: Person, row: dict[str, str], **kwargs: Any) -> None:
            errors: dict[str, Any] = {}
            try:
                super().import_instance(instance, row, **kwargs)
            except ValidationError as err:
                errors = err.update_error_dict(errors)
            # What Jastar derives: registration date, area, Latin names and search keys.
            instance.registered_on = instance.registered_on or today
            instance.status_since = instance.status_since or instance.registered_on
            if instance.district_id is not None:
                instance.area = default_area(instance.district, instance.settlement)
            if instance.birth_date is not None:
                person_fill_derived(instance)
                # The registration form's rules the model itself does not check.
                identity = check_identity(instance.iin, instance.birth_date, instance.sex or None)
                for name, messages in identity.errors.items():
                    if name != "iin":  # the field's own validator reports a bad IIN
                        errors.setdefault(name, []).extend(messages)
                problem = check_youth_age(
                    instance.birth_date,
                    instance.registered_on,
                    settings.JASTAR_YOUTH_MIN_AGE,
                    settings.JASTAR_YOUTH_MAX_AGE,
                )
                if problem is not None:
                    errors.setdefault("birth_date", []).append(problem)
            if errors:
                raise ValidationError(errors)

    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for _n, line in zip(range(rows + 1), handle, strict=False)]
    started = time.perf_counter()
    dataset = tablib.Dataset().load("".join(lines), format="csv", delimiter=";")
    dataset.headers = list(FIELDS)
    result = PersonResource().import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - started

    rejected: dict[int, list[str]] = {}
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            for message in messages:
                rejected.setdefault(invalid.number + 1, []).append(f"{name}: {message}")
    for row_result in result.rows:
        for error in row_result.errors:
            rejected.setdefault(error.number + 1, []).append(f"error: {error.error!r}")
    result_path.write_text(
        json.dumps(
            {
                "rows": len(dataset),
                "seconds": seconds,
                "totals": dict(result.totals),
                "has_errors": result.has_errors(),
                "people": Person.objects.count(),
                "rejected": rejected,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


# --- Main ----------------------------------------------------------------------------------


def print_table(results: list[Measured], gen: Generated, die_rows: int) -> None:
    print()
    header = (
        f"{'database':<11} {'run':<32} {'rows':>9} {'seconds':>9} {'rows/s':>9} "
        f"{'peak RSS MB':>12} {'rejected':>9}"
    )
    print(header)
    print("-" * len(header))
    for m in results:
        flag = "" if m.ok else "  (see above)"
        print(
            f"{m.database:<11} {m.run:<32} {m.rows:>9,} {m.seconds:>9.2f} {m.rate:>9,.0f} "
            f"{m.peak_mb:>12.1f} {m.rejected:>9,}{flag}"
        )
    print()
    by = {(m.database, m.run): m for m in results if m.rows}
    pg = by.get(("PostgreSQL", "Jastar import"))
    if pg is not None:
        ratio = pg.rate / PG_TARGET
        verdict = "MET" if ratio >= 1 else "MISSED"
        print(
            f"Jastar PostgreSQL rows/s ÷ {PG_TARGET:,.0f} target: {ratio:.2f} "
            f"({pg.rate:,.0f} rows/s)  {verdict}"
        )
    for database in ("SQLite", "PostgreSQL"):
        ours = by.get((database, "Jastar import"))
        theirs = next(
            (
                m
                for m in results
                if m.database == database and m.run.startswith("django") and m.rows
            ),
            None,
        )
        if ours is None or theirs is None:
            continue
        ratio = ours.rate / theirs.rate
        verdict = "MET" if ratio >= RATIO_TARGET else "MISSED"
        print(
            f"Jastar rows/s ÷ django-import-export rows/s, {database}: {ratio:.1f}x "
            f"(target {RATIO_TARGET:.0f}x)  {verdict}"
        )
    if any(m.run.startswith("django") for m in results):
        print(
            f"  (rates, not times, are compared: Jastar imported all {gen.rows:,} rows, "
            f"django-import-export the first {min(die_rows, gen.rows):,} of the same file)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--bad", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--die-rows", type=int, default=20_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_PG_URL)
    parser.add_argument("--short-education", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--die-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--die-result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    if args.die_child:
        _die_child(args.die_child, args.die_rows, args.die_result)
        return 0
    if args.rows < 1 or not 0 <= args.bad < 1:
        parser.error("--rows must be positive and --bad in [0, 1)")

    workdir = Path(tempfile.mkdtemp(prefix="jastar-bench-import-"))
    today = datetime.now(ZoneInfo(TIME_ZONE)).date()
    gen = generate(
        workdir / "people.csv", args.rows, args.bad, args.seed, today, args.short_education
    )
    kinds = Counter(gen.bad_lines.values())
    print(
        f"{gen.path}: {gen.rows:,} rows, {gen.path.stat().st_size / 1e6:.1f} MB, written in "
        f"{gen.seconds:.1f} s (seed {args.seed}; ages 14-35 on {REFERENCE_DAY} and {today})"
    )
    print(
        f"  broken on purpose: {gen.bad:,} ("
        + ", ".join(f"{k} {kinds[k]}" for k in BAD_KINDS if kinds[k])
        + f"); good rows with the IIN's leading zeros dropped: {len(gen.zero_dropped):,}"
    )

    databases = []
    if not args.skip_sqlite:
        databases.append(Database("SQLite", "sqlite", workdir))
    if not args.skip_postgres:
        databases.append(Database("PostgreSQL", "postgresql", workdir, args.postgres_url))
    results: list[Measured] = []
    try:
        for db in databases:
            results.extend(bench_database(db, gen, args.die_rows))
    finally:
        if args.keep:
            print(f"\nKept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(results, gen, args.die_rows)
    expected = len(databases) * (3 if args.die_rows > 0 else 2)
    completed = sum(1 for m in results if m.rows)
    return 0 if completed == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
