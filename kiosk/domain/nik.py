"""The Indonesian national ID number (NIK): validation, derived facts, masking.

A NIK is 16 digits: province (2) + regency/city (2) + district (2) + birth date DDMMYY,
where women add 40 to the day, + a serial (4). The kiosk checks the structure so a
mistyped or invented number is caught at the door; it cannot check that the number was
really issued, which only the civil registry (Dukcapil) knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from kiosk.errors import ValidationError

NIK_LENGTH = 16

#: Province codes in use by Kemendagri (Permendagri 2022 included the new Papua provinces).
PROVINCE_CODES: frozenset[str] = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36", "51", "52", "53",
    "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "92", "93", "94", "95", "96",
})


class Sex(Enum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK tells about its holder."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: Sex
    serial: str

    @property
    def masked(self) -> str:
        return mask_nik(self.nik)


def normalise_nik(raw: str) -> str:
    """Drop the spaces, dots and dashes people type or OCR reads between digit groups."""
    return "".join(ch for ch in raw if ch not in " .-\t")


def parse_nik(raw: str, *, today: dt.date | None = None) -> NikInfo:
    """Return the facts a NIK encodes, or raise ValidationError saying what is wrong.

    The messages speak to the visitor who typed the number, so they say how to fix it.
    """
    nik = normalise_nik(raw)
    if not nik:
        raise ValidationError("nik", "Please enter your NIK (16 digits).")
    if not nik.isascii() or not nik.isdigit():
        raise ValidationError("nik", "The NIK may contain digits only.")
    if len(nik) != NIK_LENGTH:
        raise ValidationError(
            "nik", "The NIK must have 16 digits; you entered {count}.", count=len(nik)
        )
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            "nik", "The first two digits ({code}) are not an Indonesian province code.",
            code=province,
        )
    if regency == "00" or district == "00":
        raise ValidationError("nik", "Digits 3 to 6 (regency and district) cannot be 00.")
    birth_date, sex = _birth_date_and_sex(nik[6:12], today or dt.date.today())
    serial = nik[12:16]
    if serial == "0000":
        raise ValidationError("nik", "The last four digits (serial number) cannot be 0000.")
    return NikInfo(nik, province, regency, district, birth_date, sex, serial)


def _birth_date_and_sex(ddmmyy: str, today: dt.date) -> tuple[dt.date, Sex]:
    day, month, year2 = int(ddmmyy[0:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    sex = Sex.MALE
    if day > 40:
        day -= 40
        sex = Sex.FEMALE
    # Two-digit years: a year after this one can only be last century.
    century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        born = dt.date(century + year2, month, day)
    except ValueError:
        raise ValidationError(
            "nik", "Digits 7 to 12 must be a real birth date (DDMMYY; women add 40 to the day)."
        ) from None
    if born > today:
        raise ValidationError("nik", "The birth date in the NIK is in the future.")
    return born, sex


def is_valid_nik(raw: str) -> bool:
    try:
        parse_nik(raw)
    except ValidationError:
        return False
    return True


def mask_nik(nik: str) -> str:
    """Keep the region (first 4) and serial (last 4) so staff can tell people apart
    without the full number ever being shown or printed."""
    digits = normalise_nik(nik)
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
