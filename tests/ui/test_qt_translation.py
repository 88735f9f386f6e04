"""Qt's own strings in the kiosk's language: standard buttons, the start-up failure box,
text context menus, the file dialog and calendar month names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QTimer, QTranslator
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.i18n import lookup, set_language
from kiosk.ui.app import make_application, run_app
from kiosk.ui.language import language
from kiosk.ui.qt_translation import QT_MESSAGES
from kiosk.ui.startup_problem import StartupProblem

#: Qt's English labels for its standard buttons.
ENGLISH_BUTTONS = {
    "OK", "Cancel", "Retry", "Close", "Yes", "No", "Abort", "Ignore", "Save", "Open", "Apply",
    "Reset", "Help", "Discard", "Save All", "Yes to All", "No to All", "Restore Defaults",
}
MENU_WARNINGS = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> Iterator[None]:
    make_application([])  # installs the translator, as the kiosk does at start
    yield
    language().switch("id")


def plain(text: str) -> str:
    """A label as read, without the accelerator mark and the shortcut column."""
    return text.split("\t")[0].replace("&", "")


def test_every_standard_button_speaks_indonesian(qtbot: QtBot) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton(0xFFFFF00))  # every standard one
    qtbot.addWidget(box)
    labels = [plain(b.text()) for b in box.buttons()]
    assert len(labels) == 18
    assert not set(labels) & ENGLISH_BUTTONS, labels
    assert {"Baik", "Batal", "Coba lagi", "Tutup", "Ya", "Tidak", "Buka", "Simpan"} <= set(labels)


def test_the_buttons_follow_the_language(qtbot: QtBot) -> None:
    language().switch("en")
    box = QMessageBox(QMessageBox.Icon.Critical, "", "",
                      QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["Close", "Retry"]


def test_the_start_up_failure_offers_retry_and_close_in_indonesian(
        qtbot: QtBot, tmp_path: Path) -> None:
    """app.py's page when the database is away: shown twice, "Coba lagi" then "Tutup"."""
    settings = Settings(data_dir=tmp_path / "data",
                        database_url="postgresql+psycopg://nobody@127.0.0.1:1/pintu")
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        pages = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, StartupProblem) and w.isVisible()]
        if not pages:
            QTimer.singleShot(20, answer)
            return
        page = pages[0]
        seen.append((page.windowTitle(), [page.retry.text(), page.close_button.text()]))
        if len(seen) == 1:
            page.retry.click()
            QTimer.singleShot(20, answer)
        else:
            page.close_button.click()

    QTimer.singleShot(0, answer)
    assert run_app(settings) == 1
    assert seen == [("Pintu tidak dapat dimulai", ["Coba lagi", "Tutup"])] * 2


def test_text_field_menus_speak_indonesian(qtbot: QtBot) -> None:
    for field in (QLineEdit("Budi"), QPlainTextEdit("Budi")):
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        labels = [plain(a.text()) for a in menu.actions() if a.text()]
        assert labels == ["Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus",
                          "Pilih Semua"], labels


@MENU_WARNINGS
def test_a_spin_box_menu_speaks_indonesian(qtbot: QtBot) -> None:
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.show()
    labels: list[str] = []

    def read_menu() -> None:
        menu = next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMenu) and w.isVisible()), None)
        if menu is None:
            QTimer.singleShot(20, read_menu)
            return
        labels.extend(plain(a.text()) for a in menu.actions() if a.text())
        menu.close()

    QTimer.singleShot(0, read_menu)
    QApplication.sendEvent(spin, QContextMenuEvent(QContextMenuEvent.Reason.Mouse,
                                                   QPoint(5, 5), spin.mapToGlobal(QPoint(5, 5))))
    qtbot.waitUntil(lambda: bool(labels))
    assert labels[-3:] == ["Pilih Semua", "Naikkan", "Turunkan"], labels


def _months(calendar: QCalendarWidget) -> list[str]:
    chooser = next(b for b in calendar.findChildren(QToolButton) if b.menu() is not None)
    return [a.text() for a in chooser.menu().actions()]


def test_calendar_month_names_follow_the_language(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    edit = QDateEdit(QDate(2026, 5, 4))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    QVBoxLayout(window).addWidget(edit)
    window.show()
    assert _months(edit.calendarWidget())[:5] == ["Januari", "Februari", "Maret", "April",
                                                  "Mei"]
    language().switch("en")  # the open window follows
    assert _months(edit.calendarWidget())[4] == "May"
    assert edit.text() == "04/05/2026"  # the field's own format does not change


class _Recorder(QTranslator):
    """Notes every string Qt looks up and answers none (the next translator does)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        self.asked.add((context, source_text))
        return None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


@MENU_WARNINGS
def test_every_string_qt_shows_in_the_kiosks_dialogs_is_translated(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    """Record what Qt asks for while it builds each kind of dialog and menu the kiosk
    shows; every string of those Qt classes must be in QT_MESSAGES and translated, so a Qt
    upgrade that adds one is noticed here."""
    recorder = _Recorder()
    qapp.installTranslator(recorder)
    try:
        (tmp_path / "tamu.csv").write_text("nama\n", encoding="utf-8")
        box = QMessageBox(QMessageBox.Icon.Warning, "", "", QMessageBox.StandardButton(0xFFFFF00))
        pin = QInputDialog()
        pin.setTextEchoMode(QLineEdit.EchoMode.Password)
        import_csv = QFileDialog(None, "", str(tmp_path), "CSV (*.csv)")
        folder = QFileDialog(None, "", str(tmp_path))
        folder.setFileMode(QFileDialog.FileMode.Directory)
        folder.setOption(QFileDialog.Option.ShowDirsOnly)
        for dialog in (box, pin, import_csv, folder):
            if isinstance(dialog, QFileDialog):
                dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            qtbot.addWidget(dialog)
            dialog.show()
        for field in (QLineEdit("x"), QPlainTextEdit("x")):
            qtbot.addWidget(field)
            field.createStandardContextMenu()
        qtbot.waitUntil(lambda: ("QFileSystemModel", "Name") in recorder.asked)
    finally:
        qapp.removeTranslator(recorder)
    ours = {m.context for m in QT_MESSAGES}
    key_names = re.compile(r"^(Alt|Ctrl|Shift|Meta)\+")
    asked = {(c, s) for c, s in recorder.asked if c in ours and not key_names.match(s)}
    assert len(asked) > 40
    assert not sorted(asked - {(m.context, m.text) for m in QT_MESSAGES})
    assert not [pair for pair in asked if not lookup(pair[1], "id", pair[0])]
    assert not [b.text() for b in box.findChildren(QAbstractButton)
                if plain(b.text()) in ENGLISH_BUTTONS]


def test_each_language_change_reaches_qt(qtbot: QtBot) -> None:
    set_language("id")
    assert lookup("Cancel", "id", "QPlatformTheme") == "Batal"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    language().switch("en")
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
