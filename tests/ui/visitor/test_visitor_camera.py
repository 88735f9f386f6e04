"""The visitor screens with a camera: an invitation QR fills the form, a device label fills
the serial, a badge asks to leave. The "camera" is a still image of a printed code."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from kiosk.domain.clock import today, utcnow
from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.formats import short_date
from kiosk.scan.decoders import Symbology
from kiosk.services.badges import badge_token, list_badges
from kiosk.services.exits import exit_requests
from kiosk.services.invitations import InvitationInput, create_invitation, invitation_token
from kiosk.services.passes import PassInput, issue_pass, pass_token, revoke_pass
from kiosk.services.queries import get_visit, pending
from kiosk.ui.context import AppContext
from tests.support.factories import approved, make_team, submitted
from tests.support.synthetic import VGA, Conditions, code_frame, fake_person, ktp_card, ktp_frame
from tests.support.visitor_driver import MakeFlow


def camera_showing(ctx: AppContext, folder: Path, text: str,
                   symbology: Symbology = Symbology.QR) -> AppContext:
    module = 5 if symbology is Symbology.QR else 3  # a serial label is long and thin
    frame = code_frame(text, Conditions(size=VGA, module_px=module, noise=1, clutter=2),
                       np.random.default_rng(3), symbology)
    path = folder / "camera.png"
    cv2.imwrite(str(path), frame)
    return dataclasses.replace(ctx, camera=str(path))


def test_an_invitation_qr_fills_the_form(make_flow: MakeFlow, ctx: AppContext,
                                         tmp_path: Path) -> None:
    team = make_team(ctx.db)
    invitation = create_invitation(ctx.db, ctx.settings, team.operator, InvitationInput(
        full_name="Rudi Hartono", id_number="6171011203850002",
        organisation="PT Jaringan Nusantara", purpose_key="installation",
        pic="Seksi Jaringan", valid_on=today(), phone="0813 1111 2222"))
    camera_ctx = camera_showing(ctx, tmp_path, invitation_token(ctx.token_secret, invitation))
    driver = make_flow(camera_ctx)
    flow = driver.flow
    assert not flow.identity.camera_panel.isHidden()
    driver.tap(flow.welcome.check_in_button)
    driver.qtbot.waitUntil(lambda: flow.current_screen() is flow.details, timeout=15_000)
    assert flow.details.full_name.text() == "Rudi Hartono"
    assert flow.details.organisation.text() == "PT Jaringan Nusantara"
    assert flow.details.purpose.value() == "installation"
    assert flow.draft.invitation_id == invitation.id
    assert flow.draft.id_number == "6171011203850002"
    assert "undangan" in flow.details.returning_note.text()
    assert not flow.camera.running, "the camera is off on screens that do not scan"


def _pass(ctx: AppContext, **overrides: object) -> object:
    team = make_team(ctx.db)
    data = dataclasses.replace(PassInput(
        full_name="Rudi Hartono", id_number="6171011203850002",
        organisation="PT Jaringan Nusantara", purposes="repair,installation", days=90,
        pic="Seksi Jaringan"), **overrides)  # type: ignore[arg-type]
    return team, issue_pass(ctx.db, ctx.settings, team.supervisor, data)


def test_a_pass_qr_fills_the_form_for_its_purposes_only(make_flow: MakeFlow, ctx: AppContext,
                                                        tmp_path: Path) -> None:
    """The weekly engineer shows the pass card; the visit is a full one all the same."""
    _team, holder = _pass(ctx)
    driver = make_flow(camera_showing(ctx, tmp_path, pass_token(ctx.token_secret, holder)))
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.qtbot.waitUntil(lambda: flow.current_screen() is flow.details, timeout=15_000)
    d = flow.details
    assert (d.full_name.text(), d.organisation.text(), d.pic.text()) == (
        "Rudi Hartono", "PT Jaringan Nusantara", "Seksi Jaringan")
    assert flow.draft.pass_id == holder.id and flow.draft.invitation_id is None
    assert d.purpose.value() is None  # two purposes: the visitor chooses
    assert "Perbaikan, Instalasi" in d.returning_note.text()
    driver.focus_and_type(d.phone.editor, "081234567890")
    driver.tap(d.purpose.button("delivery"))
    driver.tap_named("duration-60")
    driver.next()
    assert flow.current_screen() is flow.details, "a purpose the pass does not cover"
    assert "tidak mencakup" in d.purpose.message.text()
    driver.tap(d.purpose.button("repair"))
    driver.next()
    driver.on(flow.devices)
    driver.tap(flow.devices.choice.button("none"))
    driver.next()
    if flow.photo in flow.form_steps:
        driver.pass_photo()
    driver.on(flow.signature)
    driver.sign()
    driver.next()
    driver.on(flow.review)
    flow.review.consent.setChecked(True)
    driver.next()
    driver.on(flow.waiting)
    summary = flow.waiting.summary
    assert summary is not None
    detail = get_visit(ctx.db, summary.id)
    assert (detail.pass_id, detail.id_number, detail.summary.purpose_key) == (
        holder.id, "6171011203850002", "repair")


@pytest.mark.parametrize("case", ["revoked", "not_yet", "early_invitation"])
def test_the_kiosk_refuses_a_code_outside_its_validity(make_flow: MakeFlow, ctx: AppContext,
                                                        tmp_path: Path, case: str) -> None:
    """A revoked pass, a pass before its first day, an invitation before its window: the
    visitor reads why on the first screen and stays there."""
    tomorrow = today() + dt.timedelta(days=1)
    if case == "early_invitation":
        team = make_team(ctx.db)
        invitation = create_invitation(ctx.db, ctx.settings, team.operator, InvitationInput(
            full_name="Rudi Hartono", id_number="6171011203850002",
            organisation="PT Jaringan Nusantara", purpose_key="installation",
            pic="Seksi Jaringan", valid_on="", work_order="WO-2026/0143",
            window_start=f"{tomorrow:%d/%m/%Y} 08:00", window_end=f"{tomorrow:%d/%m/%Y} 17:00"))
        payload, expected = (invitation_token(ctx.token_secret, invitation),
                             f"berlaku mulai {short_date(tomorrow, 'id')} 08.00")
    else:
        team, holder = _pass(ctx, valid_from=tomorrow if case == "not_yet" else None)
        if case == "revoked":
            revoke_pass(ctx.db, team.supervisor, holder.id, "Kontrak selesai")
            expected = "dicabut"
        else:
            expected = f"berlaku mulai {short_date(tomorrow, 'id')}"
        payload = pass_token(ctx.token_secret, holder)
    driver = make_flow(camera_showing(ctx, tmp_path, payload))
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    notice = flow.identity.notice
    driver.qtbot.waitUntil(notice.isVisible, timeout=15_000)
    assert expected in notice.text() and notice.text().startswith("⚠")
    assert flow.current_screen() is flow.identity
    assert flow.draft.pass_id is None and flow.draft.invitation_id is None
    assert flow.identity.number.text() == ""


def test_a_ktp_read_by_the_camera_fills_the_form(make_flow: MakeFlow, ctx: AppContext,
                                                 tmp_path: Path) -> None:
    """The card in the visitor's hand is the one identity that may pre-fill the form."""
    rng = np.random.default_rng(11)
    person = fake_person(rng)
    submitted(ctx.db, ctx.settings, id_number=person.nik, full_name=person.name.title(),
              organisation="Diskominfo Kota Pontianak", pic="Pak Agus")
    path = tmp_path / "ktp.png"
    cv2.imwrite(str(path), ktp_frame(ktp_card(person, rng), rng, light=0.95))
    driver = make_flow(dataclasses.replace(ctx, camera=str(path)))
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.on(flow.identity)
    driver.tap(flow.identity.read_ktp)
    driver.qtbot.waitUntil(lambda: flow.identity.number.text() == person.nik, timeout=30_000)
    driver.next()
    driver.on(flow.details)
    assert flow.details.full_name.text() == person.name.title()
    assert flow.details.organisation.text() == "Diskominfo Kota Pontianak"
    assert flow.details.phone.text() == ""  # the phone is typed again, always
    assert flow.details.pic.text() == "Pak Agus"
    assert flow.details.returning_note.isVisible()


def test_a_device_label_fills_the_serial(make_flow: MakeFlow, ctx: AppContext,
                                         tmp_path: Path) -> None:
    driver = make_flow(camera_showing(ctx, tmp_path, "SN5CG1234XYZ", Symbology.CODE128))
    flow = driver.flow
    flow._show(flow.devices)
    driver.tap(flow.devices.choice.button("some"))
    driver.qtbot.waitUntil(lambda: flow.devices.serial.text() == "SN5CG1234XYZ",
                           timeout=15_000)
    assert "SN5CG1234XYZ" in flow.devices.scan_note.text()


def test_a_scanned_badge_asks_to_leave(make_flow: MakeFlow, ctx: AppContext,
                                       tmp_path: Path) -> None:
    team = make_team(ctx.db)
    visit = approved(ctx.db, ctx.settings, team)
    assert visit.badge_number is not None
    record = next(b for b in list_badges(ctx.db) if b.number == visit.badge_number)
    payload = badge_token(ctx.token_secret, record)
    driver = make_flow(camera_showing(ctx, tmp_path, payload))
    flow = driver.flow
    driver.tap(flow.welcome.check_out_button)
    driver.qtbot.waitUntil(flow.checkout.done_card.isVisible, timeout=15_000)
    assert flow.checkout.summary is not None and flow.checkout.summary.id == visit.id
    assert pending(ctx.db) == []


def test_the_visit_sticker_asks_to_leave_and_thanks_by_name(make_flow: MakeFlow,
                                                            ctx: AppContext,
                                                            tmp_path: Path) -> None:
    """The sticker printed at approval checks its own visit out, like the badge card."""
    team = make_team(ctx.db)
    visit = approved(ctx.db, ctx.settings, team)
    sticker = issue_token(ctx.token_secret, TokenKind.VISIT, visit.id,
                          utcnow() + dt.timedelta(hours=12))
    driver = make_flow(camera_showing(ctx, tmp_path, sticker))
    flow = driver.flow
    driver.tap(flow.welcome.check_out_button)
    driver.qtbot.waitUntil(flow.checkout.done_card.isVisible, timeout=15_000)
    assert flow.checkout.summary is not None and flow.checkout.summary.id == visit.id
    title = flow.findChild(QLabel, "checkout-done-title")
    assert title is not None and title.text() == "✓ Terima kasih, Dewi Lestari."
    assert set(exit_requests(ctx.db)) == {visit.id}


def test_a_missing_camera_leaves_typing(make_flow: MakeFlow, ctx: AppContext,
                                        tmp_path: Path) -> None:
    driver = make_flow(dataclasses.replace(ctx, camera=str(tmp_path / "unplugged.png")))
    flow = driver.flow
    driver.tap(flow.welcome.check_in_button)
    driver.qtbot.waitUntil(lambda: flow.identity.camera_panel.isHidden(), timeout=10_000)
    driver.qtbot.waitUntil(lambda: flow.keyboard.target is flow.identity.number.editor)
    driver.type_with_keyboard("6171014506900001")
    driver.next()
    driver.on(flow.details)
