"""The photo step with a camera that shows a drawn face: the countdown, the still, retake,
use, skip; and a camera that is missing or unplugged, which never stops the visit."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel
from pytestqt.qtbot import QtBot

from kiosk.domain.types import PhotoAbsence
from kiosk.services.review import review_visit
from kiosk.ui.context import AppContext
from kiosk.ui.operator.visit_panel import VisitPanel
from kiosk.ui.visitor.flow import VisitorFlow
from kiosk.ui.visitor.photo import PhotoScreen, Stage
from tests.support.synthetic import face_frame
from tests.support.visitor_driver import Driver, MakeFlow


@pytest.fixture(autouse=True)
def quick_countdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The countdown's steps are what is tested, not their length."""
    monkeypatch.setattr(PhotoScreen, "tick_ms", 20)


def with_photo(ctx: AppContext, mode: str, camera: str) -> AppContext:
    return dataclasses.replace(
        ctx, camera=camera,
        settings=dataclasses.replace(ctx.settings, visitor_photo=mode, camera=camera))


def face_camera(folder: Path) -> str:
    path = folder / "face.png"
    cv2.imwrite(str(path), face_frame(np.random.default_rng(8)))
    return str(path)


def open_photo_step(driver: Driver) -> PhotoScreen:
    flow = driver.flow
    flow._show(flow.photo)
    driver.qtbot.waitUntil(lambda: flow.camera.working is not None, timeout=10_000)
    return flow.photo


def submit(driver: Driver) -> int:
    """From the review screen: consent, submit, the waiting screen's visit."""
    flow = driver.flow
    driver.on(flow.review)
    driver.tap(flow.review.consent)
    assert flow.review.consent.isChecked()
    driver.next()  # "Kirim"
    driver.qtbot.waitUntil(lambda: flow.current_screen() is flow.waiting
                           or not flow.review.banner.isHidden(), timeout=10_000)
    assert flow.review.banner.isHidden(), flow.review.banner_text.text()
    assert flow.waiting.summary is not None
    return flow.waiting.summary.id


def operator_panel(ctx: AppContext, qtbot: QtBot, visit_id: int) -> VisitPanel:
    """The operator's view of the visit, as when approving it."""
    panel = VisitPanel(ctx.settings)
    qtbot.addWidget(panel)
    panel.show_review(review_visit(ctx.db, visit_id))
    return panel


def photo_of(panel: VisitPanel) -> QLabel:
    label = panel.findChild(QLabel, "visit-photo")
    assert label is not None
    return label


def review_photo_cards(flow: VisitorFlow) -> list[QFrame]:
    """The photo cards on the review screen, once the replaced ones are deleted."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return flow.review.findChildren(QFrame, "review-photo")


def test_countdown_then_photo_retake_and_use(make_flow: MakeFlow, ctx: AppContext,
                                            tmp_path: Path, qtbot: QtBot) -> None:
    driver = make_flow(with_photo(ctx, "optional", face_camera(tmp_path)))
    flow = driver.flow
    assert [s.objectName() for s in flow.form_steps] == [
        "identity", "details", "devices", "photo", "signature", "review"]
    photo = open_photo_step(driver)
    assert flow.camera.working is True and photo.stage is Stage.LIVE
    assert flow.steps.current == 3
    assert photo.skip.isVisible() and not photo.retake.isVisible()
    counted: list[int] = []
    photo.counted.connect(counted.append)

    driver.next()  # "Ambil foto"
    driver.qtbot.waitUntil(lambda: photo.stage is Stage.TAKEN, timeout=10_000)
    assert counted == [3, 2, 1]
    assert photo.still_view.isVisible() and photo.still_view.has_photo
    assert photo.retake.isVisible()
    assert photo.footer is not None and photo.footer.primary.text() == "Pakai foto ini"

    driver.tap(photo.retake)
    driver.qtbot.waitUntil(lambda: photo.stage is Stage.TAKEN, timeout=10_000)
    assert counted == [3, 2, 1, 3, 2, 1]
    driver.next()  # "Pakai foto ini"
    driver.on(flow.signature)
    assert flow.draft.photo_jpeg is not None and flow.draft.no_photo_reason is None
    with Image.open(io.BytesIO(flow.draft.photo_jpeg)) as image:
        assert image.format == "JPEG" and image.size == (480, 640)
    assert not flow.camera.running, "the camera is off once the photo is taken"


def test_a_whole_visit_with_a_photo_reaches_the_operator(make_flow: MakeFlow, ctx: AppContext,
                                                          tmp_path: Path, qtbot: QtBot) -> None:
    driver = make_flow(with_photo(ctx, "required", face_camera(tmp_path)))
    flow = driver.flow
    driver.fill_to_review()
    card = flow.review.findChild(QLabel, "review-photo-image")
    assert card is not None and not card.pixmap().isNull(), "the review shows the photo"
    assert "Foto Anda diambil untuk mengenali Anda" in flow.review._privacy_text.text()
    visit_id = submit(driver)
    panel = operator_panel(ctx, qtbot, visit_id)
    assert not photo_of(panel).pixmap().isNull(), "the operator sees the photo"
    assert panel.review is not None and panel.review.detail.photo_jpeg is not None


def test_an_optional_photo_can_be_skipped(make_flow: MakeFlow, ctx: AppContext,
                                          tmp_path: Path) -> None:
    driver = make_flow(with_photo(ctx, "optional", face_camera(tmp_path)))
    flow = driver.flow
    photo = open_photo_step(driver)
    driver.tap(photo.skip)
    driver.on(flow.signature)
    assert flow.draft.photo_jpeg is None
    assert flow.draft.no_photo_reason == PhotoAbsence.SKIPPED.value
    flow._show(flow.review)
    [card] = review_photo_cards(flow)
    assert "Tanpa foto: dilewati oleh tamu" in [label.text() for label in card.findChildren(QLabel)]


def test_a_photo_changed_from_the_review_replaces_the_old_one(make_flow: MakeFlow,
                                                              ctx: AppContext,
                                                              tmp_path: Path) -> None:
    driver = make_flow(with_photo(ctx, "optional", face_camera(tmp_path)))
    flow = driver.flow
    photo = open_photo_step(driver)
    driver.next()
    driver.qtbot.waitUntil(lambda: photo.stage is Stage.TAKEN, timeout=10_000)
    driver.next()
    driver.on(flow.signature)
    flow._show(flow.review)
    [card] = review_photo_cards(flow)
    assert card.findChild(QLabel, "review-photo-image") is not None

    driver.tap_named("edit-photo")
    driver.on(flow.photo)
    assert photo.stage is Stage.TAKEN and photo.still_view.has_photo, "the photo kept"
    driver.tap(photo.skip)
    driver.on(flow.review)
    assert flow.draft.photo_jpeg is None
    [card] = review_photo_cards(flow)  # the card with the photo is gone, not just covered
    assert card.findChild(QLabel, "review-photo-image") is None
    assert "Tanpa foto: dilewati oleh tamu" in [label.text() for label in card.findChildren(QLabel)]


def test_a_required_photo_cannot_be_skipped(make_flow: MakeFlow, ctx: AppContext,
                                            tmp_path: Path) -> None:
    driver = make_flow(with_photo(ctx, "required", face_camera(tmp_path)))
    photo = open_photo_step(driver)
    assert not photo.skip.isVisible()
    assert photo.footer is not None and photo.footer.primary.text() == "Ambil foto"
    driver.flow.photo.back_requested.emit()
    driver.on(driver.flow.devices)


def test_required_with_an_unplugged_camera_goes_on_and_the_operator_sees_why(
        make_flow: MakeFlow, ctx: AppContext, tmp_path: Path, qtbot: QtBot) -> None:
    driver = make_flow(with_photo(ctx, "required", str(tmp_path / "unplugged.png")))
    flow = driver.flow
    photo = open_photo_step(driver)
    driver.qtbot.waitUntil(lambda: photo.stage is Stage.NO_CAMERA, timeout=10_000)
    assert photo.unavailable.isVisible() and not photo.camera_panel.isVisible()
    assert photo.footer is not None and photo.footer.primary.text() == "Lanjut tanpa foto"
    driver.next()
    driver.on(flow.signature)
    assert flow.draft.no_photo_reason == PhotoAbsence.CAMERA_UNAVAILABLE.value

    flow.reset()
    driver.fill_to_review()  # the photo step shows again, and again says there is no camera
    visit_id = submit(driver)
    panel = operator_panel(ctx, qtbot, visit_id)
    assert photo_of(panel).text() == "Tanpa foto: kamera tidak tersedia"


def test_without_a_camera_there_is_no_photo_step_and_the_reason_is_kept(
        make_flow: MakeFlow, ctx: AppContext, qtbot: QtBot) -> None:
    driver = make_flow(with_photo(ctx, "required", "none"))
    flow = driver.flow
    assert flow.photo not in flow.form_steps
    driver.fill_to_review()
    visit_id = submit(driver)
    panel = operator_panel(ctx, qtbot, visit_id)
    assert photo_of(panel).text() == "Tanpa foto: kamera tidak tersedia"


def test_photos_off_means_no_step_and_no_notice(make_flow: MakeFlow, ctx: AppContext,
                                                tmp_path: Path) -> None:
    driver = make_flow(with_photo(ctx, "off", face_camera(tmp_path)))
    flow = driver.flow
    assert flow.photo not in flow.form_steps
    assert flow.draft.no_photo_reason is None
    assert "Foto Anda" not in flow.review._privacy_text.text()
