"""fingerprint: how an import tells a repeated row from a conflicting one (no database)."""

from __future__ import annotations

from datetime import date

from jastar.bulk.kinds.base import fingerprint
from jastar.registry.models import District

ROW = {"iin": "040621605251", "last_name": "Тұяқбаева", "birth_date": date(2004, 6, 21)}


class FingerprintTests:
    def test_the_same_values_in_any_order_give_the_same_fingerprint(self) -> None:
        assert fingerprint(ROW) == fingerprint(dict(reversed(ROW.items())))

    def test_any_other_value_gives_another(self) -> None:
        assert fingerprint(ROW) != fingerprint({**ROW, "birth_date": date(2004, 6, 22)})
        assert fingerprint(ROW) != fingerprint({**ROW, "patronymic": "Хасеновна"})

    def test_reference_rows_count_by_their_id_and_lists_by_their_text(self) -> None:
        first, again, other = District(pk=3), District(pk=3), District(pk=4)
        assert fingerprint({**ROW, "district": first}) == fingerprint({**ROW, "district": again})
        assert fingerprint({**ROW, "district": first}) != fingerprint({**ROW, "district": other})
        kk_ru = {**ROW, "languages": ["kk", "ru"]}
        assert fingerprint(kk_ru) == fingerprint({**ROW, "languages": ["kk", "ru"]})
        assert fingerprint(kk_ru) != fingerprint({**ROW, "languages": ["kk"]})
