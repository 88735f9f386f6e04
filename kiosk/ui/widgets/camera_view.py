"""The live camera picture with a guide frame, the instruction, and a calm "no camera" banner.

The widget only paints: frames arrive already decoded and scaled by the scan worker, so a
slow paint can never delay a scan and a scan can never freeze the screen. The guide frame
has the shape of what the screen wants (a square for QR codes, a card for the KTP, an oval
for the face) so the visitor knows where and how far away to hold it; a read turns it green
for a moment, feedback that works without sound. For the face the picture is mirrored,
as people expect of a screen that shows them, the parts left out of the photo are dimmed,
and the countdown before the shot is painted large in the oval. A lost camera is not an
error the visitor caused, so the banner is calm (no red) and points to typing instead.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.i18n import N_, tr
from kiosk.scan.photo import portrait_box
from kiosk.ui import theme
from kiosk.ui.scan_worker import ScanWorker

CAMERA_LOST = N_("Camera unavailable — type your details by hand")
RETRYING = N_("Trying to reconnect…")
STARTING = N_("Starting the camera…")
HOLD_CODE = N_("Hold the QR code up to the camera")
HOLD_KTP = N_("Hold your ID card up to the camera")
HOLD_LABEL = N_("Hold the device's barcode label up to the camera")
READING_CARD = N_("Hold still — reading your card…")
HOLD_FACE = N_("Look at the camera, with your face inside the oval")

CARD_ASPECT = 85.60 / 53.98
FLASH_MS = 900


class Guide(Enum):
    QR = "qr"
    CARD = "card"
    LABEL = "label"  # wide and low, like a serial-number sticker
    FACE = "face"  # an upright oval, inside the part of the picture the photo keeps

    @property
    def aspect(self) -> float:
        return {Guide.QR: 1.0, Guide.CARD: CARD_ASPECT, Guide.LABEL: 2.6, Guide.FACE: 0.75}[self]


class CameraView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._frame: QImage | None = None
        self._guide = Guide.QR
        self._instruction = HOLD_CODE
        self._lost_reason: str | None = None
        self._countdown: int | None = None
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
        default = {Guide.QR: HOLD_CODE, Guide.CARD: HOLD_KTP, Guide.LABEL: HOLD_LABEL,
                   Guide.FACE: HOLD_FACE}[guide]
        self._instruction = instruction or default
        self.update()

    @property
    def camera_lost(self) -> bool:
        return self._lost_reason is not None

    @property
    def instruction(self) -> str:
        return tr(self._instruction)

    @property
    def countdown(self) -> int | None:
        return self._countdown

    def set_countdown(self, seconds: int | None) -> None:
        """The number painted large in the guide before a photo; None: none."""
        self._countdown = seconds
        self.update()

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
            self._paint_frame(painter, picture, self._frame)
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

    def _paint_frame(self, painter: QPainter, picture: QRectF, frame: QImage) -> None:
        if self._guide is not Guide.FACE:
            painter.drawImage(picture, frame)
            return
        painter.save()
        painter.translate(picture.left() + picture.right(), 0)  # a mirror: x -> l + r - x
        painter.scale(-1, 1)
        painter.drawImage(picture, frame)
        painter.restore()

    def _paint_guide(self, painter: QPainter, picture: QRectF) -> None:
        strip = min(96.0, picture.height() * 0.2)
        colour = QColor(theme.SUCCESS if self._flash.isActive() else theme.ACCENT)
        painter.setPen(QPen(colour, 6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._guide is Guide.FACE:
            self._paint_face_guide(painter, picture, strip)
        else:
            room = picture.adjusted(picture.width() * 0.12, picture.height() * 0.08,
                                    -picture.width() * 0.12, -strip)
            width = min(room.width(), room.height() * self._guide.aspect)
            height = width / self._guide.aspect
            guide = QRectF(room.center().x() - width / 2, room.center().y() - height / 2,
                           width, height)
            painter.drawRoundedRect(guide, 16, 16)
        band = QRectF(picture.left(), picture.bottom() - strip, picture.width(), strip)
        painter.fillRect(band, QColor(10, 77, 162, 220))  # theme.PRIMARY, translucent
        self._paint_text(painter, band, self.instruction, QColor(theme.ON_PRIMARY))

    def _paint_face_guide(self, painter: QPainter, picture: QRectF, strip: float) -> None:
        """The oval where the face goes, in the part of the picture the photo keeps (the
        rest is dimmed), and the countdown in it."""
        x, _y, width, _height = portrait_box(round(picture.width()), round(picture.height()))
        kept = QRectF(picture.left() + x, picture.top(), width, picture.height())
        shade = QColor(0, 0, 0, 110)
        painter.fillRect(QRectF(picture.left(), picture.top(), x, picture.height()), shade)
        painter.fillRect(QRectF(kept.right(), picture.top(), picture.right() - kept.right(),
                                picture.height()), shade)
        height = min((picture.height() - strip) * 0.84, kept.width() / 0.75 * 0.8)
        top = picture.top() + (picture.height() - strip - height) / 2
        oval = QRectF(kept.center().x() - height * 0.375, top, height * 0.75, height)
        painter.drawEllipse(oval)
        if self._countdown is None:
            return
        radius = oval.width() * 0.3
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(10, 77, 162, 200))  # theme.PRIMARY, translucent
        painter.drawEllipse(oval.center(), radius, radius)
        font = QFont(self.font())
        font.setPixelSize(max(24, int(radius * 1.3)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.ON_PRIMARY))
        painter.drawText(QRectF(oval.center().x() - radius, oval.center().y() - radius,
                                2 * radius, 2 * radius),
                         int(Qt.AlignmentFlag.AlignCenter), str(self._countdown))

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
