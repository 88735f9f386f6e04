"""The deny-list rules over plain records: numbers by letters and digits across ID types,
possible matches by name and the birth date in the NIK, and what must not fire."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain.denymatch import (
    NAME_ALONE,
    NAME_WITH_BIRTH_DATE,
    birth_facts,
    check_visitor,
    name_similarity,
    number_key,
    possible_matches,
    sure_match,
)
from kiosk.domain.nik import Sex
from kiosk.domain.records import DenyRecord
from kiosk.domain.types import IdType

ADDED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
BUDI_NIK = "3171010506900003"  # born 05-06-1990, male
SAME_DAY_NIK = "6171020506900007"  # another man born 05-06-1990
OTHER_DAY_NIK = "3171010607910003"  # born 06-07-1991
WOMAN_SAME_DAY = "3171014506900003"  # a woman born 05-06-1990 (day + 40)


def entry(id_type: IdType, number: str, name: str = "", entry_id: int = 1) -> DenyRecord:
    return DenyRecord(entry_id, id_type, number, name, "Merusak perangkat", None, ADDED)


PASSPORT = entry(IdType.PASSPORT, "A1234567", "Budi Santoso")
KTP = entry(IdType.KTP, BUDI_NIK, "Budi Santoso", entry_id=2)


@pytest.mark.parametrize(("typed", "key"), [
    ("a1234567", "A1234567"), ("A-123 4567", "A1234567"), (" a.123/4567 ", "A1234567"),
    ("Ａ１２３４５６７", "A1234567"), ("3171.0105 0690-0003", BUDI_NIK), ("", ""),
])
def test_number_key_keeps_letters_and_digits(typed: str, key: str) -> None:
    assert number_key(typed) == key


@pytest.mark.parametrize(("id_type", "typed"), [
    (IdType.PASSPORT, "a1234567"), (IdType.PASSPORT, "A-123 4567"),
    (IdType.OTHER, "A 1234567"), (IdType.SIM, "a-1234567"),
])
def test_a_passport_number_is_found_however_typed_and_under_any_type(
        id_type: IdType, typed: str) -> None:
    assert sure_match(id_type, typed, [PASSPORT]) == PASSPORT


def test_a_nik_with_dots_and_spaces_is_found_under_any_type() -> None:
    for id_type in IdType:
        assert sure_match(id_type, "3171.0105.0690.0003", [KTP]) == KTP
        assert sure_match(id_type, "3171 0105 0690 0003", [KTP]) == KTP


def test_a_short_number_matches_only_on_its_own_type() -> None:
    staff = entry(IdType.EMPLOYEE, "12-34")
    assert sure_match(IdType.EMPLOYEE, "1234", [staff]) == staff
    assert sure_match(IdType.SIM, "1234", [staff]) is None
    assert sure_match(IdType.PASSPORT, "A1234568", [PASSPORT]) is None


def test_names_compare_without_case_diacritics_or_order() -> None:
    assert name_similarity("Santoso Budi", "Budi Santoso") == 100
    assert name_similarity("BUDI   santoso", "budi santoso") == 100
    assert name_similarity("Ṣafiyyah Nguyễn", "Safiyyah Nguyen") == 100
    assert name_similarity("Muhammad Budi Santoso", "Budi Santoso") == 100
    assert name_similarity("Budi", "Budi Santoso") < NAME_WITH_BIRTH_DATE
    assert name_similarity("", "Budi Santoso") == 0


def test_birth_date_and_sex_come_from_any_nik() -> None:
    assert birth_facts(IdType.KTP, BUDI_NIK) == (dt.date(1990, 6, 5), Sex.MALE)
    assert birth_facts(IdType.OTHER, "3171.0105.0690.0003") == (dt.date(1990, 6, 5), Sex.MALE)
    assert birth_facts(IdType.PASSPORT, "A1234567") is None
    assert birth_facts(IdType.KTP, "1234") is None


def test_similar_name_and_same_birth_date_make_a_possible_match() -> None:
    found = possible_matches("Santoso Budi", IdType.KTP, SAME_DAY_NIK, [KTP])
    assert [(m.entry, m.name_score, m.birth_date) for m in found] == [
        (KTP, 100, dt.date(1990, 6, 5))]
    assert found[0].text("en") == ("Name 100% similar to 'Budi Santoso' on the deny list; "
                                   "same birth date 05/06/1990.")
    assert "tanggal lahir sama 5/6/1990" in found[0].text("id")
    slip = possible_matches("Budi Santosa", IdType.KTP, SAME_DAY_NIK, [KTP])
    assert slip and NAME_WITH_BIRTH_DATE <= slip[0].name_score < NAME_ALONE


def test_different_name_same_birth_date_does_not_fire() -> None:
    assert possible_matches("Budi Hartono", IdType.KTP, SAME_DAY_NIK, [KTP]) == ()
    assert possible_matches("Budi Susanto", IdType.KTP, SAME_DAY_NIK, [KTP]) == ()
    assert possible_matches("Rina Marlina", IdType.KTP, SAME_DAY_NIK, [KTP]) == ()


def test_same_name_different_birth_date_or_sex_does_not_fire() -> None:
    """Both NIKs speak: they are two people, however alike the names."""
    assert possible_matches("Budi Santoso", IdType.KTP, OTHER_DAY_NIK, [KTP]) == ()
    assert possible_matches("Budi Santoso", IdType.KTP, WOMAN_SAME_DAY, [KTP]) == ()


def test_without_a_birth_date_only_a_near_identical_name_fires() -> None:
    """A passport holder, or an entry without a NIK: the name alone must be near-identical."""
    found = possible_matches("santoso, BUDI", IdType.SIM, "B 1234 XYZ", [KTP])
    assert [(m.name_score, m.birth_date) for m in found] == [(100, None)]
    assert "no birth date" in found[0].text("en")
    assert possible_matches("Budhi Santoso", IdType.PASSPORT, "C7654321", [PASSPORT])
    assert possible_matches("Budi Santosa", IdType.PASSPORT, "C7654321", [PASSPORT]) == ()
    assert possible_matches("Budi Santoso", IdType.KTP, OTHER_DAY_NIK,
                            [entry(IdType.PASSPORT, "X9", "Budi Santoso")])


def test_an_entry_without_a_name_matches_only_by_number() -> None:
    nameless = entry(IdType.KTP, BUDI_NIK)
    assert possible_matches("Budi Santoso", IdType.KTP, SAME_DAY_NIK, [nameless]) == ()


def test_a_sure_match_is_not_also_a_possible_one() -> None:
    found = check_visitor("Budi Santoso", IdType.OTHER, "3171-0105-0690-0003", [PASSPORT, KTP])
    assert found.sure == KTP
    assert [m.entry for m in found.possible] == [PASSPORT]
