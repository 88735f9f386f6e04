"""What one visitor has entered so far, held in memory only until they submit.

Nothing reaches the database before "Kirim": the draft lives in the flow, and a new
visitor (or the idle timeout) replaces it with an empty one. The submission key is made
when the visitor starts, and kept across retries, so a double tap or a retry after a
database error can never create two visits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from kiosk.domain.records import InvitationRecord, VisitForm
from kiosk.domain.validation import DeviceInput
from kiosk.services.queries import ReturningVisitor


@dataclass
class VisitDraft:
    submission_key: str = field(default_factory=lambda: uuid.uuid4().hex)
    id_type: str = "ktp"
    id_number: str = ""
    full_name: str = ""
    organisation: str = ""
    phone: str = ""
    purpose_key: str | None = None
    purpose_text: str = ""
    pic: str = ""
    planned_minutes: str = ""
    reference_letter: str = ""
    brings_devices: bool | None = None  # None until the visitor has answered
    devices: list[DeviceInput] = field(default_factory=list)
    signature_png: bytes | None = None
    consent: bool = False
    invitation_id: int | None = None
    returning: bool = False

    def fill_from_invitation(self, invitation: InvitationRecord) -> None:
        """The host registered this visitor in advance: their details fill the form."""
        self.invitation_id = invitation.id
        self.id_type, self.id_number = invitation.id_type.value, invitation.id_number
        self.full_name, self.organisation = invitation.full_name, invitation.organisation
        self.phone = invitation.phone or self.phone
        self.purpose_key, self.purpose_text = invitation.purpose_key, invitation.purpose_text
        self.pic = invitation.pic

    def fill_from_returning(self, earlier: ReturningVisitor) -> None:
        """Pre-fill what the visitor gave last time, never over what they typed now."""
        self.returning = True
        self.full_name = self.full_name or earlier.full_name
        self.organisation = self.organisation or earlier.organisation
        self.purpose_key = self.purpose_key or earlier.last_purpose_key
        self.pic = self.pic or (earlier.last_pic or "")

    def to_form(self, language: str) -> VisitForm:
        return VisitForm(
            submission_key=self.submission_key,
            id_type=self.id_type,
            id_number=self.id_number,
            full_name=self.full_name,
            organisation=self.organisation,
            phone=self.phone,
            purpose_key=self.purpose_key or "",
            purpose_text=self.purpose_text,
            pic=self.pic,
            planned_minutes=self.planned_minutes,
            reference_letter=self.reference_letter,
            devices=tuple(self.devices) if self.brings_devices else (),
            signature_png=self.signature_png,
            consent=self.consent,
            language=language,
            invitation_id=self.invitation_id,
        )
