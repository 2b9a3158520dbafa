"""Reading files and cells: encodings, separators, headers, Excel's habits (no database)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from jastar.bulk.reading import FileFormatError, cell_text, detect_encoding, open_table
from jastar.bulk.schema import (
    EMPLOYERS,
    PEOPLE,
    detect_mapping,
    header_key,
    mapping_from_names,
    missing_columns,
)
from jastar.bulk.tests.files import write_csv, write_xlsx
from jastar.bulk.values import (
    CellError,
    parse_date,
    parse_int,
    repair_identifier,
    split_full_name,
)
from jastar.core.identifiers import make_iin


class ReadingTests:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
    @pytest.mark.parametrize("delimiter", [";", ",", "\t"])
    def test_reads_cyrillic_in_any_encoding_and_separator(
        self, tmp_path: Path, encoding: str, delimiter: str
    ) -> None:
        path = write_csv(
            tmp_path / "a.csv",
            ["ИИН", "Фамилия"],
            [["1", "Ахметов, мл."], ["2", "Омаров"]],
            encoding=encoding,
            delimiter=delimiter,
        )
        table = open_table(path)
        headers, rows = table.rows()
        assert headers == ["ИИН", "Фамилия"]
        assert [(r.line, r.cells) for r in rows] == [
            (2, ["1", "Ахметов, мл."]),
            (3, ["2", "Омаров"]),
        ]
        assert table.delimiter == delimiter
        assert table.count() == 2

    def test_detects_windows_1251(self) -> None:
        assert detect_encoding("Тегі;Аты".encode("cp1251")) == "cp1251"
        assert detect_encoding("Тегі;Аты".encode()) == "utf-8"

    def test_skips_blank_rows_and_keeps_line_numbers(self, tmp_path: Path) -> None:
        path = tmp_path / "a.csv"
        path.write_text("ИИН;Фамилия\n1;А\n;\n\n2;Б\n", encoding="utf-8")
        _headers, rows = open_table(path).rows()
        assert [r.line for r in rows] == [2, 5]

    @pytest.mark.parametrize(
        "body",
        [
            "1;А\n;\n\n \u00a0; \t\n2;Б\r\n3;В",  # no quotes: counted by lines
            '1;"А\nмл."\n;\n\n2;Б\n"";""\n3;"В; Г"\n',  # quotes: counted by parsing
        ],
    )
    def test_counts_the_rows_it_reads(self, tmp_path: Path, body: str) -> None:
        path = tmp_path / "a.csv"
        path.write_text(f"ИИН;Фамилия\n{body}", encoding="utf-8")
        table = open_table(path)
        _headers, rows = table.rows()
        assert table.count() == len(list(rows)) == 3

    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    def test_reads_only_the_rows_asked_for_with_their_own_line_numbers(
        self, tmp_path: Path, kind: str
    ) -> None:
        body = [[str(n), f"Аты{n}"] for n in range(1, 7)]
        write = write_csv if kind == "csv" else write_xlsx
        path = write(tmp_path / f"a.{kind}", ["ИИН", "Фамилия"], body)
        asked: list[list[str]] = []

        def even(cells: list[str]) -> bool:
            asked.append(cells)
            return int(cells[0]) % 2 == 0

        _headers, rows = open_table(path).rows(keep=even)
        assert [(r.line, r.cells) for r in rows] == [
            (3, ["2", "Аты2"]),
            (5, ["4", "Аты4"]),
            (7, ["6", "Аты6"]),
        ]
        assert len(asked) == 6

    def test_reads_the_first_sheet_of_a_workbook_as_typed_text(self, tmp_path: Path) -> None:
        path = write_xlsx(
            tmp_path / "a.xlsx",
            ["ИИН", "Дата", "Сумма"],
            [[50317500123, datetime(2005, 3, 17), 150000.0]],  # noqa: DTZ001 - a spreadsheet cell
        )
        _headers, rows = open_table(path).rows()
        assert next(rows).cells == ["50317500123", "17.03.2005", "150000"]

    def test_refuses_an_old_excel_file(self, tmp_path: Path) -> None:
        path = tmp_path / "a.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
        with pytest.raises(FileFormatError):
            open_table(path)

    def test_cell_text(self) -> None:
        assert cell_text(None) == ""
        assert cell_text(date(2026, 6, 1)) == "01.06.2026"
        assert cell_text(12.5) == "12.5"


class ValuesTests:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("17.03.2005", date(2005, 3, 17)),
            ("17/03/2005", date(2005, 3, 17)),
            ("7.3.2005", date(2005, 3, 7)),
            ("2005-03-17", date(2005, 3, 17)),
            ("17.03.05", date(2005, 3, 17)),
            ("17.03.99", date(1999, 3, 17)),
            ("38428", date(2005, 3, 17)),  # an Excel day number
        ],
    )
    def test_parses_the_date_formats_offices_use(self, text: str, expected: date) -> None:
        assert parse_date(text) == expected

    @pytest.mark.parametrize("text", ["31.02.2005", "завтра", "2005"])
    def test_refuses_what_is_not_a_date(self, text: str) -> None:
        with pytest.raises(CellError):
            parse_date(text)

    def test_parses_numbers_with_spaces_and_currency(self) -> None:
        assert parse_int("150 000 ₸") == 150000
        assert parse_int("150\u00a0000") == 150000
        assert parse_int("12.0") == 12
        with translation.override("en"), pytest.raises(CellError, match="not a whole number"):
            parse_int("двенадцать")

    def test_puts_back_lost_leading_zeros_only_when_the_check_digit_agrees(self) -> None:
        iin = make_iin(date(2005, 3, 17), "M", 123)
        assert repair_identifier(iin.lstrip("0")) == (iin, True)
        assert repair_identifier(iin.lstrip("0") + ".0") == (iin, True)
        assert repair_identifier(iin) == (iin, False)
        september_2000 = make_iin(date(2000, 9, 1), "F", 77)  # "000901…": three zeros lost
        assert repair_identifier(september_2000.lstrip("0")) == (september_2000, True)
        assert repair_identifier("12345678901")[1] is False

    def test_refuses_an_identifier_in_scientific_notation(self) -> None:
        with translation.override("en"), pytest.raises(CellError, match="scientific notation"):
            repair_identifier("5.03175E+11")

    def test_splits_full_names(self) -> None:
        assert split_full_name("Ахметов Ерлан Серік ұлы") == ("Ахметов", "Ерлан", "Серік ұлы")
        assert split_full_name("Ким Анна") == ("Ким", "Анна", "")
        with pytest.raises(CellError):
            split_full_name("Ахметов")


class MappingTests:
    def test_header_keys_ignore_script_case_and_punctuation(self) -> None:
        assert header_key("Ф.И.О.") == header_key("ФИО")
        assert header_key("ЖСН") == header_key("jsn")

    def test_detects_people_columns_from_russian_kazakh_and_english_headers(self) -> None:
        headers = [
            "№",
            "ИИН",
            "Тегі",
            "First name",
            "Дата рождения",
            "Район",
            "Статус",
            "Примечание",
        ]
        assert detect_mapping(PEOPLE, headers) == {
            1: "iin",
            2: "last_name",
            3: "first_name",
            4: "birth_date",
            5: "district",
            6: "status",
        }

    def test_a_saved_mapping_wins_and_the_rest_is_detected(self) -> None:
        headers = ["Код", "Компания", "Аудан"]
        mapping = mapping_from_names(EMPLOYERS, headers, {"Код": "bin"})
        assert mapping == {0: "bin", 1: "name", 2: "district"}

    def test_reports_missing_required_columns(self) -> None:
        assert missing_columns(PEOPLE, ["iin", "district", "status"]) == ["full_name"]
        assert missing_columns(PEOPLE, ["iin", "full_name", "district", "status"]) == []
