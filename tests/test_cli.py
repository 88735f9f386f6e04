"""The ``pintu`` command as an administrator types it, in a real child process."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.domain.clock import utcnow
from kiosk.services import signin
from kiosk.services.signin import LoginFailed
from kiosk.services.store import open_database
from tests.support.child import pintu
from tests.support.smtp import MailServer


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    done = pintu(data, "demo")
    assert done.returncode == 0, done.stderr
    assert "kunjungan" in done.stdout
    assert "Setiap akun demo memilih PIN sendiri saat pertama kali masuk" in done.stdout
    return data


def test_demo_then_verify(demo_dir: Path) -> None:
    done = pintu(demo_dir, "audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "Rantai audit utuh" in done.stdout
    again = pintu(demo_dir, "demo")
    assert again.returncode == 0
    assert "sudah berisi kunjungan" in again.stdout


def test_edited_audit_row_is_named(demo_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    copy.mkdir()
    source = sqlite3.connect(demo_dir / "pintu.sqlite3")
    target = sqlite3.connect(copy / "pintu.sqlite3")
    source.backup(target)
    source.close()
    target.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 20")
    target.commit()
    target.close()
    done = pintu(copy, "--lang", "en", "audit", "verify")
    assert done.returncode == 1
    assert "Audit event #20 was edited." in done.stderr
    assert "Traceback" not in done.stderr


def test_user_add_and_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = pintu(data, "user", "add", "dewi", "--role", "operator",
                  "--full-name", "Dewi Anggraini", "--pin-stdin", stdin="135790\n")
    assert added.returncode == 0, added.stderr
    listed = pintu(data, "user", "list")
    assert "dewi" in listed.stdout and "Dewi Anggraini" in listed.stdout
    duplicate = pintu(data, "user", "add", "dewi", "--role", "operator", "--pin-stdin",
                      stdin="135790\n")
    assert duplicate.returncode == 2
    assert duplicate.stderr.strip().count("\n") == 0
    assert "sudah dipakai" in duplicate.stderr


def test_demo_accounts_are_listed_with_their_demo_pin(demo_dir: Path) -> None:
    listed = pintu(demo_dir, "user", "list")
    assert listed.returncode == 0, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if line.startswith("sari ")]
    assert rows and rows[0].endswith("[masih memakai PIN demo]")


def test_user_unlock_lifts_a_lockout(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert pintu(data, "user", "add", "dewi", "--role", "supervisor", "--pin-stdin",
                 stdin="802461\n").returncode == 0
    settings = Settings(data_dir=data, lockout_attempts=2)
    db = open_database(settings)
    try:
        at = utcnow()
        for _ in range(2):
            with pytest.raises(LoginFailed) as caught:
                signin.authenticate(db, settings, "dewi", "000000", now=at)
            at += dt.timedelta(seconds=caught.value.wait_seconds)
    finally:
        db.dispose()
    locked = pintu(data, "user", "list")
    assert "[dikunci sampai " in locked.stdout and locked.stdout.rstrip().endswith(" WIB]")
    papua = tmp_path / "papua.toml"
    papua.write_text('timezone = "WIT"\n', encoding="utf-8")
    in_papua = pintu(data, "user", "list", config=papua)
    assert in_papua.stdout.rstrip().endswith(" WIT]"), in_papua.stdout

    unlocked = pintu(data, "user", "unlock", "Dewi")
    assert unlocked.returncode == 0, unlocked.stderr
    assert unlocked.stdout.strip() == "dewi dapat masuk kembali."
    assert "[" not in pintu(data, "user", "list").stdout
    unknown = pintu(data, "--lang", "en", "user", "unlock", "nobody")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "Error: There is no staff account named nobody."


def test_weak_pin_is_refused_on_the_command_line(tmp_path: Path) -> None:
    done = pintu(tmp_path / "data", "user", "add", "x", "--role", "admin", "--pin-stdin",
                 stdin="123456\n")
    assert done.returncode == 2
    assert done.stderr.strip() == ("Galat: PIN ini terlalu mudah ditebak (satu angka "
                                   "berulang, atau angka berurutan seperti 123456). Pilih "
                                   "PIN lain.")


def test_short_pin_is_one_clear_line(tmp_path: Path) -> None:
    done = pintu(tmp_path / "data", "--lang", "en", "user", "add", "x", "--role", "admin",
                 "--pin-stdin", stdin="12\n")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: A PIN needs at least 6 characters")
    assert "Traceback" not in done.stderr


def test_db_upgrade_and_status(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert pintu(data, "db", "upgrade").returncode == 0
    status = pintu(data, "db", "status")
    assert status.returncode == 0
    assert f"{migrate.head_revision()} (" in status.stdout


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    env_url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    env = {**os.environ, "PINTU_DATA_DIR": str(tmp_path), "PINTU_DATABASE_URL": env_url,
           "PINTU_CONFIG": str(tmp_path / "missing.toml")}
    done = subprocess.run([sys.executable, "-m", "kiosk", "db", "upgrade"], text=True,
                          capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Basis data tidak dapat dihubungi" in done.stderr


def test_site_certificate_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shown = pintu(data, "--lang", "en", "certificate", "show")
    assert shown.returncode == 0 and "No site certificate yet" in shown.stdout
    made = pintu(data, "--lang", "en", "certificate", "create", "--name",
                 "Diskominfo Kota Pontianak")
    assert made.returncode == 0, made.stderr
    assert "Site certificate created for Diskominfo Kota Pontianak" in made.stdout
    assert "certification authority should seal with that one" in made.stdout
    again = pintu(data, "certificate", "create", "--name", "Lain")
    assert again.returncode == 2 and "--replace" in again.stderr
    shown = pintu(data, "--lang", "en", "certificate", "show")
    fingerprint = next(line.split()[-1] for line in shown.stdout.splitlines()
                       if line.startswith("SHA-256 fingerprint:"))
    exported = pintu(data, "certificate", "export", str(tmp_path / "segel.cer"))
    assert exported.returncode == 0, exported.stderr
    der = (tmp_path / "segel.cer").read_bytes()
    assert hashlib.sha256(der).hexdigest() == fingerprint
    checked = pintu(data, "--lang", "en", "config", "check")
    assert checked.returncode == 0, checked.stderr
    assert "Documents are sealed by Diskominfo Kota Pontianak (signing = \"site\")." \
        in checked.stdout
def test_notify_test_reaches_the_mail_server_and_says_why_not(
        tmp_path: Path, mail_server: MailServer) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config = tmp_path / "pintu.toml"
    config.write_text(f'[notify]\nmail_server = "{mail_server.url}"\n', encoding="utf-8")
    sent = pintu(data, "notify", "test", "Kasi@Kota.go.id", config=config)
    assert sent.returncode == 0, sent.stderr
    [mail] = mail_server.delivered()
    assert mail.recipients == ("kasi@kota.go.id",)
    assert mail.subject.startswith("Pesan uji dari Pintu")
    config.write_text(f'[notify]\nmail_server = "{MailServer().url}"\n', encoding="utf-8")
    down = pintu(data, "--lang", "en", "notify", "test", "kasi@kota.go.id", config=config)
    assert down.returncode == 2
    assert "Connection error" in down.stderr and "Traceback" not in down.stderr
    status = pintu(data, "--lang", "en", "notify", "status", config=config)
    assert status.returncode == 0 and "Waiting: 0" in status.stdout


def test_user_contact_is_an_address(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert pintu(data, "user", "add", "rina", "--role", "operator", "--pin-stdin",
                 stdin="135790\n").returncode == 0
    done = pintu(data, "user", "contact", "rina", "Rina@Kota.go.id")
    assert done.returncode == 0, done.stderr
    assert "rina@kota.go.id" in pintu(data, "user", "list").stdout
    url = pintu(data, "--lang", "en", "user", "contact", "rina", "mailtos://u:p@mail.kota.go.id")
    assert url.returncode == 2 and "telegram:<chat id>" in url.stderr
