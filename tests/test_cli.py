"""The ``pintu`` command as an administrator types it, in a real child process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.db import migrate
from tests.support.smtp import MailServer


def pintu(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PINTU_DATA_DIR": str(data_dir),
           "PINTU_CONFIG": str(data_dir / "missing.toml")}
    env.pop("PINTU_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=180, check=False)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    done = pintu(data, "demo")
    assert done.returncode == 0, done.stderr
    assert "kunjungan" in done.stdout
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


def test_notify_test_reaches_the_mail_server_and_says_why_not(
        tmp_path: Path, mail_server: MailServer) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config = data / "missing.toml"  # the file ``pintu`` reads in these tests
    config.write_text(f'[notify]\nmail_server = "{mail_server.url}"\n', encoding="utf-8")
    sent = pintu(data, "notify", "test", "Kasi@Kota.go.id")
    assert sent.returncode == 0, sent.stderr
    [mail] = mail_server.delivered()
    assert mail.recipients == ("kasi@kota.go.id",)
    assert mail.subject.startswith("Pesan uji dari Pintu")
    config.write_text(f'[notify]\nmail_server = "{MailServer().url}"\n', encoding="utf-8")
    down = pintu(data, "--lang", "en", "notify", "test", "kasi@kota.go.id")
    assert down.returncode == 2
    assert "Connection error" in down.stderr and "Traceback" not in down.stderr
    status = pintu(data, "--lang", "en", "notify", "status")
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
