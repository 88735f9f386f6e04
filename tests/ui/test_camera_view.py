from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.i18n import set_language
from kiosk.ui import theme
from kiosk.ui.widgets.camera_view import CameraView, Guide


def view(qtbot: QtBot) -> CameraView:
    widget = CameraView()
    widget.resize(800, 500)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def frame(colour: str) -> QImage:
    image = QImage(640, 360, QImage.Format.Format_RGB888)
    image.fill(QColor(colour))
    return image


def test_preview_with_guide_and_instruction(qtbot: QtBot, tmp_path: Path) -> None:
    widget = view(qtbot)
    widget.set_guide(Guide.CARD)
    widget.set_frame(frame("#808080"))
    assert widget.instruction == "Tunjukkan KTP ke kamera"
    shot = widget.grab().toImage()
    shot.save(str(tmp_path / "camera-view.png"))
    assert shot.pixelColor(400, 30) == QColor("#808080")  # the picture itself
    colours = {shot.pixelColor(x, 250).name() for x in range(0, 800, 2)}
    assert theme.ACCENT.lower() in colours  # the guide frame's sides
    set_language("en")
    assert widget.instruction == "Hold your ID card up to the camera"


def test_success_flash_turns_the_guide_green(qtbot: QtBot) -> None:
    widget = view(qtbot)
    widget.set_frame(frame("#808080"))
    widget.flash_success()
    shot = widget.grab().toImage()
    colours = {shot.pixelColor(x, 200).name() for x in range(0, 800, 2)}
    assert theme.SUCCESS.lower() in colours and theme.ACCENT.lower() not in colours
    qtbot.waitUntil(lambda: theme.ACCENT.lower() in {
        widget.grab().toImage().pixelColor(x, 200).name() for x in range(0, 800, 2)},
        timeout=2000)


def test_calm_banner_when_the_camera_is_lost(qtbot: QtBot, tmp_path: Path) -> None:
    widget = view(qtbot)
    widget.set_frame(frame("#808080"))
    widget.show_camera_lost("Kamera 0 tidak ditemukan atau sedang dipakai program lain.")
    assert widget.camera_lost
    shot = widget.grab().toImage()
    shot.save(str(tmp_path / "camera-lost.png"))
    colours = {shot.pixelColor(400, y).name() for y in range(0, 500, 2)}
    assert theme.SURFACE.lower() in colours and theme.PRIMARY.lower() in colours
    assert theme.DANGER.lower() not in colours
    widget.show_camera_back()
    assert not widget.camera_lost
