"""The CSV import and the report export pick a file or a folder and cannot rename, delete
or make anything: Qt's dialog opens read-only, on the removable drives or the home folder,
and turns back when someone leaves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileSystemModel,
    QListView,
    QMenu,
    QToolButton,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from kiosk.domain.clock import today
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.supervisor.reports_page import ReportsScreen
from kiosk.ui.widgets import file_picker
from kiosk.ui.widgets.file_picker import StaffFileDialog, staff_places
from tests.support.factories import Team

Start = Callable[..., OperatorConsole]
WAIT = 15_000
CSV = ("nama;nik;instansi;keperluan;tanggal;pic\n"
       "Joko Permana;6171011203880002;PT Khatulistiwa Net;repair;{day};"
       "Seksi Jaringan dan Data Center\n")
WRITING = {"qt_rename_action", "qt_delete_action", "qt_new_folder_action"}
#: The context menu is a popup; the offscreen platform says it cannot raise or grab for it.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def run_dialog(qtbot: QtBot, open_it: Callable[[], object],
               act: Callable[[StaffFileDialog], None]) -> None:
    """Open a dialog that runs its own event loop and ``act`` on it from inside that loop
    (``act`` accepts or rejects it)."""
    done: list[bool] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StaffFileDialog) or not dialog.isVisible():
            QTimer.singleShot(20, inside)
            return
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()
            done.append(True)

    QTimer.singleShot(0, inside)
    open_it()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)


def file_index(qtbot: QtBot, dialog: StaffFileDialog, path: Path
               ) -> tuple[QAbstractItemView, QModelIndex]:
    """The list (or detail) view the dialog shows, and ``path``'s entry in it."""
    view = next(v for v in (dialog.findChild(QListView, "listView"),
                            dialog.findChild(QTreeView, "treeView"))
                if v is not None and v.isVisible())
    model = view.model()
    assert isinstance(model, QFileSystemModel)
    qtbot.waitUntil(lambda: model.index(str(path)).isValid()
                    and view.visualRect(model.index(str(path))).isValid(), timeout=WAIT)
    return view, model.index(str(path))


def assert_cannot_write(qtbot: QtBot, dialog: StaffFileDialog, path: Path) -> None:
    """No way to change the disk: read-only, no New Folder button, nothing in the context
    menu that renames, deletes or makes a folder, and no rename by editing a name."""
    assert dialog.testOption(StaffFileDialog.Option.ReadOnly)
    assert dialog.testOption(StaffFileDialog.Option.DontUseNativeDialog)
    new_folder = dialog.findChild(QToolButton, "newFolderButton")
    assert new_folder is not None and not new_folder.isVisible() \
        and not new_folder.isEnabled()
    view, index = file_index(qtbot, dialog, path)
    model = view.model()
    assert isinstance(model, QFileSystemModel) and model.isReadOnly()
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    qtbot.waitUntil(lambda: any(m.isVisible() for m in view.findChildren(QMenu)),
                    timeout=WAIT)
    menu = next(m for m in view.findChildren(QMenu) if m.isVisible())
    offered = {a.objectName(): a.isEnabled() for a in menu.actions() if a.isVisible()}
    menu.close()
    assert "qt_new_folder_action" not in offered
    assert not [name for name, enabled in offered.items() if name in WRITING and enabled], \
        offered
    assert {"qt_rename_action", "qt_delete_action"} <= set(offered)  # shown, greyed out


def visible(folder: Path) -> list[str]:
    """What a person sees in a folder (Qt keeps its dialog's settings in ~/.config)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, and no removable drive plugged in."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setattr(file_picker, "removable_drives", list)
    return folder


def test_removable_drives_are_the_mounts_under_media_and_mnt() -> None:
    for drive in file_picker.removable_drives():
        assert drive.parent != drive  # never a whole disk's root on Linux
        assert any(base in drive.parents for base in file_picker.REMOVABLE_ROOTS)


def test_the_import_reads_a_file_and_can_change_nothing(
        qtbot: QtBot, team: Team, console_for: Start, home: Path) -> None:
    console = console_for(team.supervisor)
    page = console.preregistration
    csv = home / "undangan.csv"
    csv.write_text(CSV.format(day=f"{today() + dt.timedelta(days=1):%d/%m/%Y}"),
                   encoding="utf-8")
    before = visible(home)

    def look_and_cancel(dialog: StaffFileDialog) -> None:
        assert Path(dialog.directory().absolutePath()) == home
        assert staff_places() == [home]
        assert_cannot_write(qtbot, dialog, csv)
        up = dialog.findChild(QToolButton, "toParentButton")
        assert up is not None
        up.click()  # out of the home folder: the dialog goes back to its places
        assert dialog.allowed(dialog.directory().absolutePath())
        dialog.selectFile("/etc/passwd")  # typed elsewhere: not accepted
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.allowed(dialog.directory().absolutePath())

    run_dialog(qtbot, page.import_button.click, look_and_cancel)

    def choose(dialog: StaffFileDialog) -> None:
        dialog.setDirectory(str(home))
        dialog.selectFile(str(csv))
        dialog.accept()

    run_dialog(qtbot, page.import_button.click, choose)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert page.model.record(0).full_name == "Joko Permana"
    assert visible(home) == before


def test_the_export_writes_into_the_chosen_folder_only(
        qtbot: QtBot, team: Team, console_for: Start, home: Path) -> None:
    console = console_for(team.supervisor)
    screen = next(console.tabs.widget(i) for i in range(console.tabs.count())
                  if isinstance(console.tabs.widget(i), ReportsScreen))
    assert isinstance(screen, ReportsScreen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.page_count() > 0, timeout=20_000)
    stick = home / "FLASHDISK"
    stick.mkdir()
    (stick / "catatan.txt").write_text("milik orang lain", encoding="utf-8")

    def choose(dialog: StaffFileDialog) -> None:
        assert_cannot_write(qtbot, dialog, stick)
        dialog.setDirectory(str(home))
        dialog.selectFile(str(stick))
        dialog.accept()

    run_dialog(qtbot, screen._choose_folder, choose)
    qtbot.waitUntil(lambda: "Disimpan" in screen.status_text(), timeout=WAIT)
    names = sorted(p.name for p in stick.iterdir())
    assert "catatan.txt" in names
    assert {Path(n).suffix for n in names} == {".txt", ".pdf", ".csv"}
    assert visible(home) == ["FLASHDISK"]
