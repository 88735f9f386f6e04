"""Messages to the people inside: queued with their event, delivered to a real SMTP server.

Every test reads what the mail server received (parsed with the ``email`` package), on
SQLite and on PostgreSQL; the two-sender test runs on PostgreSQL, where several terminals
really send at once.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from kiosk.config import NotifySettings, NotifyUnit, Settings
from kiosk.db.database import Database
from kiosk.db.models import OutboxMessage, Visit
from kiosk.domain.clock import travel_to, utcnow
from kiosk.domain.nik import mask_nik
from kiosk.domain.records import MessageState
from kiosk.errors import DatabaseUnavailable, PermissionDenied, ValidationError
from kiosk.services import audit, badges, invitations, outbox, staff, visits
from kiosk.services.actors import SYSTEM
from kiosk.services.queries import get_visit
from tests.support import factories
from tests.support.factories import WIB, Team
from tests.support.pgserver import PgServer
from tests.support.smtp import Delivered, MailServer

UNIT = "Seksi Jaringan dan Data Center"
UNIT_MAIL = "jaringan@kota.go.id"
SUPERVISOR_MAIL = "kasi.jaringan@kota.go.id"
NIK = "6171014506900001"
PHONE = "0812 3456 7890"
#: A working morning, so no visit in these tests is open at the day's end by accident.
MORNING = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)


def _notify(server_url: str) -> NotifySettings:
    return NotifySettings(mail_server=server_url, supervisor_targets=(SUPERVISOR_MAIL,),
                          units=(NotifyUnit(UNIT, (UNIT_MAIL,)),
                                 NotifyUnit("Bagian Umum", ("umum@kota.go.id",))))


@pytest.fixture
def told(settings: Settings, mail_server: MailServer) -> Settings:
    """The site's settings with [notify] pointing at the test's own mail server."""
    return replace(settings, notify=_notify(mail_server.url))


Advance = Callable[[dt.timedelta], None]


@pytest.fixture
def morning() -> Iterator[Advance]:
    """The clock set to 09:00 on a Monday; the test moves it on."""
    with travel_to(MORNING) as advance:
        yield advance


def _send_all(db: Database, settings: Settings) -> outbox.SendReport:
    return outbox.send_due(db, settings, limit=100)


def _rows(db: Database) -> list[OutboxMessage]:
    with db.session() as session:
        return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def _leaks(mail: Delivered) -> list[str]:
    """Any trace of the visitor's papers or phone in a delivered message: its text as sent
    (headers included, save the server's own Message-ID and Date) and as read."""
    headers = [f"{k}: {v}" for k, v in mail.message.items() if k not in ("Message-ID", "Date")]
    text = "\n".join([*headers, mail.message.get_payload(), mail.subject, mail.body])
    digits = re.sub(r"\D", "", text)
    masked = mask_nik(NIK)
    needles = (NIK, NIK[4:12], masked, masked.replace("*", ""), PHONE.replace(" ", ""))
    return [n for n in needles if n in text or n in digits] + re.findall(r"\d{6,}", text)


# --- who is told, and what ------------------------------------------------------------------

def test_arrival_goes_to_the_unit_visited_without_the_nik_or_phone(
        db: Database, told: Settings, mail_server: MailServer, morning: Advance) -> None:
    visit = factories.submitted(db, told, pic="seksi jaringan dan  DATA center",
                                id_number=NIK, phone=PHONE,
                                organisation="Dinas Kesehatan 6171014506900001",
                                purpose_text=f"Ganti PSU, hubungi {PHONE} NIK {NIK}")
    assert _send_all(db, told).sent == 1
    [mail] = mail_server.delivered()
    assert mail.recipients == (UNIT_MAIL,)
    assert mail.sender == "pintu@kota.go.id"
    assert "Dewi Lestari" in mail.subject and "Dinas Kesehatan" in mail.subject
    assert visit.number in mail.body and "Perbaikan" in mail.body  # the purpose, in Indonesian
    assert "pukul 09.00 WIB" in mail.body
    assert _leaks(mail) == []
    [row] = _rows(db)
    assert (row.event, row.visit_id, row.target, row.attempts) == ("arrival", visit.id,
                                                                    UNIT_MAIL, 1)
    assert row.sent_at is not None and row.last_error is None


def test_a_pic_that_names_no_unit_tells_the_supervisor_only(
        db: Database, told: Settings, mail_server: MailServer, morning: Advance) -> None:
    factories.submitted(db, told, pic="Pak Hendra di lantai 3")
    _send_all(db, told)
    assert [m.recipients for m in mail_server.delivered()] == [(SUPERVISOR_MAIL,)]


def test_a_hostile_pic_cannot_add_a_header_or_a_recipient(
        db: Database, told: Settings, mail_server: MailServer, morning: Advance) -> None:
    factories.submitted(db, told, pic="Seksi X\r\nBcc: attacker@evil.test\r\n\r\nhi",
                        full_name="Dewi\u202e Lestari")
    _send_all(db, told)
    [mail] = mail_server.delivered()
    assert mail.recipients == (SUPERVISOR_MAIL,)
    assert mail.message["Bcc"] is None and "attacker" not in str(mail.message["To"])
    assert "\n" not in mail.subject and "\u202e" not in mail.raw
    assert "Seksi X Bcc: attacker@evil.test hi" in mail.body  # as text, on its one line


def test_the_host_who_invited_is_told_with_the_unit(
        db: Database, told: Settings, team: Team, mail_server: MailServer,
        morning: Advance) -> None:
    assert team.operator.staff_id is not None
    staff.set_notify_target(db, team.supervisor, team.operator.staff_id, "Budi@Kota.go.id")
    invited = invitations.create_invitation(db, told, team.operator, invitations.InvitationInput(
        full_name="Dewi Lestari", id_number=NIK, organisation="Dinas Kesehatan",
        purpose_key="repair", pic=UNIT, valid_on=MORNING.date()))
    factories.submitted(db, told, invitation_id=invited.id)
    _send_all(db, told)
    assert sorted(m.recipients[0] for m in mail_server.delivered()) == [
        "budi@kota.go.id", UNIT_MAIL]


def test_the_escort_is_told_at_approval(db: Database, told: Settings, team: Team,
                                        mail_server: MailServer, morning: Advance) -> None:
    escort = team.second_operator.staff_id
    assert escort is not None
    staff.set_notify_target(db, team.supervisor, escort, "rina@kota.go.id")
    visit = factories.submitted(db, told)
    detail = get_visit(db, visit.id)
    visits.approve(db, team.operator, visit.id, visit.version, visits.Approval(
        escort_id=escort, badge_number=badges.available_numbers(db)[0], id_card_type="ktp",
        id_card_number=detail.id_number, enter_now=True), settings=told)
    _send_all(db, told)
    [mail] = mail_server.to("rina@kota.go.id")
    assert detail.summary.number in mail.subject and "Dewi Lestari" in mail.subject
    assert _leaks(mail) == []
    assert len(mail_server.delivered()) == 2  # and the unit, at submission


def test_a_new_escort_is_told_too(db: Database, told: Settings, team: Team,
                                  mail_server: MailServer, morning: Advance) -> None:
    assert team.operator.staff_id is not None
    staff.set_notify_target(db, team.supervisor, team.operator.staff_id, "budi@kota.go.id")
    visit = factories.inside(db, told, team)
    morning(dt.timedelta(minutes=10))
    visits.change_escort(db, team.operator, visit.id, visit.version, team.operator.staff_id,
                         settings=told)
    _send_all(db, told)
    [mail] = mail_server.to("budi@kota.go.id")
    assert "Anda mendampingi" in mail.subject and "pukul 09.10 WIB" in mail.body


def test_an_overstay_is_sent_once(db: Database, told: Settings, team: Team,
                                  mail_server: MailServer, morning: Advance) -> None:
    assert team.second_operator.staff_id is not None
    staff.set_notify_target(db, team.supervisor, team.second_operator.staff_id,
                            "rina@kota.go.id")
    visit = factories.inside(db, told, team, planned_minutes=30)
    _send_all(db, told)
    arrived = len(mail_server.delivered())
    advance = morning
    advance(dt.timedelta(minutes=29))
    assert outbox.queue_due_notices(db, told) == 0
    advance(dt.timedelta(minutes=2))
    assert outbox.queue_due_notices(db, told) == 3  # unit, escort, supervisor
    assert outbox.queue_due_notices(db, told) == 0
    advance(dt.timedelta(minutes=30))
    assert outbox.queue_due_notices(db, told) == 0
    _send_all(db, told)
    mails = mail_server.delivered()[arrived:]
    assert sorted(m.recipients[0] for m in mails) == sorted([SUPERVISOR_MAIL, UNIT_MAIL,
                                                             "rina@kota.go.id"])
    assert all(m.subject.startswith("Masih di dalam") for m in mails)
    assert "31 menit" in mails[0].body and "30 menit" in mails[0].body
    assert [r.event for r in _rows(db) if r.visit_id == visit.id].count("overstay") == 3


def test_a_visit_open_at_day_end_is_reported_once(
        db: Database, told: Settings, team: Team, mail_server: MailServer,
        morning: Advance) -> None:
    factories.approved(db, told, team, planned_minutes=600)
    advance = morning
    advance(dt.timedelta(hours=8, minutes=59))  # 17:59
    assert outbox.queue_due_notices(db, told) == 0
    advance(dt.timedelta(minutes=1))
    assert outbox.queue_due_notices(db, told) == 2  # the unit and the supervisor
    advance(dt.timedelta(days=1))
    assert outbox.queue_due_notices(db, told) == 0
    _send_all(db, told)
    assert sum("akhir hari" in m.subject.lower() for m in mail_server.delivered()) == 2


# --- one transaction with the event ----------------------------------------------------------

def test_a_rolled_back_submission_queues_nothing(
        db: Database, told: Settings, monkeypatch: pytest.MonkeyPatch, morning: Advance) -> None:
    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise DatabaseUnavailable("The database cannot be reached or written.")

    monkeypatch.setattr(audit, "append", disk_full)  # fails after the messages are queued
    with pytest.raises(DatabaseUnavailable):
        factories.submitted(db, told)
    monkeypatch.undo()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
    assert _rows(db) == []
    factories.submitted(db, told)
    assert [r.event for r in _rows(db)] == ["arrival"]


def test_nothing_configured_queues_nothing(db: Database, settings: Settings,
                                           team: Team) -> None:
    factories.inside(db, settings, team)
    with travel_to(utcnow() + dt.timedelta(days=2)):
        assert outbox.queue_due_notices(db, settings) == 0
    assert _rows(db) == []


# --- the network is down -----------------------------------------------------------------------

def test_an_unreachable_server_keeps_the_message_until_it_comes_up(
        db: Database, settings: Settings, morning: Advance) -> None:
    down = MailServer()
    told = replace(settings, notify=_notify(down.url))
    factories.submitted(db, told)
    advance = morning
    waits = []
    for _ in range(4):
        report = _send_all(db, told)
        assert (report.sent, report.retrying) == (0, 1)
        [row] = _rows(db)
        assert row.sent_at is None and row.failed_at is None and row.last_error
        waits.append(row.next_attempt_at - utcnow())
        assert _send_all(db, told).retrying == 0  # not due yet: left alone
        advance(waits[-1] + dt.timedelta(seconds=1))
    assert waits == sorted(waits) and waits[0] < waits[-1]
    assert [w.total_seconds() for w in waits] == [30, 60, 120, 240]
    state = outbox.outbox_state(db)
    assert (state.waiting, state.failed, state.last_sent_at) == (1, 0, None)
    assert state.last_error and "127.0.0.1" in state.last_error
    down.start()
    try:
        assert _send_all(db, told).sent == 1
        [mail] = down.delivered()
        assert mail.recipients == (UNIT_MAIL,)
    finally:
        down.stop()
    [row] = _rows(db)
    assert row.sent_at is not None and row.attempts == 5 and row.last_error is None
    assert outbox.outbox_state(db).waiting == 0


def test_a_message_is_given_up_after_its_tries_and_can_be_sent_again(
        db: Database, settings: Settings, team: Team, mail_server: MailServer,
        monkeypatch: pytest.MonkeyPatch, morning: Advance) -> None:
    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 2)
    down = replace(settings, notify=_notify(MailServer().url))
    factories.submitted(db, down)
    advance = morning
    assert _send_all(db, down).retrying == 1
    advance(dt.timedelta(minutes=1))
    assert _send_all(db, down).failed == 1
    [row] = outbox.recent_messages(db, team.supervisor)
    assert row.state is MessageState.FAILED and row.attempts == 2
    assert outbox.outbox_state(db).failed == 1
    advance(dt.timedelta(hours=2))
    assert _send_all(db, down).failed == 0  # given up: not tried again by itself
    with pytest.raises(PermissionDenied):
        outbox.send_again(db, team.operator, row.id)
    again = outbox.send_again(db, team.supervisor, row.id)
    assert again.state is MessageState.WAITING and again.attempts == 0
    up = replace(settings, notify=_notify(mail_server.url))  # the address was corrected
    assert _send_all(db, up).sent == 1
    assert outbox.recent_messages(db, team.supervisor)[0].state is MessageState.SENT


# --- several terminals -------------------------------------------------------------------------

@pytest.mark.postgres
def test_two_senders_never_send_the_same_message_twice(
        pg_server: PgServer, settings: Settings, mail_server: MailServer) -> None:
    url = pg_server.create_database()
    first, second = Database(url), Database(url)
    try:
        from kiosk.db import migrate

        migrate.upgrade(first)
        told = replace(settings, notify=_notify(mail_server.url))
        for index in range(24):
            factories.submitted(first, told, pic=UNIT if index % 2 else "Bagian Umum",
                                full_name=f"Dewi {chr(ord('A') + index)}")
        reports: list[outbox.SendReport] = []
        start = threading.Barrier(2)

        def sender(db: Database) -> None:
            start.wait()
            while (report := outbox.send_due(db, told, limit=3)).sent:
                reports.append(report)

        threads = [threading.Thread(target=sender, args=(db,)) for db in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        delivered = mail_server.delivered()
        subjects = [(m.recipients, m.message["Subject"]) for m in delivered]
        assert len(delivered) == 24 == len(set(subjects))
        assert sum(r.sent for r in reports) == 24
        assert all(row.sent_at is not None and row.attempts == 1 for row in _rows(first))
    finally:
        first.dispose()
        second.dispose()


def test_staff_contacts_are_addresses_not_urls(db: Database, team: Team) -> None:
    assert team.operator.staff_id is not None
    record = staff.set_notify_target(db, team.supervisor, team.operator.staff_id,
                                     " telegram:@pintu_jaringan ")
    assert record.notify_target == "telegram:@pintu_jaringan"
    for bad in ("mailtos://u:secret@mail.kota.go.id?to=a@kota.go.id", "a@b", "x" * 300,
                "a@kota.go.id, b@kota.go.id", "telegram:12ab"):
        with pytest.raises(ValidationError):
            staff.set_notify_target(db, team.supervisor, team.operator.staff_id, bad)
    with pytest.raises(PermissionDenied):
        staff.set_notify_target(db, team.operator, team.operator.staff_id, "a@kota.go.id")
    cleared = staff.set_notify_target(db, SYSTEM, team.operator.staff_id, "")
    assert cleared.notify_target == ""


@pytest.mark.postgres
def test_two_terminals_looking_for_overstays_queue_each_once(
        pg_server: PgServer, settings: Settings, mail_server: MailServer) -> None:
    url = pg_server.create_database()
    first, second = Database(url), Database(url)
    try:
        from kiosk.db import migrate

        migrate.upgrade(first)
        told = replace(settings, notify=_notify(mail_server.url))
        team = factories.make_team(first)
        with travel_to(MORNING) as advance:
            for _ in range(5):
                factories.inside(first, told, team, planned_minutes=30)
            advance(dt.timedelta(hours=1))
            counts: list[int] = []
            start = threading.Barrier(2)

            def look(db: Database) -> None:
                start.wait()
                counts.extend(outbox.queue_due_notices(db, told) for _ in range(3))

            threads = [threading.Thread(target=look, args=(db,)) for db in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        assert sum(counts) == 5 * 2  # the unit and the supervisor, for each of five visits
        overstays = [(r.visit_id, r.target) for r in _rows(first) if r.event == "overstay"]
        assert len(overstays) == len(set(overstays)) == 10
    finally:
        first.dispose()
        second.dispose()


def test_the_retention_purge_takes_the_messages_with_the_visits(
        db: Database, told: Settings, team: Team) -> None:
    from kiosk.services import retention

    with travel_to(MORNING - dt.timedelta(days=told.retention_days + 2)):
        factories.checked_out(db, told, team)
    factories.submitted(db, told)
    assert len(_rows(db)) == 2
    retention.purge(db, told)
    assert [r.event for r in _rows(db)] == ["arrival"]
    assert _rows(db)[0].created_at > MORNING - dt.timedelta(days=1)


def test_each_address_goes_through_its_configured_server() -> None:
    from kiosk.services.delivery import DeliveryFailed, channel_url

    notify = NotifySettings(
        mail_server="mailtos://pintu:rahasia@mail.kota.go.id:587?from=pintu@kota.go.id&to=x@y.id",
        telegram_bot="tgram://123456789:AAHtoken/")
    assert channel_url(notify, "kasi@kota.go.id") == (
        "mailtos://pintu:rahasia@mail.kota.go.id:587?from=pintu%40kota.go.id"
        "&to=kasi%40kota.go.id")
    assert channel_url(notify, "telegram:-1001234") == "tgram://123456789:AAHtoken/-1001234"
    with pytest.raises(DeliveryFailed, match="telegram_bot"):
        channel_url(NotifySettings(mail_server=notify.mail_server), "telegram:-1001234")
    with pytest.raises(DeliveryFailed, match="mail_server"):
        channel_url(NotifySettings(), "kasi@kota.go.id")
