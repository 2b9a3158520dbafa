from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.bulk.kinds.base import Context, RowRejected
from jastar.community.traders.bulk import BULK_KINDS
from jastar.community.traders.importer import TradersImporter, name_matches
from jastar.community.traders.models import Contract, ContractKind, Trader, TraderStatus
from jastar.community.traders.tests.factories import make_market
from jastar.registry.tests.factories import district, make_employer, make_person, new_iin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def importer(actor: object = None) -> TradersImporter:
    return TradersImporter(Context(actor=actor, today=TODAY))  # type: ignore[arg-type]


@pytest.fixture
def listed() -> dict[str, object]:
    market = make_market()
    person = make_person(status="employed")
    employer = make_employer()
    return {"market": market, "person": person, "employer": employer}


def row(listed: dict[str, object], **cells: str) -> dict[str, str]:
    person = listed["person"]
    values = {
        "iin": person.iin.lstrip("0"),  # type: ignore[attr-defined]
        "full_name": person.full_name,  # type: ignore[attr-defined]
        "market": "ҚАСКЕЛЕҢ ОРТАЛЫҚ БАЗАРЫ",
        "stall": "2-14",
        "goods": "киім",
        "signed_on": "01.04.2025",
        "employer_bin": listed["employer"].bin,  # type: ignore[attr-defined]
        "kind": "трудовой договор",
        "monthly_wage": "120000",
    }
    values.update(cells)
    return values


class CheckTests:
    def test_a_good_row_passes_with_its_values_parsed(self, listed):
        checked = importer().check(row(listed))
        assert checked.values["signed_on"] == date(2025, 4, 1)
        assert checked.values["kind"] == ContractKind.LABOUR
        assert checked.values["iin"] == listed["person"].iin

    def test_a_bad_iin_and_date_are_refused_with_reasons(self, listed):
        with pytest.raises(RowRejected) as err:
            importer().check(row(listed, iin="123", signed_on="31.02.2025"))
        assert {p.column for p in err.value.problems} == {"iin", "signed_on"}

    def test_a_contract_needs_the_employer(self, listed):
        with pytest.raises(RowRejected) as err:
            importer().check(row(listed, employer_bin=""))
        assert [p.column for p in err.value.problems] == ["employer_bin"]

    def test_an_unknown_kind_of_contract_is_refused(self, listed):
        with pytest.raises(RowRejected):
            importer().check(row(listed, kind="по дружбе"))

    def test_a_name_matches_without_the_patronymic_and_in_latin(self, listed):
        person = listed["person"]
        assert name_matches(f"{person.last_name} {person.first_name}", person)
        assert name_matches("Seiitkalieva Aigerim", person)
        assert not name_matches("Омаров Нұрлан", person)


class WriteTests:
    def test_a_row_registers_the_trader_and_records_the_contract(self, listed):
        imp = importer()
        outcome, refused = imp.write([imp.check(row(listed))], job_id=1)
        assert (outcome.created, refused) == (1, [])
        trader = Trader.objects.get(person=listed["person"])
        assert trader.status == TraderStatus.FORMALISED
        assert Contract.objects.get(trader=trader).monthly_wage == 120_000

    def test_running_the_same_rows_twice_changes_nothing(self, listed):
        imp = importer()
        rows = [
            imp.check(row(listed)),
            imp.check(row(listed, signed_on="", employer_bin="", kind="", monthly_wage="")),
        ]
        imp.write(rows, job_id=1)
        outcome, refused = importer().write(rows, job_id=2)
        assert (outcome.created, outcome.updated, outcome.unchanged, refused) == (0, 0, 2, [])
        assert (Trader.objects.count(), Contract.objects.count()) == (1, 1)

    def test_a_changed_wage_updates_the_contract(self, listed):
        imp = importer()
        imp.write([imp.check(row(listed))], job_id=1)
        outcome, _ = imp.write([imp.check(row(listed, monthly_wage="150000"))], job_id=2)
        assert outcome.updated == 1
        assert Contract.objects.get().monthly_wage == 150_000

    def test_a_row_without_a_contract_registers_the_trader_only(self, listed):
        imp = importer()
        cells = row(listed, signed_on="", employer_bin="", kind="", monthly_wage="")
        outcome, _ = imp.write([imp.check(cells)], job_id=1)
        assert outcome.created == 1
        assert Trader.objects.get().status == TraderStatus.INFORMAL
        assert not Contract.objects.exists()

    def test_a_person_not_in_the_registry_is_refused_with_the_reason(self, listed):
        imp = importer()
        stranger = row(listed, iin=new_iin(date(2003, 5, 14), "F"), full_name="")
        outcome, refused = imp.write([imp.check(stranger)], job_id=1)
        assert outcome.created == 0
        ((_, problems),) = refused
        assert problems[0].column == "iin"
        with translation.override("en"):
            assert "registry" in str(problems[0].message)
        assert not Trader.objects.exists()

    def test_a_wrong_name_is_refused(self, listed):
        imp = importer()
        _, refused = imp.write([imp.check(row(listed, full_name="Омаров Нұрлан"))], job_id=1)
        assert refused[0][1][0].column == "full_name"

    def test_a_refused_contract_leaves_no_trader_behind(self, listed):
        imp = importer()
        future = row(listed, signed_on="01.07.2026")
        _, refused = imp.write([imp.check(future)], job_id=1)
        assert refused and not Trader.objects.exists()

    def test_a_case_worker_cannot_import_into_another_districts_market(self, listed):
        make_market(district=district("balkhash"), name="Балқаш базары")
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        imp = importer(worker)
        _, refused = imp.write([imp.check(row(listed, market="Балқаш базары"))], job_id=1)
        assert refused[0][1][0].column == "market"


def test_the_kind_is_registered_for_the_bulk_engine():
    kinds = {k.kind: k for k in BULK_KINDS}
    assert kinds["traders"].personal and kinds["traders"].importer
    assert "trader_progress" in kinds
