"""`jastar occupation` and `jastar match`: thin wrappers over the selectors and services."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jastar.matching.models import Match, MatchRun, RunStatus
from jastar.registry.models import Occupation
from jastar.registry.tests.factories import centre_of, district, make_person, make_vacancy

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def region() -> tuple[Any, Any]:
    driver = Occupation.objects.get(code="8322")
    person = make_person(settlement=centre_of("karasai"))
    person.desired_occupations.set([driver])
    item = make_vacancy(
        title_ru="Водитель", occupation=driver, district=district("karasai"), settlement=None
    )
    return person, item


class OccupationCommandTests:
    @pytest.mark.parametrize("text", ["жүргізуші", "водитель", "jürgızuşı", "Водитель такси"])
    def test_names_the_driver_group_first_in_any_language_or_script(self, text: str) -> None:
        assert run("occupation", text).splitlines()[0].startswith("8322")

    def test_prints_json_with_titles_in_three_languages(self) -> None:
        rows = json.loads(run("occupation", "бухгалтер", "--json", "--limit", "2"))
        assert rows[0]["code"] == "2411"
        assert {"name_kk", "name_ru", "name_en", "score", "matched"} <= set(rows[0])
        assert len(rows) <= 2

    def test_says_so_when_nothing_is_close(self) -> None:
        assert run("occupation", "qqqqzzzz") == "No occupation found.\n"


class MatchCommandTests:
    def test_batch_writes_both_lists_and_reports_the_counts(self) -> None:
        person, item = region()
        output = run("match", "--batch", "--no-progress")
        assert "1 people × 1 open vacancies, 2 list entries" in output
        assert Match.objects.filter(person=person, vacancy=item).count() == 2
        assert MatchRun.objects.get().status == RunStatus.DONE

    def test_batch_of_one_district_leaves_the_others_alone(self) -> None:
        region()
        run("match", "--batch", "--no-progress", "--district", "talgar")
        assert not Match.objects.exists()
        assert MatchRun.objects.get().district == district("talgar")

    def test_refuses_an_unknown_district(self) -> None:
        with pytest.raises(CommandError, match="No district"):
            run("match", "--batch", "--district", "atlantis")

    def test_queue_hands_the_districts_to_the_workers(self) -> None:
        region()
        assert "queued: 1 districts" in run("match", "--batch", "--queue")

    def test_allocate_reports_optimal_and_greedy(self) -> None:
        region()
        run("match", "--batch", "--no-progress")
        output = run("match", "--allocate")
        assert "optimal: 0 placed" in output and "greedy: 0 placed" in output
