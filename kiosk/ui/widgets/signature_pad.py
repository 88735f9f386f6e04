"""A box to sign in with a finger; the strokes become a PNG stored with the visit.

Strokes are kept as points, not painted into a bitmap, so the box can be resized (the
window goes from 1280 to 1920 wide) without blurring, and the image is rendered once,
on a white background, when the form is submitted.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.i18n import tr
from kiosk.ui import theme

INK = QColor("#0B2A5B")
PEN_WIDTH = 4.0
#: A tap or a brush of the palm is not a signature.
MIN_POINTS = 8


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        """``placeholder`` is an English source string (mark it with ``N_``)."""
        super().__init__(parent)
        self.setObjectName("signature-pad")
        self._placeholder = placeholder
        self._strokes: list[list[QPointF]] = []
        self.setMinimumSize(480, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

    def is_empty(self) -> bool:
        return sum(len(s) for s in self._strokes) < MIN_POINTS

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.changed.emit()

    def add_stroke(self, points: list[QPointF]) -> None:
        """Draw a whole stroke at once (what a finger does, for scripted demos and tests)."""
        self._strokes.append(list(points))
        self.update()
        self.changed.emit()

    def to_png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._draw_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # The stubs ask for bytes, but PySide6 6.12 only accepts the format as str here.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())

    # -- drawing -------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._strokes.append([event.position()])
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self._strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(QColor(theme.BORDER), 2))
        painter.setBrush(QColor(theme.SURFACE))
        painter.drawRoundedRect(rect, 12, 12)
        baseline = rect.bottom() - rect.height() * 0.25
        painter.setPen(QPen(QColor(theme.BORDER), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + 32, baseline), QPointF(rect.right() - 32, baseline))
        if not self._strokes:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(rect.adjusted(32, 0, -32, -rect.height() * 0.3),
                             Qt.AlignmentFlag.AlignCenter, tr(self._placeholder))
        self._draw_strokes(painter)

    def _draw_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)
