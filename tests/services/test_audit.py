"""The audit chain catches an edited, deleted or reordered event, and names it."""

from __future__ import annotations

from sqlalchemy import select, text

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent
from kiosk.services import audit, integrity
from tests.support import factories
from tests.support.factories import Team


def _chain(db: Database, settings: Settings, team: Team) -> int:
    factories.checked_out(db, settings, team)
    report = audit.verify(db)
    assert report.ok
    return report.events


def test_edited_detail_is_named(db: Database, settings: Settings, team: Team) -> None:
    _chain(db, settings, team)
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET detail = :d WHERE seq = 7"),
                        {"d": '{"badge": 9}'})
    report = audit.verify(db)
    assert not report.ok
    assert report.broken_seq == 7
    assert report.text("en") == "Audit event #7 was edited."
    assert report.text("id") == "Peristiwa audit #7 telah diubah."


def test_edited_actor_is_named(db: Database, settings: Settings, team: Team) -> None:
    _chain(db, settings, team)
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET actor = 'rina' WHERE seq = 5"))
    assert audit.verify(db).broken_seq == 5


def test_deleted_event_is_named(db: Database, settings: Settings, team: Team) -> None:
    _chain(db, settings, team)
    with db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 6"))
    report = audit.verify(db)
    assert not report.ok
    assert "#6 is missing" in report.text("en")


def test_rehashed_forgery_is_caught_by_the_next_link(db: Database, settings: Settings,
                                                      team: Team) -> None:
    """Someone who edits a row and recomputes its hash still breaks the following row."""
    _chain(db, settings, team)
    with db.session() as session:
        row = session.execute(select(AuditEvent).where(AuditEvent.seq == 8)).scalar_one()
        forged = audit.event_hash(row.prev_hash, 8, row.at, "sari", row.action, row.visit_id,
                                  "{}")
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET actor='sari', detail='{}', hash=:h "
                             "WHERE seq = 8"), {"h": forged})
    report = audit.verify(db)
    assert report.broken_seq == 9
    assert "does not follow" in report.text("en")


def test_truncated_tail_is_caught(db: Database, settings: Settings, team: Team) -> None:
    events = _chain(db, settings, team)
    with db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq >= :s"), {"s": events - 1})
    report = audit.verify(db)
    assert not report.ok
    assert f"it should end at #{events}" in report.text("en")


def test_reordered_events_are_caught(db: Database, settings: Settings, team: Team) -> None:
    _chain(db, settings, team)
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET seq = -1 WHERE seq = 3"))
        session.execute(text("UPDATE audit_events SET seq = 3 WHERE seq = 4"))
        session.execute(text("UPDATE audit_events SET seq = 4 WHERE seq = -1"))
    assert audit.verify(db).broken_seq == 3


SECRET = b"s" * 32


def test_a_check_starts_from_the_last_verified_event(db: Database, settings: Settings,
                                                     team: Team) -> None:
    """Start-up walks only what was added since this terminal's last check; the daily full
    walk still finds an edit made before the checkpoint."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    total = _chain(db, settings, team)
    first = integrity.check_chain(db, settings, SECRET)
    assert first.ok and first.events == total  # no checkpoint yet: the whole chain
    point = integrity.load_checkpoint(settings, SECRET)
    assert point is not None and point.seq == total
    factories.submitted(db, settings)
    again = integrity.check_chain(db, settings, SECRET)
    assert again.ok and again.events == 1
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET detail = '{}' WHERE seq = 3"))
    assert integrity.check_chain(db, settings, SECRET).ok  # before the checkpoint
    full = integrity.check_chain(db, settings, SECRET, full=True)
    assert not full.ok and full.broken_seq == 3


def test_an_edited_checkpoint_event_or_a_forged_checkpoint_is_caught(
        db: Database, settings: Settings, team: Team) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    total = _chain(db, settings, team)
    integrity.check_chain(db, settings, SECRET)
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET actor = 'x' WHERE seq = :s"),
                        {"s": total})
    report = integrity.check_chain(db, settings, SECRET)
    assert not report.ok and report.broken_seq == total

    forged = audit.Checkpoint(id=total + 100, seq=total + 100, hash="f" * 64)
    integrity.save_checkpoint(settings, b"not the secret" * 3, forged)
    assert integrity.load_checkpoint(settings, SECRET) is None  # the seal does not match
    (settings.data_dir / integrity.CHECKPOINT_FILE).write_text("{not json")
    assert integrity.load_checkpoint(settings, SECRET) is None
