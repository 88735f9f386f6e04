"""Files hold personal data: the data folder, database, token secret, archive and logs are
the app user's only, and the logs never hold a full NIK or a PIN."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import Visitor
from kiosk.domain.clock import utcnow
from kiosk.domain.tokens import load_or_create_secret
from kiosk.domain.types import IdType
from kiosk.logs import setup_logging
from kiosk.services import integrity, privacy, signin, staff
from kiosk.services.queries import get_visit
from kiosk.services.store import open_database
from tests.support import factories

NIK = "6171014506900001"
SECRET_PIN = "735194"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most desktops run with, which would make new files world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def log_file(settings: Settings) -> Iterator[Path]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    path = setup_logging(settings.log_dir)
    try:
        yield path
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
                root.removeHandler(handler)
        root.setLevel(level)


def test_a_new_installation_is_private(settings: Settings, usual_umask: None,
                                       log_file: Path) -> None:
    db = open_database(settings)
    load_or_create_secret(settings.secret_path)
    integrity.secure_data_dir(settings)
    team = factories.make_team(db)
    factories.checked_out(db, settings, team)
    db.dispose()

    assert _mode(settings.data_dir) == 0o700
    assert _mode(settings.database_path) == 0o600
    assert _mode(settings.secret_path) == 0o600
    assert _mode(settings.archive_dir) == 0o700
    assert _mode(settings.log_dir) == 0o700
    assert _mode(log_file) == 0o600


def test_loose_permissions_are_tightened_at_start(settings: Settings, sqlite_db: Database,
                                                  usual_umask: None) -> None:
    load_or_create_secret(settings.secret_path)
    integrity.secure_data_dir(settings)
    old_form = settings.archive_dir / "2026" / "01" / "kunjungan-0001-20260105.pdf"
    old_form.parent.mkdir(parents=True)
    old_form.write_bytes(b"%PDF")
    for path, mode in ((settings.data_dir, 0o755), (settings.database_path, 0o644),
                       (settings.secret_path, 0o644), (settings.archive_dir, 0o755),
                       (old_form, 0o664)):
        path.chmod(mode)

    report = integrity.startup_check(sqlite_db, settings)

    assert {settings.data_dir, settings.database_path, settings.secret_path,
            settings.archive_dir, old_form} <= set(report.tightened)
    for path in (settings.data_dir, settings.archive_dir, old_form.parent):
        assert _mode(path) == 0o700
    for path in (settings.database_path, settings.secret_path, old_form):
        assert _mode(path) == 0o600
    assert integrity.startup_check(sqlite_db, settings).tightened == ()


def test_the_logs_never_hold_a_full_nik_or_a_pin(settings: Settings, sqlite_db: Database,
                                                 log_file: Path) -> None:
    """A real day's work with logging on, plus the worst case: a bug whose traceback
    quotes the SQL parameters (NIK included), logged the way the UI logs bugs."""
    team = factories.make_team(sqlite_db)
    staff.add_staff(sqlite_db, team.admin, "tono", SECRET_PIN, staff.Role.OPERATOR, "Tono")
    with pytest.raises(signin.LoginFailed) as wrong:
        signin.authenticate(sqlite_db, settings, "tono", SECRET_PIN[::-1])
    signin.authenticate(sqlite_db, settings, "tono", SECRET_PIN,
                        now=utcnow() + dt.timedelta(seconds=wrong.value.wait_seconds))
    visit = factories.checked_out(sqlite_db, settings, team, id_number=NIK,
                                  full_name="Dewi Lestari")
    assert privacy.reveal_id_number(sqlite_db, team.supervisor, visit.id) == NIK
    assert get_visit(sqlite_db, visit.id).id_number == NIK
    logging.getLogger("kiosk.test").info("typed %s and %s", NIK, "6171 0145 0690 0001")
    try:
        with sqlite_db.session() as session:
            session.add(Visitor(id_type=IdType.KTP, id_number=NIK))
    except IntegrityError:
        logging.getLogger("kiosk.ui.ops").exception("background operation failed")
    else:
        pytest.fail("the duplicate visitor was accepted")

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "6171********0001" in text  # the log was written
    digits = re.sub(r"[ .\-]", "", text)
    assert NIK not in digits
    assert SECRET_PIN not in text and SECRET_PIN[::-1] not in text


def test_tightening_never_loosens_and_never_touches_the_wrong_kind(
        settings: Settings, usual_umask: None) -> None:
    """A read-only secret stays read-only (its group bits go), and a folder standing where
    the database file should be is left as it is: opening the database refuses it."""
    settings.database_path.mkdir(parents=True)
    settings.database_path.chmod(0o755)
    settings.secret_path.write_text("00" * 32 + "\n", encoding="ascii")
    settings.secret_path.chmod(0o444)

    fixed = integrity.secure_data_dir(settings)

    assert settings.database_path not in fixed
    assert _mode(settings.database_path) == 0o755
    assert _mode(settings.secret_path) == 0o400
    assert _mode(settings.data_dir) == 0o700
