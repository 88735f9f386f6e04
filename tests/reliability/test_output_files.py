"""Every file the command line or the console reads or writes fails with one clear line
and changes nothing: a missing or read-only output folder, a full disk, an unreadable or
wrong import file. Run as the administrator would, in a child process without root's
permission override."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.types import VisitState
from kiosk.errors import FileAccessError
from kiosk.services import invitations
from kiosk.services.archive import archive_visit
from kiosk.services.queries import get_visit
from kiosk.ui.app import make_application
from kiosk.ui.context import AppContext
from kiosk.ui.operator.preregistration_page import PreregistrationPage
from kiosk.ui.printing import PrintQueue
from tests.support.child import WITHOUT_OVERRIDE, pintu
from tests.support.factories import Team, checked_out, make_team


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("out") / "data"
    done = pintu(data, "demo")
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    line = done.stderr.strip()
    assert "Traceback" not in line and line.count("\n") == 0, line
    for word in words:
        assert word in line, line
    return line


def test_report_to_a_missing_or_read_only_folder(demo: Path, tmp_path: Path, locked: Path,
                                                 figures: Any) -> None:
    missing = tmp_path / "not-mounted" / "laporan.pdf"
    _refused(pintu(demo, "--lang", "en", "report", "daily", "--out", str(missing)),
             f"Cannot write {missing}: its folder does not exist.")
    assert not missing.parent.exists()  # never created: it may be an unmounted stick

    pdf, csv = tmp_path / "laporan.pdf", locked / "kunjungan.csv"
    _refused(pintu(demo, "report", "daily", "--out", str(pdf), "--csv", str(csv)),
             f"Tidak dapat menulis {csv}: izin ditolak.")
    assert not pdf.exists()  # the PDF and its CSV are written together or not at all
    assert list(locked.iterdir()) == []

    _refused(pintu(demo, "report", "monthly", "--month", "2026-11", "--out",
                   str(locked / "bulan.pdf")), str(locked / "bulan.pdf"), "izin ditolak")
    assert list(locked.iterdir()) == [] and list(tmp_path.glob("*.pdf")) == []
    figures("output-file refusals", 3)


def test_badge_sheets_to_a_missing_folder_or_a_full_disk(demo: Path, tmp_path: Path,
                                                         figures: Any) -> None:
    before = pintu(demo, "badges", "list").stdout
    missing = tmp_path / "gone" / "kartu.pdf"

    _refused(pintu(demo, "--lang", "en", "badges", "sheet", str(missing)), str(missing),
             "folder does not exist")
    _refused(pintu(demo, "--lang", "en", "badges", "add", "--count", "5", "--sheet",
                   str(missing)), str(missing.parent))
    assert pintu(demo, "badges", "list").stdout == before  # no cards without their sheet

    sheet = tmp_path / "kartu.pdf"
    full = pintu(demo, "--lang", "en", "badges", "sheet", str(sheet), max_file_bytes=40_000)
    _refused(full, f"Cannot write {sheet}: the file is too large for this disk.")
    assert list(tmp_path.iterdir()) == []  # no half-written sheet, no temporary file left
    assert pintu(demo, "badges", "sheet", str(sheet)).returncode == 0  # room again
    figures("output-file refusals", 3)


def test_backup_to_a_missing_folder_is_one_line(demo: Path, tmp_path: Path) -> None:
    _refused(pintu(demo, "--lang", "en", "backup", "--to", str(tmp_path / "nas")),
             f"Cannot write {tmp_path / 'nas'}: the folder does not exist")
    assert not (tmp_path / "nas").exists()


# --- the invitation list a host imports ------------------------------------------------


@pytest.fixture
def importer(sqlite_db: Database, settings: Settings) -> tuple[Database, Settings, Team]:
    return sqlite_db, settings, make_team(sqlite_db)


@pytest.mark.parametrize("case", ["missing", "folder", "not utf-8", "too large"])
def test_an_import_file_that_cannot_be_read(case: str, tmp_path: Path,
                                            importer: tuple[Database, Settings, Team]) -> None:
    db, settings, team = importer
    path = tmp_path / "undangan.csv"
    if case == "folder":
        path.mkdir()
    elif case == "not utf-8":
        path.write_bytes("full_name\nSéverine Ñúñez\n".encode("latin-1"))
    elif case == "too large":
        path.write_bytes(b"full_name\n" + b"x" * (invitations.MAX_IMPORT_BYTES + 1))
    reasons = {"missing": "berkas itu tidak ada", "folder": "itu sebuah folder, bukan berkas",
               "not utf-8": "isinya bukan teks UTF-8",
               "too large": "berkas terlalu besar untuk daftar undangan"}

    with pytest.raises(FileAccessError) as refused:
        invitations.import_csv_file(db, settings, team.operator, path)

    assert refused.value.text() == f"Tidak dapat membaca {path}: {reasons[case]}."
    assert invitations.list_invitations(db) == []


CHILD_IMPORT = """
import sys
from pathlib import Path
from kiosk.config import Settings
from kiosk.domain.types import VisitState
from kiosk.errors import FileAccessError
from kiosk.services import invitations, staff
from kiosk.services.store import open_database

settings = Settings(data_dir=Path(sys.argv[1]))
db = open_database(settings)
operator = staff.actor_for_record(staff.list_staff(db)[0])
try:
    invitations.import_csv_file(db, settings, operator, Path(sys.argv[2]))
except FileAccessError as exc:
    print(exc.text("en"))
"""


def test_an_import_file_the_kiosk_user_may_not_read(
        tmp_path: Path, importer: tuple[Database, Settings, Team]) -> None:
    db, settings, _team = importer
    db.dispose()
    path = tmp_path / "undangan.csv"
    path.write_text("full_name\nDewi\n", encoding="utf-8")
    path.chmod(0o000)
    command = [sys.executable, "-c", CHILD_IMPORT, str(settings.data_dir), str(path)]
    done = subprocess.run(WITHOUT_OVERRIDE + command if os.geteuid() == 0 else command,
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == f"Cannot read {path}: permission denied.", done.stderr


def test_the_console_shows_an_unreadable_import_in_one_line(
        qtbot: QtBot, tmp_path: Path, importer: tuple[Database, Settings, Team]) -> None:
    db, settings, team = importer
    make_application([])
    page = PreregistrationPage(AppContext(settings, db, b"p" * 32, "none"), PrintQueue())
    qtbot.addWidget(page)
    page.actor = team.operator
    page.show()
    path = tmp_path / "undangan.csv"
    path.write_bytes(b"\xff\xfe f\x00u\x00l\x00l\x00")  # UTF-16, as some spreadsheets save

    page.import_file(path)

    qtbot.waitUntil(lambda: page.report.toPlainText() != "", timeout=10_000)
    assert page.report.toPlainText() == (f"Tidak dapat membaca {path}: isinya bukan teks "
                                         "UTF-8.")
    assert invitations.list_invitations(db) == []


def test_an_archive_folder_that_cannot_be_written(
        importer: tuple[Database, Settings, Team]) -> None:
    """Filing the form needs its archive folder: when that fails (here a file stands where
    the folder should be, as a mount point gone wrong would) the visit stays checked out."""
    db, settings, team = importer
    visit = checked_out(db, settings, team)
    settings.archive_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.archive_dir.write_text("not a folder")

    with pytest.raises(FileAccessError) as refused:
        archive_visit(db, settings, team.operator, visit.id)

    assert refused.value.text("en").startswith("Cannot write ")
    assert "part of the path is a file, not a folder" in refused.value.text("en")
    assert get_visit(db, visit.id).summary.state is VisitState.CHECKED_OUT
