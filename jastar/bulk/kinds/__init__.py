"""The importers of the registry's own lists (other apps add theirs: jastar.bulk.registry)."""

from typing import Final

IMPORTERS: Final[dict[str, str]] = {
    "people": "jastar.bulk.kinds.people.PeopleImporter",
    "employers": "jastar.bulk.kinds.employers.EmployersImporter",
    "vacancies": "jastar.bulk.kinds.vacancies.VacanciesImporter",
    "placements": "jastar.bulk.kinds.placements.PlacementsImporter",
}
