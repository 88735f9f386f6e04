"""The closed sets of values a visit is made of, and their labels, declared once.

The database stores these by value, the screens and documents show their labels (English
source strings, translated when shown), so adding a value means changing this file only.
"""

from __future__ import annotations

import enum

from kiosk.i18n import N_


class Role(enum.StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class VisitState(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REFUSED = "refused"
    INSIDE = "inside"
    CHECKED_OUT = "checked_out"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    #: Closed at the day's end without an exit check: nobody saw the visitor leave. The
    #: devices were never checked out, so the supervisor reviews it (see lifecycle).
    LEFT_UNRECORDED = "left_unrecorded"


class IdType(enum.StrEnum):
    KTP = "ktp"
    PASSPORT = "passport"
    SIM = "sim"
    EMPLOYEE = "employee"
    OTHER = "other"


class BadgeState(enum.StrEnum):
    AVAILABLE = "available"
    OUT = "out"
    RETIRED = "retired"


class DeviceExit(enum.StrEnum):
    """What happened to a device at check-out."""

    PENDING = "pending"  # carried in, not yet checked at exit
    CARRIED_OUT = "carried_out"  # seen leaving, serial matched
    LEFT_INSIDE = "left_inside"  # explained: stays in the server room (e.g. installed)
    MISSING = "missing"  # not presented at exit; a note says why
    MISMATCH = "mismatch"  # a device left whose serial differs; a note says why


class PhotoAbsence(enum.StrEnum):
    """Why a visit has no photo of the visitor, kept with the visit for the operator."""

    SKIPPED = "skipped"  # the photo was optional and the visitor chose not to have one
    CAMERA_UNAVAILABLE = "camera_unavailable"  # no camera set up, unplugged or failing


ROLE_LABELS: dict[Role, str] = {
    Role.OPERATOR: N_("Operator"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ADMIN: N_("Administrator"),
}

STATE_LABELS: dict[VisitState, str] = {
    VisitState.SUBMITTED: N_("Waiting for approval"),
    VisitState.APPROVED: N_("Approved"),
    VisitState.REFUSED: N_("Refused"),
    VisitState.INSIDE: N_("Inside"),
    VisitState.CHECKED_OUT: N_("Checked out"),
    VisitState.ARCHIVED: N_("Archived"),
    VisitState.CANCELLED: N_("Cancelled"),
    VisitState.NO_SHOW: N_("Did not come"),
    VisitState.LEFT_UNRECORDED: N_("Left without check-out"),
}

ID_TYPE_LABELS: dict[IdType, str] = {
    IdType.KTP: N_("KTP (NIK)"),
    IdType.PASSPORT: N_("Passport"),
    IdType.SIM: N_("Driving licence (SIM)"),
    IdType.EMPLOYEE: N_("Employee card"),
    IdType.OTHER: N_("Other ID"),
}

DEVICE_EXIT_LABELS: dict[DeviceExit, str] = {
    DeviceExit.PENDING: N_("Not yet checked"),
    DeviceExit.CARRIED_OUT: N_("Carried out"),
    DeviceExit.LEFT_INSIDE: N_("Left inside"),
    DeviceExit.MISSING: N_("Missing"),
    DeviceExit.MISMATCH: N_("Serial differs"),
}

PHOTO_ABSENCE_LABELS: dict[PhotoAbsence, str] = {
    PhotoAbsence.SKIPPED: N_("No photo: the visitor skipped it"),
    PhotoAbsence.CAMERA_UNAVAILABLE: N_("No photo: camera unavailable"),
}
