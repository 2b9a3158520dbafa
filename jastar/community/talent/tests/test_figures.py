from datetime import date

import pytest
from django.utils import translation

from jastar.community.talent import services
from jastar.community.talent.figures import module_figures
from jastar.community.talent.models import Appointment, Membership, Nomination, Training
from jastar.community.talent.tests.helpers import criteria, intake_2025, nominee
from jastar.registry.tests.factories import district, make_person

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 31)


def reserve() -> list[Membership]:
    """Four nominees (three in Karasai, one in Enbekshikazakh), three selected; two
    appointed (one to a leading post), one training."""
    intake = intake_2025(places=3)
    leadership, _education = criteria(intake)
    people = [make_person() for _ in range(3)] + [make_person(district=district("enbekshikazakh"))]
    for score, person in zip((9, 8, 2, 7), people, strict=True):
        nomination = nominee(intake, person)
        services.score_record(actor=None, nomination=nomination, criterion=leadership, score=score)
    members = services.selection_decide(actor=None, intake=intake, starts_on=date(2025, 5, 1))
    first, second = members[0], members[1]
    services.appointment_record(
        actor=None,
        membership=first,
        post="Deputy akim",
        organisation="Kaskelen akimat",
        appointed_on=date(2025, 9, 1),
        leading_post=True,
    )
    services.appointment_record(
        actor=None,
        membership=second,
        post="Chief specialist",
        organisation="Regional youth department",
        appointed_on=date(2025, 10, 1),
    )
    services.training_record(
        actor=None,
        membership=first,
        title="Project management",
        provider="Academy",
        completed_on=date(2025, 6, 20),
        hours=40,
    )
    return members


class ModuleFiguresTests:
    def test_the_regions_figures_equal_the_records(self) -> None:
        reserve()
        with translation.override("en"):
            figures = module_figures(year=2025, district=None, today=TODAY)
        values = {f.key: f.value for f in figures.figures}
        assert values == {
            "nominations": Nomination.objects.count(),
            "members_selected": Membership.objects.count(),
            "active_members": 3,
            "trainings_completed": Training.objects.count(),
            "members_appointed": 2,
            "appointed_leading": 1,
            "share_appointed": round(100 * 2 / 3, 1),
        }
        assert figures.key == "talent" and figures.title == "Talent reserve"

    def test_the_appointments_table_names_no_one(self) -> None:
        members = reserve()
        with translation.override("en"):
            figures = module_figures(year=2025, district=None, today=TODAY)
        appointments = figures.tables[0]
        assert len(appointments.rows) == Appointment.objects.count()
        texts = " ".join(t for row in appointments.rows for t in row.texts)
        assert "Deputy akim" in texts
        for membership in members:
            assert membership.person.last_name not in texts

    def test_a_districts_figures_count_its_people_only(self) -> None:
        reserve()
        with translation.override("en"):
            figures = module_figures(year=2025, district=district("enbekshikazakh"), today=TODAY)
        assert figures.figure("nominations").value == 1
        assert figures.figure("members_appointed").value == 0

    def test_counts_nothing_after_today(self) -> None:
        reserve()
        figures = module_figures(year=2025, district=None, today=date(2025, 8, 1))
        assert figures.figure("members_appointed").value == 0
        assert figures.figure("share_appointed").value == 0.0
