"""Everything about one visit, for the decision (SOP step 4) and while it is open.

Shows the whole form with the checks the operator would make on paper: NIK well-formed
and what it says (birth date, sex), deny-list match (a sure one by number, or a possible
one by name and birth date, with the reason it fired), earlier visits and the signature,
and the visitor's photo beside the ID details, where the operator compares it with the face
at the desk (or reads why there is none). The ID number stays masked: the operator
compares the card in hand with the form by typing its number at approval, and the service
says whether they match.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings
from kiosk.domain import checklists
from kiosk.domain.denymatch import PossibleMatch
from kiosk.domain.nik import Sex
from kiosk.domain.records import VisitDetail
from kiosk.domain.types import ID_TYPE_LABELS, PHOTO_ABSENCE_LABELS, STATE_LABELS, PhotoAbsence
from kiosk.formats import short_date, short_datetime_text, time_text
from kiosk.i18n import ntr, tr
from kiosk.services.review import Review
from kiosk.ui.operator.common import purpose_label, set_message
from kiosk.ui.widgets.plain import PlainLabel, plain_tooltip
from kiosk.ui.widgets.restyle import set_style_property

PICTURE_HEIGHT = 140
#: The visitor's photo beside the ID details: large enough to compare with a face.
PHOTO_SIZE = (150, 200)
#: The photo under the inside-now list: enough to tell who is who, small enough to leave
#: the list several rows on a 1280x800 screen.
BOARD_PHOTO_SIZE = (96, 128)


def _value(text: str) -> QLabel:
    label = PlainLabel(text)
    label.setProperty("role", "value")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _picture(data: bytes | None, empty: str) -> QLabel:
    label = PlainLabel()
    label.setMinimumHeight(PICTURE_HEIGHT)
    # The picture may be cropped at the side; it must never widen the form beyond the panel.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    pixmap = QPixmap()
    if data and pixmap.loadFromData(data):
        label.setPixmap(pixmap.scaledToHeight(PICTURE_HEIGHT,
                                              Qt.TransformationMode.SmoothTransformation))
    else:
        label.setText(empty)
        label.setProperty("role", "muted")
    return label


def photo_label(detail: VisitDetail | None = None,
                size: tuple[int, int] = PHOTO_SIZE) -> QLabel:
    """A frame of ``size`` holding the visitor's photo, or why there is none
    ("No photo: camera unavailable")."""
    label = PlainLabel()
    label.setObjectName("visit-photo")
    label.setFixedSize(*size)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setWordWrap(True)
    if detail is not None:
        show_photo(label, detail.photo_jpeg, detail.no_photo_reason)
    return label


def show_photo(label: QLabel, jpeg: bytes | None, reason: PhotoAbsence | None) -> None:
    """Put the photo in a ``photo_label``, or the words saying why there is none."""
    width, height = label.width(), label.height()
    pixmap = QPixmap()
    if jpeg and pixmap.loadFromData(jpeg, "JPEG"):
        label.setPixmap(pixmap.scaled(width - 4, height - 4,
                                      Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))
        set_style_property(label, "role", "")
        return
    label.setPixmap(QPixmap())
    why = tr(PHOTO_ABSENCE_LABELS[reason]) if reason else tr("No photo")
    small = label.width() < PHOTO_SIZE[0]  # the board's: the reason would not fit
    label.setText(tr("No photo") if small else why)
    if small:
        label.setToolTip(plain_tooltip(why))
    else:
        label.setToolTip("")
    set_style_property(label, "role", "warn" if reason else "muted")


class VisitPanel(QScrollArea):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.review: Review | None = None
        self.setWidgetResizable(True)
        # Long names and organisations wrap instead of pushing the form sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(480)
        self._show_empty()

    def _show_empty(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        hint = PlainLabel(tr("Choose a visit in the list to see its form."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.setWidget(body)

    def clear(self) -> None:
        self.review = None
        self._show_empty()

    def show_review(self, review: Review) -> None:
        self.review = review
        detail, summary = review.detail, review.detail.summary
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setSpacing(10)
        title = PlainLabel(summary.full_name)
        title.setObjectName("visit-title")
        title.setProperty("role", "heading")
        title.setWordWrap(True)
        layout.addWidget(title)
        state = tr(STATE_LABELS[summary.state])
        sub = PlainLabel(tr("Visit {number} · {state} · submitted {time} at {terminal}",
                        number=summary.number, state=state,
                        time=short_datetime_text(summary.submitted_at), terminal=summary.terminal))
        sub.setProperty("role", "muted")
        sub.setWordWrap(True)
        layout.addWidget(sub)
        for banner in self._banners(review):
            layout.addWidget(banner)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        rows = [
            (tr("ID"), f"{tr(ID_TYPE_LABELS[summary.id_type])}  {summary.masked_id}"),
            (tr("Organisation"), summary.organisation),
            (tr("Phone"), detail.phone),
            (tr("Purpose"), purpose_label(self._settings, summary.purpose_key)),
            (tr("Purpose details"), summary.purpose_text or "-"),
            (tr("PIC"), summary.pic),
            (tr("Planned"), ntr("{count} minute", "{count} minutes", summary.planned_minutes)),
            (tr("Letter"), detail.reference_letter or "-"),
        ]
        if detail.work_order:
            rows.append((tr("Work order"), detail.work_order))
        if detail.window is not None:
            rows.append((tr("Window"), detail.window.text()))
        if review.holder is not None:
            rows.append((tr("Pass"), f"{review.holder.number} · "
                         f"{short_date(review.holder.valid_until)}"))
        if summary.badge_number is not None:
            rows.append((tr("Badge"), str(summary.badge_number)))
        if summary.escort_name:
            rows.append((tr("Escort"), summary.escort_name))
        for card in detail.id_cards:
            held = tr("held at the desk") if card.returned_at is None else tr("returned")
            rows.append((tr("ID card"), f"{tr(ID_TYPE_LABELS[card.id_type])} · {held}"
                         + (f" · {card.mismatch_note}" if card.mismatch_note else "")))
        if summary.entered_at:
            rows.append((tr("Entered"), time_text(summary.entered_at)))
        if detail.refusal_reason:
            rows.append((tr("Refused"), detail.refusal_reason))
        if detail.deny_override_reason:
            rows.append((tr("Override"), detail.deny_override_reason))
        if detail.window_override_reason:
            rows.append((tr("Outside the window"), detail.window_override_reason))
        for name, text in rows:
            form.addRow(PlainLabel(name), _value(text))
        # Above the details, not beside them: the panel is narrow at 1280x800.
        layout.addWidget(photo_label(detail), 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self._section(tr("Devices carried in ({count})",
                                          count=summary.device_count)))
        serial_label = tr("SN")
        for device in detail.devices:
            line = f"{device.kind} · {device.brand_model} · {serial_label} {device.serial}"
            if not device.carried_in:
                line += " · " + tr("not carried in")
            layout.addWidget(_value(line))
        if not detail.devices:
            layout.addWidget(_value(tr("No devices.")))
        self._add_checklist(layout, review)
        layout.addWidget(self._section(tr("Earlier visits ({count})",
                                          count=len(review.history))))
        for earlier in review.history[:5]:
            layout.addWidget(_value(f"{short_datetime_text(earlier.submitted_at)} · "
                                    f"{purpose_label(self._settings, earlier.purpose_key)} · "
                                    f"{tr(STATE_LABELS[earlier.state])}"))
        if not review.history:
            layout.addWidget(_value(tr("First visit.")))
        layout.addWidget(_picture(detail.signature_png, tr("No signature")))
        layout.addStretch(1)
        self.setWidget(body)

    def _section(self, text: str) -> QLabel:
        label = PlainLabel(text)
        label.setProperty("role", "section")
        return label

    def _banners(self, review: Review) -> list[QFrame]:
        banners = []
        if review.deny is not None:
            banners.append(_banner("banner-danger", "deny-banner",
                                   tr("On the deny list: {reason}. Only a supervisor may let "
                                      "this person in, with a reason.",
                                      reason=review.deny.reason)))
        for match in review.possible:
            banners.append(_banner("banner-warning", "possible-deny-banner",
                                   possible_match_text(match)))
        if review.nik is not None:
            sex = tr("female") if review.nik.sex is Sex.FEMALE else tr("male")
            banners.append(_banner("banner-ok", "nik-banner",
                                   tr("NIK is well-formed: born {date}, {sex}.",
                                      date=short_date(review.nik.birth_date),
                                      sex=sex)))
        elif review.nik_problem is not None:
            banners.append(_banner("banner-warning", "nik-banner",
                                   tr("NIK problem: {problem}",
                                      problem=review.nik_problem.text())))
        return banners

    def _add_checklist(self, layout: QVBoxLayout, review: Review) -> None:
        detail = review.detail
        checklist = checklists.checklist_for(self._settings, detail.summary.purpose_key)
        if checklist is None or detail.checklist is None:
            return
        layout.addWidget(self._section(checklist.title()))
        for label, answer in checklists.answer_lines(checklist, detail.checklist):
            layout.addWidget(_value(f"{label}: {answer}"))


def possible_match_text(match: PossibleMatch) -> str:
    """Why a possible deny-list match fired, and what the operator does about it."""
    return tr("Possible deny-list match. {why} Reason on the list: {reason}. Compare the ID "
              "card and the face before approving.", why=match.text(), reason=match.entry.reason)


def _banner(role: str, name: str, text: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    frame.setProperty("role", role)
    inner = QVBoxLayout(frame)
    inner.setContentsMargins(12, 8, 12, 8)
    label = PlainLabel()
    label.setWordWrap(True)
    set_message(label, text, "label")
    inner.addWidget(label)
    return frame
