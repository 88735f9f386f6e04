"""What one visitor has entered so far, held in memory only until they submit.

Nothing reaches the database before "Kirim": the draft lives in the flow, and a new
visitor (or the idle timeout) replaces it with an empty one. The submission key is made
when the visitor starts, and kept across retries, so a double tap or a retry after a
database error can never create two visits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields

from kiosk.domain.records import InvitationRecord, PassRecord, VisitForm
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
    photo_jpeg: bytes | None = None  # the visitor's face, as the camera worker encoded it
    no_photo_reason: str | None = None  # a PhotoAbsence value when there is no photo
    consent: bool = False
    invitation_id: int | None = None
    pass_id: int | None = None
    #: The purposes the pass covers: the visitor chooses among these only.
    pass_purposes: tuple[str, ...] = ()
    returning: bool = False

    def fill_from_invitation(self, invitation: InvitationRecord) -> None:
        """The host registered this visitor in advance: their details fill the form."""
        self.invitation_id = invitation.id
        self.id_type, self.id_number = invitation.id_type.value, invitation.id_number
        self.full_name, self.organisation = invitation.full_name, invitation.organisation
        self.phone = invitation.phone or self.phone
        self.purpose_key, self.purpose_text = invitation.purpose_key, invitation.purpose_text
        self.pic = invitation.pic

    def fill_from_pass(self, holder: PassRecord) -> None:
        """A contractor's pass: who they are fills the form; the purpose too when the pass
        covers only one. The rest (devices, duration, signature) is new every visit."""
        self.pass_id, self.pass_purposes = holder.id, holder.purposes
        self.id_type, self.id_number = holder.id_type.value, holder.id_number
        self.full_name, self.organisation = holder.full_name, holder.organisation
        self.phone = holder.phone or self.phone
        self.pic = holder.pic or self.pic
        if len(holder.purposes) == 1:
            self.purpose_key = holder.purposes[0]

    def fill_from_returning(self, earlier: ReturningVisitor) -> None:
        """Pre-fill what the visitor gave last time (their KTP was read by the camera),
        never over what they typed now."""
        self.returning = True
        same_person = self.full_name.casefold() == earlier.full_name.casefold()
        # The card prints names in capitals; the visitor's own spelling reads better.
        self.full_name = earlier.full_name if same_person or not self.full_name \
            else self.full_name
        self.organisation = self.organisation or earlier.organisation
        self.purpose_key = self.purpose_key or earlier.last_purpose_key
        self.pic = self.pic or (earlier.last_pic or "")

    def to_form(self, language: str) -> VisitForm:
        """The form to submit: every field the draft shares with ``VisitForm`` by name."""
        shared = {f.name: getattr(self, f.name) for f in fields(VisitForm)
                  if hasattr(self, f.name)}
        shared.update(purpose_key=self.purpose_key or "", language=language,
                      pass_id=self.pass_id,
                      devices=tuple(self.devices) if self.brings_devices else ())
        return VisitForm(**shared)
