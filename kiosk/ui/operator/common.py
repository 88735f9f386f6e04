"""Small helpers every console screen uses to show purposes and failures the same way
(times and dates: ``kiosk.formats``)."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QLabel

from kiosk.config import Settings
from kiosk.domain.clock import local, site_timezone, utcnow
from kiosk.errors import PintuError
from kiosk.i18n import tr
from kiosk.ui.widgets.plain import PlainLabel
from kiosk.ui.widgets.restyle import set_style_property

log = logging.getLogger(__name__)

def error_text(exc: Exception) -> str:
    """What to tell the person: a rule's or the environment's own message, else a calm
    generic line (the traceback is already in the log)."""
    if isinstance(exc, PintuError):
        return exc.text()
    return tr("Something went wrong; please try again.")


def show_error(label: QLabel, exc: Exception | None) -> None:
    label.setText("" if exc is None else error_text(exc))
    label.setVisible(exc is not None)


def set_message(label: QLabel, text: str, role: str = "error") -> None:
    set_style_property(label, "role", role)
    label.setText(text)
    label.setVisible(bool(text))


def duration_text(delta: dt.timedelta) -> str:
    """A span as the desk says it, read at a glance: "4 m", "2 h", "10 h 33 m" (Indonesian
    "10 j 33 m"). Whole minutes: a form waiting 40 seconds is "0 m", not a ticking clock.
    Words, not "10.33": next to clock times on the same row a span must not read as one."""
    hours, minutes = divmod(max(int(delta.total_seconds() // 60), 0), 60)
    if not hours:
        return tr("{minutes} m", minutes=minutes)
    if not minutes:
        return tr("{hours} h", hours=hours)
    return tr("{hours} h {minutes} m", hours=hours, minutes=minutes)


def over_text(text: str, over: bool) -> str:
    """``text`` with the warning sign when over the standard time: the row's colour says it
    too, but never alone."""
    return f"⚠ {text}" if over else text


def purpose_label(settings: Settings, key: str) -> str:
    purpose = settings.purpose(key)
    return tr(purpose.label) if purpose is not None else key


def error_label() -> QLabel:
    label = PlainLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def moment_editor(name: str, hours_ahead: int = 1) -> QDateTimeEdit:
    """A day and time picker in site time, set to the hour that starts ``hours_ahead``
    from now, showing what work orders print: DD/MM/YYYY HH:MM."""
    here = local(utcnow() + dt.timedelta(hours=hours_ahead))
    editor = QDateTimeEdit(QDateTime(QDate(here.year, here.month, here.day),
                                     QTime(here.hour, 0)))
    editor.setObjectName(name)
    editor.setMinimumWidth(200)
    editor.setCalendarPopup(True)
    editor.setDisplayFormat("dd/MM/yyyy HH:mm")
    return editor


def moment_value(editor: QDateTimeEdit) -> dt.datetime:
    """What the picker shows, as an aware moment in site time (whatever the desk's own
    clock zone)."""
    day, time = editor.date(), editor.time()
    return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                       tzinfo=site_timezone())
