"""Writing the kinds of files offices receive, for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]

from jastar.bulk.models import ImportJob
from jastar.bulk.services import import_job_create, import_job_run

PEOPLE_HEADERS_RU = [
    "ИИН",
    "Фамилия",
    "Имя",
    "Отчество",
    "Район",
    "Населенный пункт",
    "Статус",
    "Телефон",
]
PEOPLE_HEADERS_KK = [
    "ЖСН",
    "Тегі",
    "Аты",
    "Әкесінің аты",
    "Аудан",
    "Елді мекен",
    "Мәртебесі",
    "Телефон",
]
PEOPLE_HEADERS_EN = [
    "IIN",
    "Last name",
    "First name",
    "Patronymic",
    "District",
    "Settlement",
    "Status",
    "Phone",
]

EMPLOYER_HEADERS_RU = [
    "БИН",
    "Наименование",
    "Вид",
    "Отрасль",
    "Район",
    "Населенный пункт",
    "Адрес",
    "Телефон",
]
EMPLOYER_HEADERS_KK = [
    "БСН",
    "Атауы",
    "Түрі",
    "Сала",
    "Аудан",
    "Елді мекен",
    "Мекенжайы",
    "Телефон",
]

# The fields of an Enbek.kz vacancy card, as its export and the offices' copies name them.
VACANCY_HEADERS_RU = [
    "ID вакансии",
    "Вакансия",
    "БИН",
    "Компания",
    "Местоположение",
    "Зарплата",
    "Опыт работы",
    "График работы",
    "Образование",
    "Профессиональная область",
    "Количество мест",
    "Дата публикации",
]
VACANCY_HEADERS_KK = [
    "Бос орын нөмірі",
    "Лауазымы",
    "БСН",
    "Жұмыс беруші",
    "Орналасқан жері",
    "Жалақы",
    "Жұмыс тәжірибесі",
    "Жұмыс кестесі",
    "Білімі",
    "Кәсіби сала",
    "Орындар саны",
    "Жарияланған күні",
]

PLACEMENT_HEADERS_RU = [
    "ИИН",
    "ФИО",
    "Дата трудоустройства",
    "Дата увольнения",
    "Способ трудоустройства",
    "Вид занятости",
    "БИН",
    "ID вакансии",
    "Программа",
    "Заработная плата",
]
PLACEMENT_HEADERS_KK = [
    "ЖСН",
    "Аты-жөні",
    "Жұмысқа орналасқан күні",
    "Аяқталған күні",
    "Жұмысқа орналасу тәсілі",
    "Жұмыспен қамту түрі",
    "БСН",
    "Бос орын нөмірі",
    "Бағдарлама",
    "Жалақы",
]


def import_file(path: Path, kind: str, *, dry_run: bool = False) -> ImportJob:
    """Import a file the way an office does: create the job, then run it to the end."""
    with path.open("rb") as handle:
        job = import_job_create(
            actor=None, kind=kind, upload=handle, file_name=path.name, dry_run=dry_run
        )
    return import_job_run(job_id=job.pk)


def reasons(job: ImportJob) -> dict[int, list[str]]:
    """The job's rejections by file line, each as "column: reason"."""
    found: dict[int, list[str]] = {}
    for rejection in job.rejections.order_by("line", "id"):
        found.setdefault(rejection.line, []).append(f"{rejection.column}: {rejection.reason}")
    return found


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows([[str(c) for c in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path
