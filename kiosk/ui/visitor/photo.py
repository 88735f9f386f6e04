"""The visitor's face photo, so the operator can recognise them at the desk.

The camera shows the visitor mirrored, with an oval to fill; "Take photo" counts 3-2-1 on
the picture and then asks the camera worker for a still, which comes back as a small JPEG
(encoded in the worker's thread, never this one). The visitor sees the photo and keeps
it ("Use this photo") or takes it again ("Retake"). With ``visitor_photo = "optional"`` a
"Skip" button goes on without one; with "required" there is none. A camera that is not
working never stops the door, whatever the setting: the screen says so calmly and the
visit goes on without a photo, recorded as "camera unavailable" for the operator.

The flow owns the camera: it puts the preview in ``camera_layout``, starts the camera
while this screen shows, passes on ``take_requested`` and hands back the still
(``still_taken``) and every change of the camera's health (``set_camera_working``).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.types import PhotoAbsence
from kiosk.i18n import N_, ntr, tr
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.camera_view import CameraView
from kiosk.ui.widgets.plain import PlainLabel

TAKE = N_("Take photo")
USE = N_("Use this photo")
GO_ON = N_("Continue without a photo")
COUNT_FROM = 3


class Stage(enum.Enum):
    LIVE = "live"  # the camera's picture; waiting for "Take photo"
    COUNTING = "counting"  # 3, 2, 1 on the picture
    TAKING = "taking"  # the still was asked for and is on its way
    TAKEN = "taken"  # the still is shown for the visitor to keep or retake
    NO_CAMERA = "no_camera"  # the camera is not working: the visit goes on without


class StillView(QWidget):
    """The photo just taken, as large as fits, on the camera's dark background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photo-still")
        self.setMinimumSize(240, 240)
        self._image = QImage()

    def set_photo(self, jpeg: bytes | None) -> None:
        self._image = QImage.fromData(jpeg) if jpeg else QImage()
        self.update()

    @property
    def has_photo(self) -> bool:
        return not self._image.isNull()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(self.rect())
        painter.fillRect(area, QColor("#20242A"))
        if not self._image.isNull():
            scale = min(area.width() / self._image.width(),
                        area.height() / self._image.height())
            width, height = self._image.width() * scale, self._image.height() * scale
            painter.drawImage(QRectF(area.center().x() - width / 2,
                                     area.center().y() - height / 2, width, height),
                              self._image)
        painter.end()


class PhotoScreen(VisitorScreen):
    step_name = N_("Photo")
    #: The countdown is over: the flow asks the camera for a still.
    take_requested = Signal()
    #: A still is no longer wanted (retake during the wait, leaving the screen).
    take_cancelled = Signal()
    #: Each number of the countdown as it is shown (3, 2, 1).
    counted = Signal(int)

    #: One step of the countdown, in milliseconds (tests make it short).
    tick_ms = 1000

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "photo", N_("Your photo"),
                         N_("The operator uses it to recognise you at the desk."),
                         scroll=False, parent=parent)
        self._mode = ctx.settings.visitor_photo
        self._stage = Stage.LIVE
        self._camera_ok = True
        self._still: bytes | None = None
        self._count = 0
        self._view: CameraView | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.tick_ms)
        self._timer.timeout.connect(self._tick)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.camera_panel = QWidget()
        self.camera_panel.setObjectName("photo-camera")
        self.camera_layout = QVBoxLayout(self.camera_panel)
        self.camera_layout.setContentsMargins(0, 0, 0, 0)
        self.still_view = StillView()
        self.unavailable = QFrame()
        self.unavailable.setObjectName("photo-unavailable")
        self.unavailable.setProperty("role", "card")
        unavailable = QVBoxLayout(self.unavailable)
        unavailable.setContentsMargins(32, 24, 32, 24)
        self._unavailable_title = PlainLabel()
        self._unavailable_title.setProperty("role", "section")
        self._unavailable_title.setWordWrap(True)
        self._unavailable_text = PlainLabel()
        self._unavailable_text.setProperty("role", "label")
        self._unavailable_text.setWordWrap(True)
        unavailable.addStretch(1)
        unavailable.addWidget(self._unavailable_title)
        unavailable.addWidget(self._unavailable_text)
        unavailable.addStretch(1)
        for widget in (self.camera_panel, self.still_view, self.unavailable):
            row.addWidget(widget, 3)
        side = QVBoxLayout()
        side.setSpacing(16)
        self._tips = PlainLabel()
        self._tips.setObjectName("photo-tips")
        self._tips.setProperty("role", "label")
        self._tips.setWordWrap(True)
        self._why = PlainLabel()
        self._why.setObjectName("photo-why")
        self._why.setProperty("role", "muted")
        self._why.setWordWrap(True)
        side.addWidget(self._tips)
        side.addWidget(self._why)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.retake = QPushButton()
        self.retake.setObjectName("photo-retake")
        self.retake.setProperty("role", "secondary")
        self.retake.clicked.connect(self._retake)
        self.skip = QPushButton()
        self.skip.setObjectName("photo-skip")
        self.skip.setProperty("role", "secondary")
        self.skip.clicked.connect(self._skip)
        assert self.footer is not None
        self.footer.add_secondary(self.skip)
        self.footer.add_secondary(self.retake)
        self._show_stage()

    # -- what the flow tells the screen ----------------------------------------------------

    def set_view(self, view: CameraView) -> None:
        """The camera preview (made by the flow) that shows the countdown."""
        self._view = view
        self.camera_layout.addWidget(view, 1)

    @property
    def stage(self) -> Stage:
        return self._stage

    def set_camera_working(self, working: bool) -> None:
        """No frames: say so and let the visit go on; frames again: back to the camera."""
        self._camera_ok = working
        if not working and self._stage is not Stage.TAKEN:
            self._stop_countdown()
            self._set_stage(Stage.NO_CAMERA)
        elif working and self._stage is Stage.NO_CAMERA:
            self._set_stage(Stage.LIVE)

    def still_taken(self, jpeg: bytes) -> None:
        """The still the countdown asked for; anything arriving at another time is dropped."""
        if self._stage is not Stage.TAKING:
            return
        self._still = jpeg
        self.still_view.set_photo(jpeg)
        self._set_stage(Stage.TAKEN)

    # -- the draft -------------------------------------------------------------------------

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        self._stop_countdown()
        self._still = draft.photo_jpeg
        self.still_view.set_photo(draft.photo_jpeg)
        self._set_stage(Stage.TAKEN if draft.photo_jpeg else self._waiting_stage())

    def keep(self) -> None:
        self._stop_countdown()
        if self._stage is Stage.TAKEN:
            self._draft.photo_jpeg, self._draft.no_photo_reason = self._still, None

    def submit(self) -> None:
        if self._stage is Stage.LIVE:
            self._start_countdown()
        elif self._stage is Stage.TAKEN:
            self._finish(self._still, None)
        elif self._stage is Stage.NO_CAMERA:
            self._finish(None, PhotoAbsence.CAMERA_UNAVAILABLE)

    def _skip(self) -> None:
        """Only offered when the photo is optional (the service checks that too)."""
        self._stop_countdown()
        self._finish(None, PhotoAbsence.SKIPPED)

    def _finish(self, jpeg: bytes | None, reason: PhotoAbsence | None) -> None:
        self._draft.photo_jpeg = jpeg
        self._draft.no_photo_reason = reason.value if reason else None
        self.finished.emit()

    # -- the countdown ---------------------------------------------------------------------

    def _start_countdown(self) -> None:
        self._count = COUNT_FROM
        self._set_stage(Stage.COUNTING)
        self._show_count()
        self._timer.setInterval(self.tick_ms)
        self._timer.start()

    def _tick(self) -> None:
        self._count -= 1
        if self._count > 0:
            self._show_count()
            return
        self._timer.stop()
        if self._view is not None:
            self._view.set_countdown(None)
        self._set_stage(Stage.TAKING)
        self.take_requested.emit()

    def _show_count(self) -> None:
        if self._view is not None:
            self._view.set_countdown(self._count)
        self.counted.emit(self._count)

    def _stop_countdown(self) -> None:
        waiting = self._stage in (Stage.COUNTING, Stage.TAKING)
        self._timer.stop()
        if self._view is not None:
            self._view.set_countdown(None)
        if waiting:
            self.take_cancelled.emit()
            self._set_stage(self._waiting_stage())

    def _retake(self) -> None:
        self._still = None
        self.still_view.set_photo(None)
        if self._camera_ok:
            self._start_countdown()
        else:
            self._set_stage(Stage.NO_CAMERA)

    def _waiting_stage(self) -> Stage:
        return Stage.LIVE if self._camera_ok else Stage.NO_CAMERA

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """Leaving the screen (any way, the idle reset too) ends a countdown under way."""
        self._stop_countdown()
        super().hideEvent(event)

    # -- what shows ------------------------------------------------------------------------

    def _set_stage(self, stage: Stage) -> None:
        self._stage = stage
        self._show_stage()

    def _show_stage(self) -> None:
        stage = self._stage
        live = stage in (Stage.LIVE, Stage.COUNTING, Stage.TAKING)
        self.camera_panel.setVisible(live)
        self.still_view.setVisible(stage is Stage.TAKEN)
        self.unavailable.setVisible(stage is Stage.NO_CAMERA)
        self.retake.setVisible(stage is Stage.TAKEN)
        self.skip.setVisible(self._mode == "optional" and stage is not Stage.NO_CAMERA)
        self.skip.setEnabled(stage is not Stage.TAKING)
        assert self.footer is not None
        self.footer.primary.setEnabled(stage in (Stage.LIVE, Stage.TAKEN, Stage.NO_CAMERA))
        self.footer.set_primary({Stage.TAKEN: USE, Stage.NO_CAMERA: GO_ON}.get(stage, TAKE))

    def retranslate(self) -> None:
        super().retranslate()
        self._tips.setText(tr("Take off sunglasses or a mask and look straight at the "
                              "camera. The photo is taken after a countdown of three."))
        self._why.setText(photo_notice(self._ctx.settings.retention_days))
        self._unavailable_title.setText(tr("The camera is not available"))
        self._unavailable_text.setText(tr(
            "You can continue without a photo. The operator will see that the camera "
            "was not working."))
        self.retake.setText(tr("Retake"))
        self.skip.setText(tr("Skip"))
        self._show_stage()


def photo_notice(retention_days: int) -> str:
    """Why the photo is taken and how long it is kept (the photo screen and the consent)."""
    return ntr("Your photo is taken to identify you at the desk and in the record of this "
               "visit. It is kept {count} day, then erased.",
               "Your photo is taken to identify you at the desk and in the record of this "
               "visit. It is kept {count} days, then erased.", retention_days)
