"""The live camera picture with a guide frame, the instruction, and a calm "no camera" banner.

The widget only paints: frames arrive already decoded and scaled by the scan worker, so a
slow paint can never delay a scan and a scan can never freeze the screen. The guide frame
has the shape of what the screen wants (a square for QR codes, a card for the KTP) so the
visitor knows where and how far away to hold it; a read turns it green for a moment,
feedback that works without sound. A lost camera is not an error the visitor caused, so
the banner is calm (no red) and points to typing instead.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.i18n import N_, tr
from kiosk.ui import theme
from kiosk.ui.scan_worker import ScanWorker

CAMERA_LOST = N_("Camera unavailable — type your details by hand")
RETRYING = N_("Trying to reconnect…")
STARTING = N_("Starting the camera…")
HOLD_CODE = N_("Hold the QR code up to the camera")
HOLD_KTP = N_("Hold your ID card up to the camera")
HOLD_LABEL = N_("Hold the device's barcode label up to the camera")
READING_CARD = N_("Hold still — reading your card…")

CARD_ASPECT = 85.60 / 53.98
FLASH_MS = 900


class Guide(Enum):
    QR = "qr"
    CARD = "card"
    LABEL = "label"  # wide and low, like a serial-number sticker

    @property
    def aspect(self) -> float:
        return {Guide.QR: 1.0, Guide.CARD: CARD_ASPECT, Guide.LABEL: 2.6}[self]


class CameraView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._frame: QImage | None = None
        self._guide = Guide.QR
        self._instruction = HOLD_CODE
        self._lost_reason: str | None = None
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._end_flash)

    def connect_worker(self, worker: ScanWorker) -> None:
        worker.preview.connect(self.set_frame)
        worker.camera_lost.connect(self.show_camera_lost)
        worker.camera_back.connect(self.show_camera_back)
        worker.code_found.connect(self.flash_success)
        worker.ktp_reading.connect(self._on_ktp_reading)

    def set_guide(self, guide: Guide, instruction: str | None = None) -> None:
        """Shape of the guide frame, and the instruction under it (an English source)."""
        self._guide = guide
        default = {Guide.QR: HOLD_CODE, Guide.CARD: HOLD_KTP, Guide.LABEL: HOLD_LABEL}[guide]
        self._instruction = instruction or default
        self.update()

    @property
    def camera_lost(self) -> bool:
        return self._lost_reason is not None

    @property
    def instruction(self) -> str:
        return tr(self._instruction)

    @Slot(QImage)
    def set_frame(self, image: QImage) -> None:
        self._frame = image
        self.update()

    @Slot(str)
    def show_camera_lost(self, reason: str) -> None:
        self._lost_reason = reason
        self._frame = None
        self.update()

    @Slot()
    def show_camera_back(self) -> None:
        self._lost_reason = None
        self.update()

    @Slot()
    def flash_success(self) -> None:
        self._flash.start()
        self.update()

    @Slot()
    def _end_flash(self) -> None:
        self.update()

    @Slot()
    def _on_ktp_reading(self) -> None:
        self._instruction = READING_CARD
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect())
        painter.fillRect(area, QColor("#20242A"))
        picture = self._picture_rect(area)
        if self._frame is not None:
            painter.drawImage(picture, self._frame)
        if self._lost_reason is not None:
            self._paint_banner(painter, area)
        else:
            self._paint_guide(painter, picture)
            if self._frame is None:
                self._paint_text(painter, area, tr(STARTING), QColor(theme.ON_PRIMARY))
        painter.end()

    def _picture_rect(self, area: QRectF) -> QRectF:
        if self._frame is None or self._frame.isNull():
            return area
        scale = min(area.width() / self._frame.width(), area.height() / self._frame.height())
        width, height = self._frame.width() * scale, self._frame.height() * scale
        return QRectF(area.center().x() - width / 2, area.center().y() - height / 2,
                      width, height)

    def _paint_guide(self, painter: QPainter, picture: QRectF) -> None:
        strip = min(96.0, picture.height() * 0.2)
        room = picture.adjusted(picture.width() * 0.12, picture.height() * 0.08,
                                -picture.width() * 0.12, -strip)
        width = min(room.width(), room.height() * self._guide.aspect)
        height = width / self._guide.aspect
        guide = QRectF(room.center().x() - width / 2, room.center().y() - height / 2,
                       width, height)
        colour = QColor(theme.SUCCESS if self._flash.isActive() else theme.ACCENT)
        painter.setPen(QPen(colour, 6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(guide, 16, 16)
        band = QRectF(picture.left(), picture.bottom() - strip, picture.width(), strip)
        painter.fillRect(band, QColor(10, 77, 162, 220))  # theme.PRIMARY, translucent
        self._paint_text(painter, band, self.instruction, QColor(theme.ON_PRIMARY))

    def _paint_banner(self, painter: QPainter, area: QRectF) -> None:
        box = area.adjusted(area.width() * 0.08, area.height() * 0.3,
                            -area.width() * 0.08, -area.height() * 0.3)
        painter.setPen(QPen(QColor(theme.PRIMARY), 3))
        painter.setBrush(QColor(theme.SURFACE))
        painter.drawRoundedRect(box, 14, 14)
        title = QRectF(box.left() + 24, box.top() + 12, box.width() - 48, box.height() * 0.55)
        detail = QRectF(box.left() + 24, title.bottom(), box.width() - 48,
                        box.bottom() - title.bottom() - 12)
        self._paint_text(painter, title, tr(CAMERA_LOST), QColor(theme.PRIMARY),
                         theme.BODY_PT, bold=True)
        self._paint_text(painter, detail, f"{self._lost_reason} {tr(RETRYING)}",
                         QColor(theme.MUTED), theme.SMALL_PT, bold=False)

    def _paint_text(self, painter: QPainter, rect: QRectF, text: str, colour: QColor,
                    size: int = theme.BODY_PT, *, bold: bool = True) -> None:
        font = QFont(self.font())
        font.setPointSize(size)
        font.setBold(bold)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
