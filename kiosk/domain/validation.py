"""Field rules for what people type at the door, shared by the screens and the services.

Each validator returns the cleaned value or raises ``ValidationError`` naming the field,
with a message that says how to fix it. The screens call them as the visitor types; the
services call them again before anything is stored, so no screen can skip a rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.domain.nik import parse_nik
from kiosk.errors import ValidationError
from kiosk.i18n import N_

NAME_MAX = 120
ORG_MAX = 160
TEXT_MAX = 500
SERIAL_MAX = 80
ID_NUMBER_MAX = 32
MIN_PLANNED_MINUTES = 5
MAX_PLANNED_MINUTES = 12 * 60

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")
_ID_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-/.]*$")
_SERIAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-_/.:#]*$")
_REFERENCE = re.compile(r"^[\w][\w \-/.,()]*$")


def clean_text(value: str) -> str:
    """Normalise to NFC, drop control and invisible format characters (a bidi override can
    make a name print as something else), and collapse runs of white space."""
    value = unicodedata.normalize("NFC", value)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    return " ".join(kept.split())


def _required(field: str, value: str, label_message: str, max_len: int) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(field, label_message)
    if len(cleaned) > max_len:
        raise ValidationError(field, "Please keep this under {max} characters.", max=max_len)
    return cleaned


def full_name(value: str) -> str:
    name = _required("full_name", value, N_("Please enter your full name."), NAME_MAX)
    if not any(ch.isalpha() for ch in name):
        raise ValidationError("full_name", "A name needs at least one letter.")
    if any(ch.isdigit() for ch in name):
        raise ValidationError("full_name", "A name cannot contain digits.")
    if any(ch in "<>{}[]\\|;=@#$%^*_~`" for ch in name):
        raise ValidationError(
            "full_name", "A name may contain letters, spaces, apostrophes, dots and dashes only."
        )
    return name


def organisation(value: str) -> str:
    org = _required(
        "organisation", value, N_("Please enter your organisation (agency, OPD or company)."),
        ORG_MAX,
    )
    if not any(ch.isalnum() for ch in org):
        raise ValidationError("organisation", "The organisation needs letters or digits.")
    return org


def phone(value: str) -> str:
    number = clean_text(value)
    if not number:
        raise ValidationError("phone", "Please enter a phone number we can reach you on.")
    if not _PHONE.match(number) or not 8 <= sum(ch.isdigit() for ch in number) <= 15:
        raise ValidationError(
            "phone", "A phone number has 8 to 15 digits, for example 0812 3456 7890."
        )
    return number


def pic(value: str) -> str:
    return _required(
        "pic", value, N_("Please name the person or unit you are visiting inside."), NAME_MAX
    )


def purpose_text(value: str, *, required: bool) -> str:
    text = clean_text(value)
    if required and not text:
        raise ValidationError("purpose_text", "Please describe the purpose of your visit.")
    if len(text) > TEXT_MAX:
        raise ValidationError("purpose_text", "Please keep this under {max} characters.",
                              max=TEXT_MAX)
    return text


def planned_minutes(value: int | str) -> int:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise ValidationError(
            "planned_minutes", "Enter the planned duration in minutes, for example 60."
        ) from None
    if not MIN_PLANNED_MINUTES <= minutes <= MAX_PLANNED_MINUTES:
        raise ValidationError(
            "planned_minutes",
            "The planned duration must be between {low} minutes and {high} hours.",
            low=MIN_PLANNED_MINUTES, high=MAX_PLANNED_MINUTES // 60,
        )
    return minutes


def reference_letter(value: str, field: str = "reference_letter") -> str:
    ref = clean_text(value)
    if len(ref) > 120:
        raise ValidationError(field, "Please keep this under {max} characters.", max=120)
    if ref and not _REFERENCE.match(ref):
        raise ValidationError(
            field,
            "A letter number may contain letters, digits, spaces and / . - , ( ) only.",
        )
    return ref


def work_order(value: str) -> str:
    """A work-order or letter number staff were given: the same rules as the letter
    number a visitor types."""
    return reference_letter(value, "work_order")


def id_number(id_type: str, value: str) -> str:
    """A NIK is checked digit by digit; other documents only for a plausible shape."""
    if id_type == "ktp":
        return parse_nik(value).nik
    number = clean_text(value).upper()
    if not number:
        raise ValidationError("id_number", "Please enter the number on your ID document.")
    if len(number) > ID_NUMBER_MAX or not _ID_NUMBER.match(number):
        raise ValidationError(
            "id_number",
            "An ID number may contain letters, digits, spaces, dashes and slashes only "
            "(at most {max}).",
            max=ID_NUMBER_MAX,
        )
    return number


def serial_number(value: str, field: str = "serial") -> str:
    serial = clean_text(value)
    if not serial:
        raise ValidationError(field, "Please enter the serial number printed on the device.")
    if len(serial) > SERIAL_MAX or not _SERIAL.match(serial):
        raise ValidationError(
            field, "A serial number may contain letters, digits and - _ / . : # only."
        )
    return serial


def short_text(field: str, value: str, empty_message: str, max_len: int = 80) -> str:
    return _required(field, value, empty_message, max_len)


def reason(value: str, field: str = "reason") -> str:
    """A reason staff give for a refusal, an override or a note: required, plain text."""
    return _required(field, value, N_("Please give a reason."), TEXT_MAX)


@dataclass(frozen=True)
class DeviceInput:
    kind: str
    brand_model: str
    serial: str


def device(raw: DeviceInput) -> DeviceInput:
    return DeviceInput(
        kind=short_text("device_kind", raw.kind, N_("Please say what kind of device this is.")),
        brand_model=short_text(
            "device_brand", raw.brand_model, N_("Please enter the brand and model."), 120
        ),
        serial=serial_number(raw.serial),
    )
