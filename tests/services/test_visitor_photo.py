"""The visitor's photo at submission: kept only as a checked JPEG, or with the reason it is
missing; a required photo may only be missing when the camera was unavailable; and the
photo never leaves the visit's own record (logs, audit trail, messages, CSV)."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import logging

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.config import NotifySettings, Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, OutboxMessage, Visit
from kiosk.documents.csv_export import csv_bytes
from kiosk.domain.clock import utcnow
from kiosk.domain.figures import Period, figures, local_day
from kiosk.domain.types import PhotoAbsence
from kiosk.errors import ValidationError
from kiosk.services.queries import get_visit
from kiosk.services.report_data import period_data
from kiosk.services.visits import submit_visit
from tests.support.factories import PHOTO, make_form, submitted


def _audit_photo(db: Database, visit_id: int) -> object:
    with db.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.visit_id == visit_id, AuditEvent.action == "submitted")).one()
        return json.loads(event.detail)["photo"]


def test_a_photo_is_kept_as_a_checked_jpeg(db: Database, settings: Settings) -> None:
    visit = submitted(db, settings, photo_jpeg=PHOTO)
    detail = get_visit(db, visit.id)
    assert detail.photo_jpeg is not None and detail.no_photo_reason is None
    with Image.open(io.BytesIO(detail.photo_jpeg)) as image:
        assert image.format == "JPEG" and image.size == (480, 640)
    assert _audit_photo(db, visit.id) == "taken"


def test_an_optional_photo_skipped_says_so(sqlite_db: Database, settings: Settings) -> None:
    visit = submitted(sqlite_db, settings)
    detail = get_visit(sqlite_db, visit.id)
    assert detail.photo_jpeg is None and detail.no_photo_reason is PhotoAbsence.SKIPPED
    assert _audit_photo(sqlite_db, visit.id) == "skipped"


def test_a_required_photo_may_only_miss_for_the_camera(sqlite_db: Database,
                                                       settings: Settings) -> None:
    required = dataclasses.replace(settings, visitor_photo="required")
    for reason in (None, PhotoAbsence.SKIPPED.value, "<b>whatever</b>"):
        with pytest.raises(ValidationError) as caught:
            submit_visit(sqlite_db, required, make_form(no_photo_reason=reason))
        assert caught.value.text("en") == "Please take a photo to continue."
    visit = submit_visit(sqlite_db, required, make_form(
        no_photo_reason=PhotoAbsence.CAMERA_UNAVAILABLE.value))
    detail = get_visit(sqlite_db, visit.id)
    assert detail.no_photo_reason is PhotoAbsence.CAMERA_UNAVAILABLE
    assert _audit_photo(sqlite_db, visit.id) == "camera_unavailable"


def test_with_photos_off_nothing_is_kept(sqlite_db: Database, settings: Settings) -> None:
    off = dataclasses.replace(settings, visitor_photo="off")
    visit = submit_visit(sqlite_db, off, make_form(photo_jpeg=PHOTO))
    detail = get_visit(sqlite_db, visit.id)
    assert detail.photo_jpeg is None and detail.no_photo_reason is None
    assert _audit_photo(sqlite_db, visit.id) == "off"


@pytest.mark.parametrize("blob", [
    b"<svg onload=alert(1)>",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    b"\xff\xd8\xff" + bytes(range(256)) * 8,
    b"\xff\xd8\xff" + b"A" * (600 * 1024),
])
def test_a_photo_that_is_not_a_jpeg_is_refused(sqlite_db: Database, settings: Settings,
                                               blob: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        submit_visit(sqlite_db, settings, make_form(photo_jpeg=blob))
    assert caught.value.field == "photo"
    assert "Please take it again." in caught.value.text("en")
    assert "foto" in caught.value.text("id")
    with sqlite_db.session() as session:
        assert session.scalars(select(Visit)).all() == [], "nothing is stored"


def test_the_photo_stays_in_the_visit_record(sqlite_db: Database, settings: Settings,
                                             caplog: pytest.LogCaptureFixture) -> None:
    told = dataclasses.replace(settings, notify=NotifySettings(
        mail_server="mailtos://pintu:secret@mail.example.go.id:587",
        supervisor_targets=("kasi@example.go.id",)))
    caplog.set_level(logging.DEBUG)
    visit = submitted(sqlite_db, told, photo_jpeg=PHOTO)
    stored = get_visit(sqlite_db, visit.id).photo_jpeg
    assert stored is not None
    traces = [stored[:24], base64.b64encode(stored)[:24], stored[:24].hex().encode(),
              repr(stored[:16]).encode()]
    with sqlite_db.session() as session:
        messages = session.scalars(select(OutboxMessage)).all()
        audit_text = " ".join(e.detail for e in session.scalars(select(AuditEvent)))
    assert messages, "the arrival was told"
    fig = figures(period_data(sqlite_db, Period.day(local_day(utcnow()))), told)
    outputs = [csv_bytes(fig, told), audit_text.encode(), caplog.text.encode(),
               *(f"{m.subject}\n{m.body}".encode() for m in messages)]
    for output in outputs:
        assert not any(trace in output for trace in traces)
