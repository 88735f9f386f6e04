"""The messages sent to the people inside (supervisor): the latest ones, each with its state,
what it said, and why it did not go. A failed message can be put back in the queue once the
cause (a wrong password, a server that was away) is fixed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kiosk.domain.notices import NOTICE_LABELS, NoticeKind
from kiosk.domain.records import MESSAGE_STATE_LABELS, MessageRecord, MessageState, visit_number
from kiosk.formats import short_datetime_text, time_text
from kiosk.i18n import N_, tr
from kiosk.services import outbox
from kiosk.services.actors import Actor
from kiosk.ui.context import AppContext
from kiosk.ui.operator.common import error_text, set_message
from kiosk.ui.operator.record_table import RecordTable
from kiosk.ui.operator.table_model import Column, Mark, RecordTableModel
from kiosk.ui.ops import run_op
from kiosk.ui.supervisor.list_and_form import lay_out_list_and_form
from kiosk.ui.widgets.plain import PlainLabel


def _mark(record: MessageRecord) -> Mark:
    """Red for given up, orange for waiting after a failed try."""
    if record.state is MessageState.FAILED:
        return Mark.DANGER
    return Mark.WARNING if record.state is MessageState.WAITING and record.last_error \
        else Mark.NONE


def _event(record: MessageRecord) -> str:
    try:
        return tr(NOTICE_LABELS[NoticeKind(record.event)])
    except ValueError:
        return record.event


def _state(record: MessageRecord) -> str:
    label = tr(MESSAGE_STATE_LABELS[record.state])
    if record.state is MessageState.SENT:
        return f"{label} {short_datetime_text(record.sent_at)}"
    if record.state is MessageState.WAITING and record.attempts:
        return tr("{state}, next try {time}", state=label,
                  time=time_text(record.next_attempt_at))
    return label


class NotificationsPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.actor = ctx, actor
        self.model: RecordTableModel[MessageRecord] = RecordTableModel(
            [Column(N_("Queued"), lambda r: short_datetime_text(r.created_at)),
             Column(N_("Event"), _event),
             Column(N_("Visit"), lambda r: visit_number(r.visit_id) if r.visit_id else "-"),
             Column(N_("To"), lambda r: r.target),
             Column(N_("State"), _state),
             Column(N_("Tries"), lambda r: str(r.attempts)),
             Column(N_("Why not sent"), lambda r: r.last_error or "")],
            key=lambda r: r.id, mark=_mark)
        self.table: RecordTable[MessageRecord] = RecordTable(self.model)
        self.table.setObjectName("messages-table")
        self.table.chosen.connect(self._show)
        actions = QHBoxLayout()
        self.reload = QPushButton()
        self.reload.setObjectName("messages-refresh")
        self.reload.clicked.connect(self.refresh)
        actions.addWidget(self.reload)
        actions.addStretch(1)
        form = QFormLayout()
        self.subject = PlainLabel()
        self.subject.setObjectName("message-subject")
        self.subject.setWordWrap(True)
        self.body = QPlainTextEdit()
        self.body.setObjectName("message-body")
        self.body.setReadOnly(True)
        self.body.setMinimumHeight(260)
        self._labels = [PlainLabel(), PlainLabel()]
        form.addRow(self._labels[0], self.subject)
        form.addRow(self._labels[1], self.body)
        self.again = QPushButton()
        self.again.setObjectName("send-again")
        self.again.setProperty("role", "primary")
        self.again.clicked.connect(self._send_again)
        self.again.setEnabled(False)
        panel = lay_out_list_and_form(self, self.table, actions, form, self.again)
        self.form_title, self.message = panel.title, panel.message
        self.message.setObjectName("messages-message")
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return tr("Notifications")

    def retranslate(self) -> None:
        self.form_title.setText(tr("Message"))
        for label, source in zip(self._labels, (N_("Subject"), N_("Text")), strict=True):
            label.setText(tr(source))
        self.again.setText(tr("Send again"))
        self.reload.setText(tr("Refresh"))
        self.model.retranslate()

    def refresh(self) -> None:
        run_op(self, lambda: outbox.recent_messages(self._ctx.db, self.actor),
               self._loaded, self._failed)

    def _loaded(self, rows: list[MessageRecord]) -> None:
        self.model.set_rows(rows)
        self._show(self.table.current())

    def _show(self, record: MessageRecord | None) -> None:
        self.subject.setText(record.subject if record else "")
        self.body.setPlainText(record.body if record else "")
        self.again.setEnabled(record is not None and record.state is not MessageState.SENT)

    def _failed(self, exc: Exception) -> None:
        set_message(self.message, error_text(exc))

    def _send_again(self) -> None:
        record = self.table.current()
        if record is not None:
            run_op(self, lambda: outbox.send_again(self._ctx.db, self.actor, record.id),
                   self._queued, self._failed)

    def _queued(self, _record: MessageRecord) -> None:
        set_message(self.message, tr("The message is back in the queue; it is sent within a "
                                     "minute."), "ok")
        self.refresh()
