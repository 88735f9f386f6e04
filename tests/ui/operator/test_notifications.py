"""The console's line about the outbox and the supervisor's list of messages, on a real
database and a real SMTP server that is first away and then comes up."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.config import NotifySettings, NotifyUnit
from kiosk.db.database import Database
from kiosk.domain.clock import local, travel_to, utcnow
from kiosk.services import outbox
from kiosk.ui.context import AppContext
from kiosk.ui.operator.console import OperatorConsole
from kiosk.ui.ops import wait_for_ops
from kiosk.ui.supervisor.notifications_page import NotificationsPage
from kiosk.ui.upkeep import Notifier
from tests.support import factories
from tests.support.factories import Team
from tests.support.smtp import MailServer

UNIT = "Seksi Jaringan dan Data Center"


def _with_notify(ctx: AppContext, server: MailServer) -> AppContext:
    notify = NotifySettings(mail_server=server.url, supervisor_targets=("kasi@kota.go.id",),
                            units=(NotifyUnit(UNIT, ("jaringan@kota.go.id",)),))
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, notify=notify))


def test_the_console_line_shows_what_waits_and_what_went(
        qtbot: QtBot, ctx: AppContext, db: Database, team: Team,
        console_for: Callable[..., OperatorConsole]) -> None:
    server = MailServer()  # not started yet: the office's mail server is away
    told = _with_notify(ctx, server)
    for pic in (UNIT, "Pak Hendra"):
        factories.submitted(db, told.settings, pic=pic)
    assert outbox.send_due(db, told.settings).retrying == 2

    console = console_for(team.operator, told)
    line = console.notify_line
    qtbot.waitUntil(lambda: line.isVisible() and "menunggu" in line.text(), timeout=5000)
    assert line.text().startswith("Notifikasi: 2 menunggu (Connection error")
    assert "127.0.0.1" in line.text()
    assert line.property("role") == "warn"

    server.start()
    try:
        assert outbox.send_due(db, told.settings, limit=10).sent == 0  # not due yet
        with travel_to(utcnow() + outbox.retry_delay(1)):
            assert outbox.send_due(db, told.settings).sent == 2
            sent_at = local(utcnow()).strftime("%H.%M")
        line.refresh()
        qtbot.waitUntil(lambda: "tidak ada yang menunggu" in line.text(), timeout=5000)
        assert line.text() == f"Notifikasi: tidak ada yang menunggu, terakhir terkirim {sent_at}"
        assert line.property("role") == "muted"
        assert sorted(m.recipients for m in server.delivered()) == [
            ("jaringan@kota.go.id",), ("kasi@kota.go.id",)]
    finally:
        server.stop()


def test_the_line_stays_hidden_where_nothing_is_configured(
        qtbot: QtBot, ctx: AppContext, db: Database, team: Team,
        console_for: Callable[..., OperatorConsole]) -> None:
    factories.submitted(db, ctx.settings)
    console = console_for(team.operator)
    qtbot.waitUntil(lambda: console.notify_line._state is not None, timeout=5000)
    assert not console.notify_line.isVisible()


def test_a_given_up_message_is_red_and_can_be_sent_again(
        qtbot: QtBot, ctx: AppContext, db: Database, team: Team,
        monkeypatch: pytest.MonkeyPatch, console_for: Callable[..., OperatorConsole]) -> None:
    told = _with_notify(ctx, MailServer())
    factories.submitted(db, told.settings, pic=UNIT)
    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 1)
    assert outbox.send_due(db, told.settings).failed == 1
    console = console_for(team.supervisor, told)
    line = console.notify_line
    qtbot.waitUntil(lambda: "1 gagal" in line.text(), timeout=5000)
    assert line.property("role") == "error"

    page = next(p for p in console._supervisor_pages if isinstance(p, NotificationsPage))
    console.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    assert "Dewi Lestari" in page.subject.text()
    assert "Nomor kunjungan" in page.body.toPlainText()
    assert page.again.isEnabled()
    page.again.click()
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.model.records()[0].attempts == 0, timeout=5000)
    line.refresh()
    qtbot.waitUntil(lambda: line.text().startswith("Notifikasi: 1 menunggu"), timeout=5000)


def test_the_kiosk_sends_a_submission_at_once(qtbot: QtBot, ctx: AppContext, db: Database,
                                              mail_server: MailServer) -> None:
    """The upkeep's notifier wakes on this terminal's own submission, not 30 s later."""
    told = _with_notify(ctx, mail_server)
    holder = QObject()
    notifier = Notifier(holder, told, interval_ms=3_600_000)
    notifier.start()
    try:
        factories.submitted(db, told.settings, pic=UNIT)
        qtbot.waitUntil(lambda: len(mail_server.delivered()) == 1, timeout=10_000)
        assert mail_server.delivered()[0].recipients == ("jaringan@kota.go.id",)
    finally:
        holder.deleteLater()
        wait_for_ops()
