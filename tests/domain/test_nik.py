import datetime as dt

import pytest

from kiosk.domain.nik import Sex, is_valid_nik, mask_nik, normalise_nik, parse_nik
from kiosk.errors import ValidationError

TODAY = dt.date(2026, 11, 23)


def test_man_born_1990() -> None:
    info = parse_nik("3171010506900001", today=TODAY)
    assert info.province_code == "31"
    assert info.regency_code == "71"
    assert info.district_code == "01"
    assert info.birth_date == dt.date(1990, 6, 5)
    assert info.sex is Sex.MALE
    assert info.serial == "0001"


def test_woman_adds_forty_to_the_day() -> None:
    info = parse_nik("6171014506900002", today=TODAY)
    assert info.birth_date == dt.date(1990, 6, 5)
    assert info.sex is Sex.FEMALE


def test_two_digit_year_after_this_year_is_last_century() -> None:
    assert parse_nik("6171010101270003", today=TODAY).birth_date.year == 1927
    assert parse_nik("6171010101260003", today=TODAY).birth_date.year == 2026


def test_spaces_and_dots_are_ignored() -> None:
    assert parse_nik("6171 0145 0690 0002", today=TODAY).nik == "6171014506900002"
    assert normalise_nik("61.71.01-45") == "61710145"


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("", "16 digits"),
        ("61710145069000", "you entered 14"),
        ("61710145069000021", "you entered 17"),
        ("6171O14506900002", "digits only"),
        ("٦١٧١٠١٤٥٠٦٩٠٠٠٠٢", "digits only"),
        ("9971014506900002", "province"),
        ("6100014506900002", "cannot be 00"),
        ("6171004506900002", "cannot be 00"),
        ("6171013206900002", "real birth date"),
        ("6171017206900002", "real birth date"),
        ("6171010013900002", "real birth date"),
        ("6171013002900002", "real birth date"),
        ("6171012902010002", "real birth date"),
        ("6171014506900000", "0000"),
    ],
)
def test_invalid_niks_say_why(nik: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_nik(nik, today=TODAY)
    assert caught.value.field == "nik"
    assert fragment in caught.value.text("en")
    assert caught.value.text("id") != caught.value.text("en")


def test_leap_day_women() -> None:
    assert parse_nik("6171016902000004", today=TODAY).birth_date == dt.date(2000, 2, 29)


def test_future_birth_date_refused() -> None:
    with pytest.raises(ValidationError):
        parse_nik("6171012411260001", today=TODAY)


def test_message_in_indonesian() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_nik("123")
    assert caught.value.text("id") == "NIK harus 16 angka; Anda mengisi 3."


def test_masking_keeps_region_and_serial() -> None:
    assert mask_nik("3171014506900001") == "3171********0001"
    assert mask_nik("1234") == "****"
    assert is_valid_nik("3171014506900001")
    assert not is_valid_nik("3171014506900000")
