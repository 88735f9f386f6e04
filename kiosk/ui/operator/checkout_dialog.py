"""Check-out (SOP step 6): every device accounted for, badge and ID card back, exit time.

Each device carried in is confirmed by scanning (or typing) its serial, or by choosing
what happened to it; anything other than "carried out" needs a note. A serial that is
not on the list is recorded as a device carried out that was not carried in. The
technician's maintenance checklist comes from data (``assets/checklists.toml``).

At the day's end the same dialog records a *late* check-out: the operator gives the real
exit time (neither in the future nor before the entry; the service checks both) and says
why it is recorded late. Everything else is checked as at any exit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import checklists
from kiosk.domain.clock import local, site_timezone, utcnow
from kiosk.domain.records import DeviceRecord, VisitDetail, VisitSummary
from kiosk.domain.types import ID_TYPE_LABELS, DeviceExit
from kiosk.domain.validation import DeviceInput
from kiosk.i18n import N_, ptr, tr
from kiosk.services import exits
from kiosk.services.actors import Actor
from kiosk.services.checkout import CheckOut, DeviceCheck, ExtraDevice
from kiosk.ui.context import AppContext
from kiosk.ui.operator.checklist_form import ChecklistForm
from kiosk.ui.operator.common import error_label, set_message, show_error
from kiosk.ui.operator.scan_field import ScanField
from kiosk.ui.ops import run_op
from kiosk.ui.widgets.plain import PlainLabel

EXIT_CHOICES = ((DeviceExit.PENDING, N_("Not checked yet")),
                (DeviceExit.CARRIED_OUT, N_("Carried out")),
                (DeviceExit.MISSING, N_("Missing")),
                (DeviceExit.LEFT_INSIDE, N_("Stays in the server room")),
                (DeviceExit.MISMATCH, N_("Different serial")))


@dataclass
class _DeviceRow:
    device: DeviceRecord
    state: QComboBox
    serial: QLineEdit
    note: QLineEdit


@dataclass
class _ExtraRow:
    kind: QLineEdit
    model: QLineEdit
    serial: QLineEdit
    note: QLineEdit


class CheckoutDialog(QDialog):
    def __init__(self, ctx: AppContext, actor: Actor, detail: VisitDetail,
                 parent: QWidget | None = None, late: bool = False) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._detail = ctx, actor, detail
        self.result_summary: VisitSummary | None = None
        summary = detail.summary
        self.setWindowTitle(ptr("operator action", "Check out"))
        self.setMinimumSize(980, 760)
        outer = QVBoxLayout(self)
        heading = PlainLabel(tr("Late check-out: {name}", name=summary.full_name) if late
                         else tr("Check out: {name}", name=summary.full_name))
        heading.setProperty("role", "heading")
        outer.addWidget(heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.left_at: QDateTimeEdit | None = None
        self.late_reason: QLineEdit | None = None
        if late:
            self._late_fields(layout, summary)

        layout.addWidget(self._section(tr("Devices carried in")))
        self.scan = ScanField()
        self.scan.setObjectName("serial-scan")
        self.scan.setPlaceholderText(tr("Scan or type each device's serial + Enter"))
        self.scan.scanned.connect(self._serial_scanned)
        layout.addWidget(self.scan)
        self.scan_message = PlainLabel()
        self.scan_message.setObjectName("scan-message")
        self.scan_message.setWordWrap(True)
        self.scan_message.setVisible(False)
        layout.addWidget(self.scan_message)
        grid = QGridLayout()
        self._rows: list[_DeviceRow] = []
        for line, device in enumerate(d for d in detail.devices if d.carried_in):
            self._rows.append(self._device_row(grid, line, device))
        if not self._rows:
            grid.addWidget(PlainLabel(tr("No devices were carried in.")), 0, 0)
        layout.addLayout(grid)

        layout.addWidget(self._section(tr("Carried out, not carried in")))
        self._extra_grid = QGridLayout()
        self._extras: list[_ExtraRow] = []
        layout.addLayout(self._extra_grid)
        add_extra = QPushButton(tr("Add a device"))
        add_extra.setObjectName("add-extra")
        add_extra.clicked.connect(lambda: self._add_extra(""))
        layout.addWidget(add_extra)

        layout.addWidget(self._section(tr("Badge and ID card")))
        self.badge_returned = QCheckBox(tr("Badge {number} returned",
                                           number=summary.badge_number or "-"))
        self.badge_returned.setObjectName("badge-returned")
        self.badge_lost = QLineEdit()
        self.badge_lost.setObjectName("badge-lost-reason")
        self.badge_lost.setPlaceholderText(tr("If the badge was not returned: why (it will be "
                                              "retired)"))
        self.badge_returned.toggled.connect(lambda on: self.badge_lost.setEnabled(not on))
        layout.addWidget(self.badge_returned)
        layout.addWidget(self.badge_lost)
        cards = ", ".join(tr(ID_TYPE_LABELS[c.id_type]) for c in detail.id_cards
                          if c.returned_at is None) or "-"
        self.id_returned = QCheckBox(tr("ID card given back to the visitor ({cards})",
                                        cards=cards))
        self.id_returned.setObjectName("id-returned")
        layout.addWidget(self.id_returned)

        self.checklist_form: ChecklistForm | None = None
        checklist = checklists.checklist_for(ctx.settings, summary.purpose_key)
        if checklist is not None:
            layout.addWidget(self._section(checklist.title()))
            self.checklist_form = ChecklistForm(checklist)
            layout.addWidget(self.checklist_form)
        self.problem = QCheckBox(tr("A problem was found"))
        self.problem.setObjectName("problem-found")
        layout.addWidget(self.problem)
        self.note = QPlainTextEdit()
        self.note.setObjectName("checkout-note")
        self.note.setPlaceholderText(tr("Notes (optional)"))
        self.note.setFixedHeight(80)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.error = error_label()
        self.error.setObjectName("checkout-error")
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(tr("Back"))
        back.clicked.connect(self.reject)
        self.confirm = QPushButton(tr("Confirm check-out"))
        self.confirm.setObjectName("check-out")
        self.confirm.setProperty("role", "primary")
        self.confirm.clicked.connect(self._check_out)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        outer.addLayout(buttons)
        self.scan.setFocus()

    def _late_fields(self, layout: QVBoxLayout, summary: VisitSummary) -> None:
        """When the visitor really left (site time) and why it is recorded only now."""
        layout.addWidget(self._section(tr("When the visitor left")))
        now = utcnow()
        guess = min(now, (summary.entered_at or now)
                    + dt.timedelta(minutes=summary.planned_minutes))
        self.left_at = QDateTimeEdit(_qt_local(guess))
        self.left_at.setObjectName("left-at")
        self.left_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.left_at.setCalendarPopup(True)
        if summary.entered_at is not None:
            self.left_at.setMinimumDateTime(_qt_local(summary.entered_at))
        self.left_at.setMaximumDateTime(_qt_local(now))
        layout.addWidget(self.left_at)
        self.late_reason = QLineEdit()
        self.late_reason.setObjectName("late-reason")
        self.late_reason.setPlaceholderText(
            tr("Why it is recorded late, and who says when they left (needed)"))
        layout.addWidget(self.late_reason)

    def _section(self, text: str) -> QLabel:
        label = PlainLabel(text)
        label.setProperty("role", "section")
        return label

    def _device_row(self, grid: QGridLayout, line: int, device: DeviceRecord) -> _DeviceRow:
        serial_label = tr("SN")
        grid.addWidget(PlainLabel(f"{device.kind} · {device.brand_model}\n{serial_label} "
                              f"{device.serial}"), line, 0)
        state = QComboBox()
        state.setObjectName(f"device-state-{device.id}")
        for value, label in EXIT_CHOICES:
            state.addItem(tr(label), value.value)
        serial = QLineEdit()
        serial.setObjectName(f"device-serial-{device.id}")
        serial.setPlaceholderText(tr("Serial seen"))
        serial.setVisible(False)
        note = QLineEdit()
        note.setObjectName(f"device-note-{device.id}")
        note.setPlaceholderText(tr("Note (needed unless carried out)"))
        state.currentIndexChanged.connect(
            lambda _i: serial.setVisible(state.currentData() == DeviceExit.MISMATCH.value))
        grid.addWidget(state, line, 1)
        grid.addWidget(serial, line, 2)
        grid.addWidget(note, line, 3)
        grid.setColumnStretch(3, 1)
        return _DeviceRow(device, state, serial, note)

    def _add_extra(self, serial: str) -> _ExtraRow:
        line = len(self._extras)
        fields: list[QLineEdit] = []
        for placeholder, text in ((tr("Kind (e.g. Laptop)"), ""), (tr("Brand / model"), ""),
                                  (tr("Serial"), serial), (tr("Why it leaves (needed)"), "")):
            field = QLineEdit(text)
            field.setPlaceholderText(placeholder)
            self._extra_grid.addWidget(field, line, len(fields))
            fields.append(field)
        row = _ExtraRow(*fields)
        row.note.setObjectName(f"extra-note-{line}")
        row.kind.setObjectName(f"extra-kind-{line}")
        self._extras.append(row)
        return row

    def _serial_scanned(self, text: str) -> None:
        device = exits.match_device([r.device for r in self._rows], text)
        if device is not None:
            row = next(r for r in self._rows if r.device.id == device.id)
            row.state.setCurrentIndex(row.state.findData(DeviceExit.CARRIED_OUT.value))
            set_message(self.scan_message, tr("{serial}: carried out.", serial=device.serial),
                        "ok")
            return
        row_extra = self._add_extra(text)
        row_extra.kind.setFocus()
        set_message(self.scan_message,
                    tr("{serial} was not carried in. It is added below as a device carried "
                       "out; say what it is and why it leaves.", serial=text), "warn")

    def _data(self) -> CheckOut:
        checks = tuple(
            DeviceCheck(row.device.id, DeviceExit(row.state.currentData()),
                        row.serial.text()
                        if row.state.currentData() == DeviceExit.MISMATCH.value else "",
                        row.note.text())
            for row in self._rows)
        extras = tuple(
            ExtraDevice(DeviceInput(e.kind.text(), e.model.text(), e.serial.text()),
                        e.note.text())
            for e in self._extras if any(f.text().strip() for f in (e.kind, e.model, e.serial)))
        return CheckOut(
            devices=checks, badge_returned=self.badge_returned.isChecked(),
            id_card_returned=self.id_returned.isChecked(), extra_devices=extras,
            badge_lost_reason="" if self.badge_returned.isChecked() else self.badge_lost.text(),
            checklist=self.checklist_form.answers() if self.checklist_form else None,
            problem_found=self.problem.isChecked(), note=self.note.toPlainText(),
            left_at=_site_time(self.left_at) if self.left_at is not None else None,
            late_reason=self.late_reason.text() if self.late_reason is not None else "")

    def _check_out(self) -> None:
        ctx, actor, summary = self._ctx, self._actor, self._detail.summary
        data = self._data()
        self.confirm.setEnabled(False)
        show_error(self.error, None)
        run_op(self, lambda: exits.finish_visit(ctx.db, ctx.settings, actor, summary.id,
                                                summary.version, data),
               self._done, self._failed)

    def _done(self, summary: VisitSummary) -> None:
        self.result_summary = summary
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        show_error(self.error, exc)


def _qt_local(moment: dt.datetime) -> QDateTime:
    """A moment as the wall clock of the site shows it (not the machine's time zone)."""
    here = local(moment)
    return QDateTime(QDate(here.year, here.month, here.day),
                     QTime(here.hour, here.minute))


def _site_time(edit: QDateTimeEdit) -> dt.datetime:
    date, time = edit.date(), edit.time()
    return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                       tzinfo=site_timezone())
