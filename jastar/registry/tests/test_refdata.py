from __future__ import annotations

import pytest
from django.apps import apps

from jastar.programs import refdata as program_refdata
from jastar.programs.models import Program
from jastar.registry import refdata
from jastar.registry.models import (
    District,
    EducationLevel,
    Occupation,
    OccupationLevel,
    Region,
    Settlement,
    YearlyRates,
)

pytestmark = pytest.mark.django_db


class ReferenceDataTests:
    def test_region_has_nine_districts_and_two_cities(self):
        region = Region.objects.get(code="almaty_region")
        kinds = list(region.districts.values_list("kind", flat=True))
        assert (kinds.count("district"), kinds.count("city")) == (9, 2)

    def test_districts_are_named_in_four_forms_with_centres(self):
        karasai = District.objects.get(code="karasai")
        assert (karasai.name_kk, karasai.name_ru) == ("Қарасай ауданы", "Карасайский район")
        assert (karasai.name_kk_latn, karasai.name_en) == ("Qarasai audany", "Karasai District")
        assert karasai.centre_kk_latn == "Qaskeleñ"
        assert karasai.settlements.filter(is_district_centre=True, name_kk="Қаскелең").exists()

    def test_every_district_has_one_centre_and_villages_are_rural(self):
        for district in District.objects.all():
            centres = district.settlements.filter(is_district_centre=True)
            assert [c.name_kk for c in centres] == [district.centre_kk]
        assert Settlement.objects.get(name_kk="Нарынқол").is_rural is True
        assert Settlement.objects.get(name_kk="Қаскелең").is_rural is False
        assert Settlement.objects.filter(kind="village", is_rural=False).count() == 0

    def test_neighbours_are_symmetric(self):
        ile = District.objects.get(code="ile")
        assert District.objects.get(code="karasai") in ile.neighbours.all()
        assert ile in District.objects.get(code="karasai").neighbours.all()

    def test_occupations_cover_isco_major_and_sub_major_groups(self):
        assert Occupation.objects.filter(level=OccupationLevel.MAJOR).count() == 10
        assert Occupation.objects.filter(level=OccupationLevel.SUB_MAJOR).count() >= 40
        for occupation in Occupation.objects.exclude(level=OccupationLevel.MAJOR):
            assert occupation.parent is not None
            assert occupation.code.startswith(occupation.parent.code)
            assert occupation.name_kk and occupation.name_ru and occupation.name_en

    def test_education_levels_map_to_isced(self):
        levels = list(EducationLevel.objects.order_by("order"))
        assert [lvl.isced for lvl in levels] == sorted(lvl.isced for lvl in levels)
        assert EducationLevel.objects.get(code="bachelor").isced == 6

    def test_mrp_table_matches_budget_laws(self):
        rates = {r.year: (r.mrp, r.minimum_wage) for r in YearlyRates.objects.all()}
        assert rates[2025] == (3932, 85000)
        assert rates[2026] == (4325, 85000)
        assert YearlyRates.objects.get(year=2025).mrp_to_tenge(400) == 1_572_800

    def test_program_catalogue_is_loaded(self):
        assert Program.objects.filter(code__in=["youth_practice", "business_grant"]).count() == 2
        assert Program.objects.count() == 11

    def test_sync_is_idempotent_and_keeps_admin_edits(self):
        YearlyRates.objects.filter(year=2026).update(mrp=4400)
        settlements = Settlement.objects.count()
        assert refdata.sync(apps) == {}
        assert program_refdata.sync(apps) == 0
        assert YearlyRates.objects.get(year=2026).mrp == 4400
        assert Settlement.objects.count() == settlements

    def test_sync_with_update_restores_file_values(self):
        YearlyRates.objects.filter(year=2026).update(mrp=4400)
        assert refdata.sync(apps, update=True) == {"YearlyRates": 1}
        assert YearlyRates.objects.get(year=2026).mrp == 4325


@pytest.mark.django_db(transaction=True)
class FlushTests:
    def test_flushing_the_database_keeps_reference_data(self):
        from django.core.management import call_command

        from jastar.programs.models import ProgramEdition

        call_command("flush", "--noinput", verbosity=0)
        assert District.objects.count() == 11
        assert Occupation.objects.count() > 200
        assert Program.objects.count() == 11
        assert ProgramEdition.objects.filter(year=2025).count() == 11
