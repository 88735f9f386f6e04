"""The emergency roll call on the console: started from the board, marked row by row, seen
by a second console, ended with a question, filed and printed; and what the screen does
when the database goes away."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.services import audit, rollcall
from kiosk.ui.context import AppContext
from kiosk.ui.language import language
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.operator.roll_call_row import RollCallRow
from tests.support import factories
from tests.support.factories import Team
from tests.support.pgserver import PgServer

Start = Callable[..., OperatorConsole]
WAIT = 15_000


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 150), "#8C6A4F").save(out, format="JPEG")
    return out.getvalue()


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _start(qtbot: QtBot, console: OperatorConsole, people: int) -> None:
    console.tabs.setCurrentWidget(console.inside)
    qtbot.waitUntil(console.inside.roll_call.isEnabled, timeout=WAIT)
    _click(qtbot, console.inside.roll_call)
    qtbot.waitUntil(lambda: console.body.currentWidget() is console.roll_call
                    and len(_rows(console)) == people, timeout=WAIT)


def _rows(console: OperatorConsole) -> list[RollCallRow]:
    page = console.roll_call
    if page.record is None:
        return []
    return [page.findChild(RollCallRow, f"roll-row-{line.visit_id}")  # type: ignore[misc]
            for line in page.record.lines]


def _count(console: OperatorConsole) -> str:
    return console.roll_call.count.text()


def test_a_roll_call_is_started_marked_ended_filed_and_printed(
        qtbot: QtBot, ctx: AppContext, db: Database, settings: Settings, team: Team,
        console_for: Start, tmp_path: Path) -> None:
    factories.inside(db, settings, team, full_name="Ani Rahmawati",
                     organisation="<b>PLN</b> Icon Plus", photo_jpeg=_jpeg())
    bayu = factories.inside(db, settings, team, full_name="Bayu Pratama")
    citra = factories.approved(db, settings, team, full_name="Citra Lestari")
    printed = tmp_path / "printer" / "apel.pdf"
    printed.parent.mkdir()
    context = dataclasses.replace(ctx, settings=dataclasses.replace(
        ctx.settings, printer=f"pdf:{printed}"))
    console = console_for(team.operator, context)
    _start(qtbot, console, 3)

    page = console.roll_call
    assert page.title.text() == "Apel darurat"
    assert _count(console) == "0 dari 3 orang sudah aman"
    first, second, third = _rows(console)
    assert [row.name.text() for row in (first, second, third)] == [
        "Ani Rahmawati", "Bayu Pratama", "Citra Lestari"]
    # The organisation as typed, never as markup; the escort beside the visitor.
    assert first.details.textFormat() is Qt.TextFormat.PlainText
    assert first.details.text().startswith("<b>PLN</b> Icon Plus · Kartu tamu ")
    assert first.details.text().endswith("Pendamping: Rina Marlina")
    qtbot.waitUntil(lambda: not first.photo.pixmap().isNull(), timeout=WAIT)
    assert second.photo.text() == "Tidak ada foto"
    assert first.account.height() >= 64

    _click(qtbot, first.account)
    qtbot.waitUntil(lambda: _count(console) == "1 dari 3 orang sudah aman", timeout=WAIT)
    assert first.state.text().startswith("Aman pukul ")
    assert first.state.text().endswith("dicatat oleh Budi Santoso · Pintu 1")
    assert first.account.isHidden() and first.undo.isVisible()

    # Another terminal marks someone: this screen shows it at the next poll.
    record = page.record
    assert record is not None
    rollcall.mark(db, team.second_operator, record.id, bayu.id, "Pintu 2")
    qtbot.waitUntil(lambda: _count(console) == "2 dari 3 orang sudah aman", timeout=WAIT)
    assert second.state.text().endswith("Rina Marlina · Pintu 2")

    # A mark made by mistake is taken back.
    _click(qtbot, first.undo)
    qtbot.waitUntil(lambda: _count(console) == "1 dari 3 orang sudah aman", timeout=WAIT)
    assert first.account.isVisible() and first.state.text() == "Belum ditemukan"

    # Ending asks first, naming who will be recorded as missing.
    _click(qtbot, page.end_button)
    box = page.confirm_box
    assert box is not None and box.textFormat() is Qt.TextFormat.PlainText
    assert box.text() == ("2 orang belum ditemukan dan akan dicatat hilang: Ani Rahmawati, "
                          "Citra Lestari. Akhiri apel?")
    _click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert page.record is not None and page.record.open and page.end_button.isVisible()

    _click(qtbot, page.end_button)
    box = page.confirm_box
    assert box is not None
    _click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: page.record is not None and not page.record.open, timeout=WAIT)
    ended = page.record
    assert ended is not None and ended.archive_path is not None
    filed = Path(ended.archive_path)
    assert filed.is_file() and str(filed) in page.message.text()
    assert filed.parent == settings.archive_dir / "apel-darurat" / filed.parent.name
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(filed).pages).split())
    for expected in ("Apel Darurat", "1 dari 3 orang sudah aman",
                     "Hilang: 2 orang belum ditemukan", "Ani Rahmawati", "Citra Lestari",
                     "Bayu Pratama", "Rina Marlina · Pintu 2", "Apel diakhiri oleh"):
        assert expected in text, expected
    assert all(row.account.isHidden() and row.undo.isHidden() for row in _rows(console))
    assert page.end_button.isHidden() and "2 hilang" in page.started.text()

    # Print the record for the emergency team, through the console's print queue.
    with qtbot.waitSignal(console.print_queue.printed, timeout=WAIT):
        _click(qtbot, page.print_button)
    assert len(PdfReader(printed).pages) == len(PdfReader(filed).pages)
    assert audit.verify(db).ok
    assert citra.id in {line.visit_id for line in ended.missing}

    # Back at the console, nothing is open any more: no banner.
    _click(qtbot, page.back)
    assert console.body.currentWidget() is console.tabs
    assert not console.roll_banner.isVisible()


def test_the_screen_speaks_both_languages(qtbot: QtBot, db: Database, settings: Settings,
                                          team: Team, console_for: Start) -> None:
    factories.inside(db, settings, team)
    console = console_for(team.operator)
    _start(qtbot, console, 1)
    language().switch("en")
    try:
        [row] = _rows(console)
        assert _count(console) == "0 of 1 accounted for"
        assert (row.account.text(), row.state.text()) == ("Accounted for",
                                                           "Not accounted for yet")
        assert console.roll_call.end_button.text() == "End roll call…"
        assert console.roll_call.elapsed_caption.text() == "Time since the start"
    finally:
        language().switch("id")
    assert console.roll_call.end_button.text() == "Akhiri apel…"


@pytest.fixture
def pg_ctx(own_pg: PgServer, ctx: AppContext) -> Iterator[AppContext]:
    db = Database(own_pg.create_database())
    migrate.upgrade(db)
    yield dataclasses.replace(ctx, db=db)
    db.dispose()


@pytest.mark.postgres
def test_the_database_going_away_keeps_the_list_and_says_marks_cannot_be_recorded(
        qtbot: QtBot, own_pg: PgServer, pg_ctx: AppContext, settings: Settings,
        console_for: Start) -> None:
    db = pg_ctx.db
    team = factories.make_team(db)
    factories.inside(db, settings, team, full_name="Ani Rahmawati")
    factories.inside(db, settings, team, full_name="Bayu Pratama")
    console = console_for(team.operator, pg_ctx)
    _start(qtbot, console, 2)
    first, second = _rows(console)
    _click(qtbot, first.account)
    qtbot.waitUntil(lambda: _count(console) == "1 dari 2 orang sudah aman", timeout=WAIT)

    own_pg.stop()
    page = console.roll_call
    qtbot.waitUntil(page.offline.isVisible, timeout=WAIT)
    assert "Tanda aman tidak dapat dicatat sekarang" in page.offline_text.text()
    assert "daftar evakuasi yang dicetak" in page.offline_text.text()
    # The last list stays on screen; a mark now is refused, not kept in secret.
    assert [row.name.text() for row in _rows(console)] == ["Ani Rahmawati", "Bayu Pratama"]
    assert _count(console) == "1 dari 2 orang sudah aman"
    _click(qtbot, second.account)
    qtbot.waitUntil(lambda: page.message.isVisible() and second.account.isEnabled(),
                    timeout=WAIT)
    assert "basis data" in page.message.text().lower()

    own_pg.start()
    qtbot.waitUntil(lambda: not page.offline.isVisible(), timeout=WAIT)
    _click(qtbot, second.account)
    qtbot.waitUntil(lambda: _count(console) == "2 dari 2 orang sudah aman", timeout=WAIT)


@pytest.mark.postgres
def test_two_consoles_on_one_server_share_the_roll_call(
        qtbot: QtBot, pg_server: PgServer, ctx: AppContext, settings: Settings,
        console_for: Start) -> None:
    url = pg_server.create_database()
    first_db, second_db = Database(url), Database(url)
    migrate.upgrade(first_db)
    try:
        team = factories.make_team(first_db)
        for name in ("Ani Rahmawati", "Bayu Pratama"):
            factories.inside(first_db, settings, team, full_name=name)
        here = console_for(team.operator, dataclasses.replace(ctx, db=first_db))
        there_ctx = dataclasses.replace(ctx, db=second_db, settings=dataclasses.replace(
            ctx.settings, terminal_name="Pintu 2"))
        there = console_for(team.second_operator, there_ctx)
        _start(qtbot, here, 2)
        # The other console learns of it within a poll, and opens the same roll call.
        qtbot.waitUntil(there.roll_banner.isVisible, timeout=WAIT)
        assert "Apel darurat sedang berlangsung" in there.roll_text.text()
        _click(qtbot, there.roll_open)
        qtbot.waitUntil(lambda: len(_rows(there)) == 2, timeout=WAIT)
        assert not there.roll_banner.isVisible()

        _click(qtbot, _rows(there)[1].account)
        _click(qtbot, _rows(here)[0].account)
        for console in (here, there):
            qtbot.waitUntil(lambda c=console: _count(c) == "2 dari 2 orang sudah aman",
                            timeout=WAIT)
        assert _rows(here)[1].state.text().endswith("Rina Marlina · Pintu 2")
        assert _rows(there)[0].state.text().endswith("Budi Santoso · Pintu 1")

        # Ended on one console: the other shows who ended it.
        page = there.roll_call
        _click(qtbot, page.end_button)
        assert page.confirm_box is not None
        assert page.confirm_box.text() == "Semua orang sudah aman. Akhiri apel?"
        _click(qtbot, page.confirm_box.button(QMessageBox.StandardButton.Yes))
        qtbot.waitUntil(lambda: here.roll_call.record is not None
                        and not here.roll_call.record.open, timeout=WAIT)
        assert here.roll_call.message.text().startswith("Rina Marlina mengakhiri apel pukul")
        assert here.roll_call.print_button.isVisible()
    finally:
        first_db.dispose()
        second_db.dispose()
