"""What a decoded code means to the kiosk: one of our tokens, a NIK, a device serial, or not ours.

Anything can be held up to the camera (a shop receipt, a Wi-Fi QR, a damaged sticker), so
``classify`` never raises: a code that claims to be ours but fails a check comes back as
``Rejected`` with the reason to show, anything else as ``Unknown`` with a polite message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from kiosk.domain.nik import NikInfo, parse_nik
from kiosk.domain.tokens import Token, TokenError, is_token_payload, verify_token
from kiosk.errors import PintuError, ValidationError
from kiosk.i18n import N_
from kiosk.scan.decoders import DEVICE_LABELS, QR_ONLY, Symbology

NOT_OURS = N_("Sorry, this code is not one of ours. Please type your details or ask the operator.")
SERIAL_TOO_LONG = N_("This label is too long to be a serial number; please type it.")

#: Serial labels seen in practice stay well under this; longer text is a URL or a document.
MAX_SERIAL_LENGTH = 64
#: A QR on an organisation card may say "NIK: 6171 0123 4567 0001" or carry the bare number.
_NIK_IN_TEXT = re.compile(r"(?<![0-9])([0-9](?:[ .-]?[0-9]){15})(?![0-9])")


class ScanMode(Enum):
    """Which screen is scanning; it decides the symbologies and how a code is read."""

    IDENTITY = "identity"  # visitor form: invitation QR or a QR carrying a NIK
    DEVICES = "devices"  # device list: serial labels
    BADGE_RETURN = "badge_return"  # check-out: the visitor badge or visit sticker
    PHOTO = "photo"  # the visitor's face photo: nothing is decoded

    @property
    def symbologies(self) -> frozenset[Symbology]:
        return DEVICE_LABELS if self is ScanMode.DEVICES else QR_ONLY

    @property
    def reads_codes(self) -> bool:
        """A face in front of the camera carries no code: decoding it only costs a core."""
        return self is not ScanMode.PHOTO


@dataclass(frozen=True)
class TokenScan:
    token: Token


@dataclass(frozen=True)
class NikScan:
    info: NikInfo


@dataclass(frozen=True)
class SerialScan:
    serial: str
    symbology: Symbology


@dataclass(frozen=True)
class Rejected:
    """The code is ours (or a NIK) but cannot be accepted; ``error.text()`` says why."""

    error: PintuError


@dataclass(frozen=True)
class Unknown:
    message: str = NOT_OURS


ScanResult = TokenScan | NikScan | SerialScan | Rejected | Unknown


def classify(
    text: str,
    secret: bytes,
    now: datetime | None = None,
    *,
    mode: ScanMode = ScanMode.IDENTITY,
    symbology: Symbology = Symbology.QR,
) -> ScanResult:
    """What ``text`` (as decoded) is, on the screen scanning in ``mode``.

    Our tokens are recognised on every screen, so the screen can say "this is a badge,
    please use it at check-out" instead of "unknown". On the devices screen everything
    else is a serial; elsewhere a code holding exactly one NIK is read as that NIK.
    """
    text = text.strip()
    if is_token_payload(text):
        try:
            return TokenScan(verify_token(secret, text, now))
        except TokenError as exc:
            return Rejected(exc)
    if mode is ScanMode.DEVICES:
        return _serial(text, symbology)
    if mode is ScanMode.IDENTITY:
        niks = _NIK_IN_TEXT.findall(text[:1024])
        if len(niks) == 1:
            try:
                return NikScan(parse_nik(niks[0]))
            except ValidationError as exc:
                return Rejected(exc)
    return Unknown()


def _serial(text: str, symbology: Symbology) -> ScanResult:
    serial = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if not serial:
        return Unknown()
    if len(serial) > MAX_SERIAL_LENGTH:
        return Rejected(ValidationError("serial", SERIAL_TOO_LONG))
    return SerialScan(serial, symbology)
