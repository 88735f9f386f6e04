"""Fixtures shared by every test: settings in a temporary data folder, databases on
SQLite and on a real PostgreSQL server, a CUPS print server and a PKCS#11 token (SoftHSM2),
all started for the test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PINTU_CONFIG"] = "/nonexistent/pintu.toml"  # never read a developer's own file
os.environ.pop("PINTU_DATABASE_URL", None)

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.i18n import set_language
from tests.support.certificates import Issued, issue
from tests.support.cups import QUEUE, CupsServer, CupsUnavailable, socket_path, start_cups
from tests.support.factories import Team, make_team
from tests.support.pgserver import PgServer, remove_server, start_server
from tests.support.smtp import MailServer
from tests.support.softhsm import SoftHsmUnavailable, Token, make_token

# Before any test prints: libcups reads this once per thread and keeps it. Every test
# prints to the run's own server (``cups_server``) or to none, never to this machine's.
os.environ["CUPS_SERVER"] = str(socket_path())


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    try:
        yield server
    finally:
        remove_server(server)


@pytest.fixture
def own_pg() -> Iterator[PgServer]:
    """A server of the test's own: stopping it must not disturb the shared one."""
    server = start_server()
    try:
        yield server
    finally:
        remove_server(server)


@pytest.fixture(scope="session")
def cups_server() -> Iterator[CupsServer]:
    """A print server for the run; CI must have one, a developer's machine may not."""
    try:
        server = start_cups()
    except CupsUnavailable as exc:
        if _in_ci():
            pytest.fail(f"the CUPS print server did not start: {exc}")
        pytest.skip(f"no CUPS print server here: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def print_server(cups_server: CupsServer) -> CupsServer:
    """The run's print server with its queue present, enabled and accepting jobs."""
    if QUEUE not in cups_server.queues():
        cups_server.add_queue()
    cups_server.resume_queue()
    return cups_server


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """An SMTP server of the test's own, on a free port, keeping what it receives."""
    server = MailServer().start()
    try:
        yield server
    finally:
        server.stop()


def _open(url: str) -> Database:
    db = Database(url)
    migrate.upgrade(db)
    return db


@pytest.fixture
def sqlite_db(settings: Settings) -> Iterator[Database]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = _open(settings.effective_database_url())
    yield db
    db.dispose()


@pytest.fixture
def pg_db(pg_server: PgServer) -> Iterator[Database]:
    db = _open(pg_server.create_database())
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on both backends."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture
def team(db: Database) -> Team:
    return make_team(db)


@pytest.fixture(scope="session")
def token_holder() -> Issued:
    """The person whose key and certificate sit on the token."""
    return issue("Budi Santoso, Diskominfo Kota Pontianak")


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory, token_holder: Issued) -> Token:
    """A PKCS#11 token for the run (SoftHSM2), holding ``token_holder``'s key."""
    try:
        return make_token(tmp_path_factory.mktemp("softhsm"), token_holder)
    except SoftHsmUnavailable as exc:
        pytest.skip(str(exc))


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    """In CI a skipped test is a failed one: a skip there means a package the setup should
    have installed is missing, and the check it guards silently never ran."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI: {report.longrepr}"
