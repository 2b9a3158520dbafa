"""IIN and BIN parsing, building and validation (pure: no database).

Messages are lazy translations; rendering them needs Django settings, so most tests
assert on ``err.code`` and ``err.params`` and only a few, skipped without settings,
render the text.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from jastar.core.identifiers import (
    BIN,
    IIN,
    IdentifierError,
    check_digit,
    is_valid_bin,
    is_valid_iin,
    make_bin,
    make_iin,
    mask_iin,
    only_digits,
    parse_bin,
    parse_iin,
    validate_bin,
    validate_iin,
)

needs_settings = pytest.mark.skipif(
    not settings.configured, reason="rendering lazy messages needs Django settings"
)

# Hand-checked IIN: born 18 Mar 1995, female (digit 7 = 4), serial 0001.
#   digits   9  5  0  3  1  8  4  0  0  0  1
#   weights  1  2  3  4  5  6  7  8  9 10 11
#   products 9 10  0 12  5 48 28  0  0  0 11  -> sum 123
#   123 mod 11 = 123 - 121 = 2 -> check digit 2.
HAND_IIN = "950318400012"

# Hand-checked second-weights IIN: born 12 Apr 1987, male (digit 7 = 3), serial 0000.
#   first pass:  8*1 + 7*2 + 0*3 + 4*4 + 1*5 + 2*6 + 3*7 + 0 + 0 + 0 + 0 = 76
#                76 mod 11 = 10 -> not a digit, use the second weights
#   second pass: 8*3 + 7*4 + 0*5 + 4*6 + 1*7 + 2*8 + 3*9 + 0 + 0 + 0 + 0 = 126
#                126 mod 11 = 126 - 121 = 5 -> check digit 5.
SECOND_PASS_FIRST11 = "87041230000"

# Never issued: same but serial 0008. The 11th digit has weight 11 (= 0 mod 11) in the
# first pass and 2 in the second:
#   first pass:  76 + 8*11 = 164, 164 mod 11 = 10
#   second pass: 126 + 8*2 = 142, 142 mod 11 = 142 - 132 = 10 -> no check digit exists.
NEVER_ISSUED_FIRST11 = "87041230008"


def _first_pass(first11: str) -> int:
    return sum(int(d) * w for d, w in zip(first11, range(1, 12), strict=True)) % 11


def _with_digit(value: str, position: int, digit: str) -> str:
    return value[:position] + digit + value[position + 1 :]


def _make_iin_or_skip(birth_date: date, sex: str, serial: int) -> str:
    """make_iin, telling hypothesis to discard the ~1 in 11 serials never issued."""
    try:
        return make_iin(birth_date, sex, serial)
    except IdentifierError as err:
        assume(err.code != "never_issued")
        raise


def _iin_code(raw: str) -> str:
    with pytest.raises(IdentifierError) as err:
        parse_iin(raw)
    return err.value.code


def _bin_code(raw: str) -> str:
    with pytest.raises(IdentifierError) as err:
        parse_bin(raw, today=date(2026, 6, 15))
    return err.value.code


class OnlyDigitsTests:
    def test_removes_spaces_dashes_dots_and_non_breaking_spaces(self):
        assert only_digits(" 950318\u00a04000-1.2 ") == HAND_IIN

    def test_drops_letters_so_a_name_has_no_digits(self):
        assert only_digits("Айжан") == ""

    def test_does_not_pad_a_value_that_lost_its_leading_zeros(self):
        assert only_digits("1234") == "1234"

    def test_ignores_non_ascii_digits(self):
        assert only_digits("١٢٣²") == ""


class CheckDigitTests:
    def test_matches_the_hand_computed_first_pass(self):
        assert check_digit(HAND_IIN[:11]) == 2

    def test_uses_second_weights_when_the_first_pass_gives_ten(self):
        assert _first_pass(SECOND_PASS_FIRST11) == 10
        assert check_digit(SECOND_PASS_FIRST11) == 5

    def test_returns_none_when_both_passes_give_ten(self):
        assert _first_pass(NEVER_ISSUED_FIRST11) == 10
        assert check_digit(NEVER_ISSUED_FIRST11) is None

    def test_rejects_input_that_is_not_eleven_digits(self):
        with pytest.raises(ValueError, match="11 ASCII digits"):
            check_digit("123")

    @given(st.text(alphabet="0123456789", min_size=11, max_size=11))
    def test_agrees_with_the_rule_written_out(self, first11):
        digits = [int(c) for c in first11]
        first = _first_pass(first11)
        second_weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        second = sum(d * w for d, w in zip(digits, second_weights, strict=True)) % 11
        expected = first if first != 10 else (None if second == 10 else second)
        assert check_digit(first11) == expected


class ParseIinTests:
    def test_reads_the_hand_computed_example(self):
        assert parse_iin(HAND_IIN) == IIN(
            value=HAND_IIN, birth_date=date(1995, 3, 18), sex="F", serial="0001"
        )

    def test_accepts_a_number_valid_only_by_the_second_weights(self):
        iin = parse_iin(SECOND_PASS_FIRST11 + "5")
        assert (iin.birth_date, iin.sex, iin.serial) == (date(1987, 4, 12), "M", "0000")

    def test_accepts_separators(self):
        assert parse_iin("950318 400012").value == HAND_IIN
        assert parse_iin("950318-4000-12").value == HAND_IIN

    @pytest.mark.parametrize(
        ("digit", "year", "sex"),
        [("1", 1899, "M"), ("2", 1899, "F"), ("3", 1999, "M"), ("4", 1999, "F")]
        + [("5", 2099, "M"), ("6", 2099, "F")],
    )
    def test_reads_century_and_sex_from_digit_seven(self, digit, year, sex):
        iin = parse_iin(make_iin(date(year, 12, 31), sex, 12))
        assert iin.value[6] == digit
        assert (iin.birth_date, iin.sex) == (date(year, 12, 31), sex)

    def test_accepts_february_29_in_a_leap_year(self):
        assert parse_iin(make_iin(date(2000, 2, 29), "M", 5)).birth_date == date(2000, 2, 29)

    def test_rejects_an_empty_value(self):
        assert _iin_code("") == "empty"
        assert _iin_code(" - ") == "empty"

    def test_rejects_letters_naming_the_character_and_position(self):
        with pytest.raises(IdentifierError) as err:
            parse_iin("9503184000I2")
        assert err.value.code == "digits"
        assert err.value.params == {"char": "I", "position": 11}

    def test_rejects_a_wrong_length_reporting_the_count(self):
        with pytest.raises(IdentifierError) as err:
            parse_iin("95031840001")
        assert (err.value.code, err.value.params) == ("length", {"count": 11})

    @pytest.mark.parametrize("digit", ["0", "7", "8", "9"])
    def test_rejects_century_digit_outside_one_to_six(self, digit):
        with pytest.raises(IdentifierError) as err:
            parse_iin(_with_digit(HAND_IIN, 6, digit))
        assert (err.value.code, err.value.params) == ("century", {"digit": digit})

    def test_rejects_century_digit_zero(self):
        assert _iin_code("950318000012") == "century"

    def test_rejects_month_thirteen_naming_the_date_digits(self):
        with pytest.raises(IdentifierError) as err:
            parse_iin("951318400012")
        assert err.value.code == "date"
        assert err.value.params == {"digits": "951318", "first_year": 1900, "last_year": 1999}

    def test_rejects_february_29_in_1900_which_was_not_a_leap_year(self):
        assert _iin_code("000229300000") == "date"

    def test_rejects_day_zero(self):
        assert _iin_code("950300400012") == "date"

    def test_rejects_a_wrong_check_digit_naming_expected_and_given(self):
        with pytest.raises(IdentifierError) as err:
            parse_iin("950318400017")
        assert err.value.code == "check_digit"
        assert err.value.params == {"given": "7", "expected": 2}

    def test_rejects_a_never_issued_number_whatever_its_last_digit(self):
        for last in "0123456789":
            assert _iin_code(NEVER_ISSUED_FIRST11 + last) == "never_issued"

    def test_is_valid_iin_agrees_with_parse(self):
        assert is_valid_iin(HAND_IIN)
        assert not is_valid_iin("950318400017")
        assert not is_valid_iin("")


class MakeIinTests:
    def test_builds_the_hand_computed_example(self):
        assert make_iin(date(1995, 3, 18), "F", 1) == HAND_IIN

    def test_raises_never_issued_for_a_serial_without_check_digit(self):
        with pytest.raises(IdentifierError) as err:
            make_iin(date(1987, 4, 12), "M", 8)
        assert (err.value.code, err.value.params) == ("never_issued", {"serial": "0008"})

    def test_never_issued_is_a_value_error_so_generators_can_catch_either(self):
        with pytest.raises(ValueError):
            make_iin(date(1987, 4, 12), "M", 8)

    @pytest.mark.parametrize(
        ("birth_date", "sex", "serial"),
        [
            (date(1995, 3, 18), "X", 1),
            (date(1995, 3, 18), "F", 10_000),
            (date(1995, 3, 18), "F", -1),
            (date(1799, 12, 31), "F", 1),
            (date(2100, 1, 1), "F", 1),
        ],
    )
    def test_rejects_arguments_out_of_range(self, birth_date, sex, serial):
        with pytest.raises(ValueError) as err:
            make_iin(birth_date, sex, serial)
        assert not isinstance(err.value, IdentifierError)

    @given(
        birth_date=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
        sex=st.sampled_from(["M", "F"]),
        serial=st.integers(0, 9999),
    )
    def test_round_trips_birth_date_sex_and_serial(self, birth_date, sex, serial):
        iin = parse_iin(_make_iin_or_skip(birth_date, sex, serial))
        assert (iin.birth_date, iin.sex, iin.serial) == (birth_date, sex, f"{serial:04d}")


class SingleDigitChangeTests:
    """What the mod-11 check does and does not catch.

    The naive claim "any single-digit change is detected" is FALSE for this algorithm:

    * Digit 11 has weight 11, which is 0 mod 11, in the first pass. Changing it leaves
      the first-pass sum, and so the check digit, unchanged: 950318400012 and
      950318400022 are both valid (serials 0001 and 0002).
    * A change can move a number between the passes: the original's first pass gives
      its check digit while the changed number's gives 10 and its second pass happens
      to give the same digit, or the other way round.

    Outside those two cases a change is caught: 11 is prime and every other weight is
    1-10, so a change by delta in 1-9 moves the first-pass sum by weight*delta != 0 mod
    11. Changing the check digit itself is always caught.
    """

    def test_misses_a_change_in_digit_eleven(self):
        assert is_valid_iin(HAND_IIN)
        assert is_valid_iin(_with_digit(HAND_IIN, 10, "2"))

    def test_misses_a_change_that_moves_the_number_between_passes(self):
        original, changed = "900101300007", "901101300007"
        assert is_valid_iin(original) and is_valid_iin(changed)
        assert (_first_pass(original[:11]) == 10) != (_first_pass(changed[:11]) == 10)

    def test_catches_a_change_in_digit_eleven_when_the_second_weights_are_used(self):
        valid = SECOND_PASS_FIRST11 + "5"
        for digit in "123456789":
            assert not is_valid_iin(_with_digit(valid, 10, digit))

    @given(
        birth_date=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
        sex=st.sampled_from(["M", "F"]),
        serial=st.integers(0, 9999),
        position=st.integers(0, 11),
        digit=st.sampled_from("0123456789"),
    )
    def test_a_missed_change_is_always_one_of_the_two_explained_cases(
        self, birth_date, sex, serial, position, digit
    ):
        valid = _make_iin_or_skip(birth_date, sex, serial)
        assume(valid[position] != digit)
        changed = _with_digit(valid, position, digit)
        if not is_valid_iin(changed):
            return
        uses_second = _first_pass(valid[:11]) == 10
        changed_uses_second = _first_pass(changed[:11]) == 10
        assert position != 11
        assert (position == 10 and not uses_second) or uses_second != changed_uses_second


class ParseBinTests:
    TODAY = date(2026, 6, 15)

    def test_reads_every_field(self):
        value = make_bin(2015, 3, "4", "1", 1234)
        assert parse_bin(value, today=self.TODAY) == BIN(
            value=value,
            registered_year=2015,
            registered_month=3,
            entity_type="4",
            attribute="1",
        )

    @pytest.mark.parametrize(
        ("year", "expected"), [(2026, 2026), (2027, 1927), (1999, 1999), (2000, 2000)]
    )
    def test_reads_a_two_digit_year_relative_to_today(self, year, expected):
        value = make_bin(year, 1, "4", "0", 7)
        assert parse_bin(value, today=self.TODAY).registered_year == expected

    @pytest.mark.parametrize("entity_type", ["4", "5", "6"])
    def test_reads_each_entity_type(self, entity_type):
        value = make_bin(2010, 12, entity_type, "0", 55)
        assert parse_bin(value, today=self.TODAY).entity_type == entity_type

    @pytest.mark.parametrize("attribute", ["0", "1", "2", "3"])
    def test_reads_each_attribute(self, attribute):
        value = make_bin(2010, 12, "5", attribute, 55)
        assert parse_bin(value, today=self.TODAY).attribute == attribute

    def test_rejects_empty_letters_and_length(self):
        assert _bin_code("") == "empty"
        assert _bin_code("15034000001x") == "digits"
        assert _bin_code("1503400000") == "length"

    @pytest.mark.parametrize("month", ["00", "13", "99"])
    def test_rejects_a_month_outside_one_to_twelve(self, month):
        with pytest.raises(IdentifierError) as err:
            parse_bin("15" + month + "40000001", today=self.TODAY)
        assert (err.value.code, err.value.params) == ("date", {"month": month})

    @pytest.mark.parametrize("digit", ["0", "3", "7", "9"])
    def test_rejects_an_unknown_entity_type(self, digit):
        with pytest.raises(IdentifierError) as err:
            parse_bin("1503" + digit + "0000001", today=self.TODAY)
        assert (err.value.code, err.value.params) == ("entity_type", {"digit": digit})

    @pytest.mark.parametrize("digit", ["4", "9"])
    def test_rejects_an_unknown_attribute(self, digit):
        with pytest.raises(IdentifierError) as err:
            parse_bin("15034" + digit + "000001", today=self.TODAY)
        assert (err.value.code, err.value.params) == ("attribute", {"digit": digit})

    def test_rejects_a_wrong_check_digit(self):
        value = make_bin(2015, 3, "4", "0", 1)
        wrong = str((int(value[11]) + 1) % 10)
        with pytest.raises(IdentifierError) as err:
            parse_bin(value[:11] + wrong, today=self.TODAY)
        assert err.value.code == "check_digit"
        assert err.value.params == {"given": wrong, "expected": int(value[11])}

    def test_rejects_and_refuses_to_make_a_never_issued_number(self):
        serial = next(s for s in range(100) if check_digit(f"150340{s:05d}") is None)
        assert _bin_code(f"150340{serial:05d}0") == "never_issued"
        with pytest.raises(IdentifierError) as err:
            make_bin(2015, 3, "4", "0", serial)
        assert err.value.code == "never_issued"

    def test_make_bin_rejects_arguments_out_of_range(self):
        for args in [(2015, 13, "4", "0", 1), (2015, 3, "7", "0", 1), (2015, 3, "4", "4", 1)]:
            with pytest.raises(ValueError):
                make_bin(*args)
        with pytest.raises(ValueError):
            make_bin(2015, 3, "4", "0", 100_000)

    def test_is_valid_bin_agrees_with_parse(self):
        assert not is_valid_bin("150340000010")
        assert not is_valid_bin("")

    @needs_settings
    def test_defaults_today_to_the_local_date(self):
        assert is_valid_bin(make_bin(2015, 3, "4", "0", 1))


class RandomInputTests:
    @given(st.text(alphabet="0123456789", min_size=12, max_size=12))
    def test_random_twelve_digit_strings_parse_or_raise_identifier_error(self, raw):
        for parse in (parse_iin, lambda v: parse_bin(v, today=date(2026, 6, 15))):
            try:
                parse(raw)
            except IdentifierError as err:
                assert err.code in {
                    "date",
                    "century",
                    "check_digit",
                    "never_issued",
                    "entity_type",
                    "attribute",
                }

    @given(st.text(max_size=20))
    def test_any_text_parses_or_raises_identifier_error(self, raw):
        for parse in (parse_iin, lambda v: parse_bin(v, today=date(2026, 6, 15))):
            try:
                parse(raw)
            except IdentifierError:
                pass


class MaskIinTests:
    def test_keeps_only_the_last_four_digits(self):
        assert mask_iin(HAND_IIN) == "********0012"

    def test_ignores_separators(self):
        assert mask_iin("950318 4000 12") == "********0012"

    def test_masks_a_short_value_completely(self):
        assert mask_iin("1234") == "************"
        assert mask_iin("") == "************"


class ValidatorTests:
    def test_accepts_a_valid_iin(self):
        validate_iin(HAND_IIN)

    @needs_settings
    def test_accepts_a_valid_bin(self):
        validate_bin("150340000015")

    def test_raises_validation_error_with_the_code_and_params(self):
        with pytest.raises(ValidationError) as err:
            validate_iin("123")
        assert (err.value.code, err.value.params) == ("length", {"count": 3})

    def test_bin_validator_raises_validation_error_with_the_code(self):
        with pytest.raises(ValidationError) as err:
            validate_bin("151340000015")
        assert err.value.code == "date"


@needs_settings
class MessageTests:
    def test_str_of_a_length_error_names_the_count(self):
        with pytest.raises(IdentifierError) as err:
            parse_iin("12345")
        assert "5" in str(err.value)

    def test_iin_and_bin_messages_differ(self):
        with pytest.raises(IdentifierError) as iin_err:
            parse_iin("12345")
        with pytest.raises(IdentifierError) as bin_err:
            parse_bin("12345")
        assert str(iin_err.value) != str(bin_err.value)

    def test_validation_error_renders_the_params(self):
        with pytest.raises(ValidationError) as err:
            validate_iin("950318400017")
        assert "7" in err.value.messages[0] and "2" in err.value.messages[0]
