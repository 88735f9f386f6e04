"""Pre-registration: expected visits, one by one or from a CSV file, each with an
invitation QR for its day or for the window of its work order (printed or saved as PDF)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import chosen_printer
from kiosk.domain.clock import today
from kiosk.domain.records import InvitationRecord
from kiosk.domain.types import ID_TYPE_LABELS, IdType
from kiosk.formats import short_date
from kiosk.i18n import N_, ntr, tr
from kiosk.services import invitations, paperwork
from kiosk.services.actors import Actor
from kiosk.services.invitations import ImportReport, InvitationInput
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import (
    error_text,
    moment_editor,
    moment_value,
    purpose_label,
    set_message,
)
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op, run_render
from kiosk.ui.printing import PrintQueue
from kiosk.ui.widgets.file_picker import StaffFileDialog
from kiosk.ui.widgets.plain import PlainLabel


class PreregistrationPage(QWidget):
    def __init__(self, ctx: AppContext, print_queue: PrintQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._print_queue = print_queue
        self.actor: Actor | None = None
        settings = ctx.settings
        self.model: RecordTableModel[InvitationRecord] = RecordTableModel(
            [Column(N_("Date"), lambda r: r.window.text() if r.window
                    else short_date(r.valid_on)),
             Column(N_("Name"), lambda r: r.full_name, elide=True),
             Column(N_("Organisation"), lambda r: r.organisation, elide=True),
             Column(N_("Purpose"), lambda r: purpose_label(settings, r.purpose_key)),
             Column(N_("PIC"), lambda r: r.pic),
             Column(N_("Work order"), lambda r: r.work_order),
             Column(N_("Status"), lambda r: tr(r.status))],
            key=lambda r: r.id,
            mark=lambda r: Mark.MUTED if r.cancelled_at or r.used_by_visit_id else Mark.NONE)
        self.table: RecordTable[InvitationRecord] = RecordTable(self.model)
        self.table.setObjectName("invitations-table")
        self.table.chosen.connect(lambda _r: self._update_actions())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton()
        self.print_button.setObjectName("print-invitation")
        self.print_button.clicked.connect(self._print)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel-invitation")
        self.cancel_button.clicked.connect(self._cancel)
        self.import_button = QPushButton()
        self.import_button.setObjectName("import-csv")
        self.import_button.clicked.connect(self._import)
        row.addWidget(self.print_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        left_layout.addLayout(row)
        self.report = QPlainTextEdit()
        self.report.setObjectName("import-report")
        self.report.setReadOnly(True)
        self.report.setVisible(False)
        self.report.setMaximumHeight(180)
        left_layout.addWidget(self.report)

        right = QWidget()
        form_layout = QVBoxLayout(right)
        self.form_title = PlainLabel()
        self.form_title.setProperty("role", "section")
        form_layout.addWidget(self.form_title)
        form = QFormLayout()
        self.name = QLineEdit()
        self.id_type = QComboBox()
        for kind in IdType:
            self.id_type.addItem(tr(ID_TYPE_LABELS[kind]), kind.value)
        self.id_number = QLineEdit()
        self.organisation = QLineEdit()
        self.phone = QLineEdit()
        self.purpose = QComboBox()
        for purpose in settings.purposes:
            self.purpose.addItem(tr(purpose.label), purpose.key)
        self.purpose_text = QLineEdit()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.pic = QLineEdit()
        self.work_order = QLineEdit()
        self.work_order.setMaxLength(120)
        self.has_window = QCheckBox()
        self.has_window.toggled.connect(self._window_toggled)
        self.window_from = moment_editor("inv-window-from")
        self.window_to = moment_editor("inv-window-to", hours_ahead=9)
        self._labels: list[tuple[QLabel, str]] = []
        for name, source, field in (
                ("inv-name", N_("Name"), self.name), ("inv-id-type", N_("ID type"), self.id_type),
                ("inv-nik", N_("NIK / ID number"), self.id_number),
                ("inv-organisation", N_("Organisation"), self.organisation),
                ("inv-phone", N_("Phone"), self.phone),
                ("inv-purpose", N_("Purpose"), self.purpose),
                ("inv-purpose-text", N_("Purpose details"), self.purpose_text),
                ("inv-date", N_("Date"), self.date), ("inv-pic", N_("PIC"), self.pic),
                ("inv-work-order", N_("Work order"), self.work_order),
                ("inv-has-window", N_("Window"), self.has_window)):
            field.setObjectName(name)
            label = PlainLabel()
            self._labels.append((label, source))
            form.addRow(label, field)
        form.addRow(PlainLabel(), self.window_from)
        form.addRow(PlainLabel(), self.window_to)
        form_layout.addLayout(form)
        self.message = PlainLabel()
        self.message.setObjectName("invitation-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        form_layout.addWidget(self.message)
        self.create_button = QPushButton()
        self.create_button.setObjectName("create-invitation")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self._create)
        form_layout.addWidget(self.create_button)
        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(right)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._reset_form()
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.form_title.setText(tr("Expect a visitor"))
        for label, source in self._labels:
            label.setText(tr(source))
        for index, kind in enumerate(IdType):
            self.id_type.setItemText(index, tr(ID_TYPE_LABELS[kind]))
        for index, purpose in enumerate(self._ctx.settings.purposes):
            self.purpose.setItemText(index, tr(purpose.label))
        self.has_window.setText(tr("Entry only from … to …"))
        self.create_button.setText(tr("Create invitation"))
        self.print_button.setText(tr("Print invitation"))
        self.cancel_button.setText(tr("Cancel invitation"))
        self.import_button.setText(tr("Import CSV…"))
        self.model.retranslate()

    def _window_toggled(self, on: bool) -> None:
        self.window_from.setEnabled(on)
        self.window_to.setEnabled(on)
        self.date.setEnabled(not on)

    def _reset_form(self) -> None:
        for field in (self.name, self.id_number, self.organisation, self.phone,
                      self.purpose_text, self.pic, self.work_order):
            field.clear()
        self.has_window.setChecked(False)
        self._window_toggled(False)
        day = today()
        self.date.setDate(QDate(day.year, day.month, day.day))

    def refresh(self) -> None:
        run_op(self, lambda: invitations.list_invitations(self._ctx.db), self.model.set_rows,
               lambda exc: set_message(self.message, error_text(exc)))

    def _update_actions(self) -> None:
        record = self.table.current()
        open_ = (record is not None and record.cancelled_at is None
                 and record.used_by_visit_id is None)
        self.print_button.setEnabled(open_)
        self.cancel_button.setEnabled(open_)

    def _create(self) -> None:
        actor = self.actor
        if actor is None:
            return
        chosen = self.date.date()
        data = InvitationInput(
            full_name=self.name.text(), id_number=self.id_number.text(),
            organisation=self.organisation.text(), purpose_key=str(self.purpose.currentData()),
            pic=self.pic.text(), valid_on=f"{chosen.year():04d}-{chosen.month():02d}-"
                                          f"{chosen.day():02d}",
            id_type=str(self.id_type.currentData()), phone=self.phone.text(),
            purpose_text=self.purpose_text.text(), work_order=self.work_order.text(),
            window_start=moment_value(self.window_from) if self.has_window.isChecked() else "",
            window_end=moment_value(self.window_to) if self.has_window.isChecked() else "")
        ctx = self._ctx
        run_op(self, lambda: invitations.create_invitation(ctx.db, ctx.settings, actor, data),
               self._created, lambda exc: set_message(self.message, error_text(exc)))

    def _created(self, record: InvitationRecord) -> None:
        set_message(self.message, tr("Invitation for {name} on {date} created. Print it or "
                                     "send the PDF.", name=record.full_name,
                                     date=record.window.text() if record.window
                                     else short_date(record.valid_on)), "ok")
        self._reset_form()
        self.refresh()
        self._paper(record, self._saved)

    def _print(self) -> None:
        record = self.table.current()
        if record is not None:
            self._paper(record, self._send)

    def _paper(self, record: InvitationRecord, then: Callable[[Path], None]) -> None:
        ctx = self._ctx
        run_render(self, lambda: paperwork.invitation(ctx.settings, ctx.token_secret, record), then,
               lambda exc: set_message(self.message, error_text(exc)))

    def _saved(self, path: Path) -> None:
        set_message(self.message, tr("Invitation saved at {path}.", path=str(path)), "ok")

    def _send(self, path: Path) -> None:
        self._print_queue.submit(path, chosen_printer(self._ctx.settings), N_("Invitation"))
        set_message(self.message, tr("Invitation sent to the printer; a copy is kept at "
                                     "{path}.", path=str(path)), "ok")

    def _cancel(self) -> None:
        record, actor = self.table.current(), self.actor
        if record is None or actor is None:
            return
        run_op(self, lambda: invitations.cancel_invitation(self._ctx.db, actor, record.id),
               lambda _r: self.refresh(), lambda exc: set_message(self.message, error_text(exc)))

    def _import(self) -> None:
        path = StaffFileDialog(self, tr("Import CSV…"), folder=False,
                               name_filter=tr("CSV files (*.csv)")).chosen()
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        actor, ctx = self.actor, self._ctx
        if actor is None:
            return

        run_op(self, lambda: invitations.import_csv_file(ctx.db, ctx.settings, actor, path),
               self._imported, self._import_failed)

    def _imported(self, report: ImportReport) -> None:
        self.report.setVisible(True)
        if report.ok:
            self.report.setPlainText(ntr("{count} invitation created.",
                                         "{count} invitations created.", len(report.created)))
            self.refresh()
            return
        lines = [tr("Nothing was imported. Fix these rows and import the file again:")]
        lines += [tr("Line {line}, {field}: {problem}", line=e.line,
                     field=tr(invitations.field_label(e.field)), problem=e.text())
                  for e in report.errors]
        self.report.setPlainText("\n".join(lines))

    def _import_failed(self, exc: Exception) -> None:
        self.report.setVisible(True)
        self.report.setPlainText(error_text(exc))
