"""The frozen bundle, built from build.spec exactly as ``make dist`` builds it, then run.

Slow (a PyInstaller build, one to two minutes on two cores), and the only proof that an
office PC without Python gets a kiosk that starts: a module or data file the bundle
forgot shows up here, not at the door. Size and build time are printed for the record.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli.selftest import STEP_NAMES
from kiosk.db import migrate
from kiosk.services.signing import PIN_VARIABLE
from tests.support.pgserver import PgServer
from tests.support.softhsm import Token

ROOT = Path(__file__).resolve().parent.parent
#: The bundle is about 430 MB, most of it OpenCV, Qt and NumPy (the seal's pyHanko, with
#: cryptography, lxml, aiohttp and python-pkcs11, is 40 MB of it); this catches a
#: regression such as QML or WebEngine slipping back in (each adds 50-200 MB).
SIZE_LIMIT_MB = 460

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@dataclass(frozen=True)
class Bundle:
    folder: Path
    seconds: float
    megabytes: float

    @property
    def executable(self) -> Path:
        return self.folder / "pintu"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    if shutil.which("objdump") is None:
        pytest.fail("PyInstaller needs objdump: install binutils (scripts/system-deps.sh test)")
    out = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
         str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=840, check=False)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-4000:]
    folder = out / "dist" / "pintu"
    result = Bundle(folder, seconds, folder_size(folder) / 1e6)
    print(f"\nfrozen bundle: {result.megabytes:.0f} MB, built in {seconds:.0f} s")
    return result


def run(bundle: Bundle, *args: str, tmp_path: Path,
        **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PINTU_DATA_DIR": str(tmp_path / "data"),
                   "PINTU_CONFIG": str(tmp_path / "pintu.toml")}
    environment.pop("QT_QPA_PLATFORM", None)
    environment.pop("PINTU_DATABASE_URL", None)
    environment.update(env)
    return subprocess.run([str(bundle.executable), *args], env=environment,
                          capture_output=True, text=True, timeout=300, check=False)


def test_frozen_self_test_passes(bundle: Bundle, tmp_path: Path) -> None:
    # LD_DEBUG shows which libzbar the frozen pyzbar really loaded: the bundle's own. It is
    # written to files, not stderr, where Tesseract's version line would drown in it.
    loader_log = tmp_path / "ld"
    done = run(bundle, "--self-test", tmp_path=tmp_path, LD_DEBUG="files",
               LD_DEBUG_OUTPUT=str(loader_log))
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert f"frozen bundle at {bundle.folder}" in done.stdout
    statuses = {line.split()[0]: line.split()[1] for line in done.stdout.splitlines()
                if line.split()[:1] and line.split()[0] in STEP_NAMES}
    assert set(statuses) == set(STEP_NAMES)
    assert statuses["ktp-ocr"] == ("ok" if shutil.which("tesseract") else "skipped")
    assert "sample NIK read by zxing, pyzbar" in done.stdout
    loaded = "".join(path.read_text(errors="replace")
                     for path in tmp_path.glob(f"{loader_log.name}.*"))
    assert f"file={bundle.folder}/_internal/libzbar.so.0" in loaded


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_frozen_window_opens_on_x11(bundle: Bundle, tmp_path: Path) -> None:
    """The kiosk runs on xcb at the door: its plugin and libraries are in the bundle."""
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", str(bundle.executable),
         "--self-test"],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb", "PINTU_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert "main window shown on xcb" in done.stdout


def test_bundle_is_lean(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("libQt6Quick.so.6", "libQt6Qml.so.6", "libQt6WebEngineCore.so.6",
                     "libQt6Multimedia.so.6", "libQt6WaylandClient.so.6", "libgtk-3.so.0",
                     "QtQuick.abi3.so", "QtNetwork.abi3.so", "pytest", "PyInstaller",
                     "hypothesis", "mypy", "objectify.cpython-311-x86_64-linux-gnu.so"):
        assert unwanted not in names, f"{unwanted} is in the bundle"
    translations = internal / "PySide6" / "Qt" / "translations"
    assert not translations.exists()
    for wanted in ("libzbar.so.0", "libqxcb.so", "libqoffscreen.so", "libcupsprintersupport.so",
                   "QtPdf.abi3.so", "libQt6Pdf.so.6", "script.py.mako", "0001_initial_schema.py",
                   "NotoSans-Regular.ttf", "checklists.toml", "qr-nik.jpg", "ktp.jpg", "pintu.mo",
                   "_rust.abi3.so", "etree.cpython-311-x86_64-linux-gnu.so"):
        assert wanted in names, f"{wanted} is missing from the bundle"
    assert bundle.megabytes < SIZE_LIMIT_MB


def test_frozen_commands_on_postgresql(bundle: Bundle, pg_server: PgServer,
                                       tmp_path: Path) -> None:
    """Several doors share PostgreSQL: the bundle's driver, dialect and migrations work."""
    url = pg_server.create_database()
    upgraded = run(bundle, "--lang", "en", "db", "upgrade", tmp_path=tmp_path,
                   PINTU_DATABASE_URL=url)
    assert upgraded.returncode == 0, upgraded.stderr
    checked = run(bundle, "--lang", "en", "config", "check", tmp_path=tmp_path,
                  PINTU_DATABASE_URL=url)
    assert checked.returncode == 0, checked.stderr
    assert f"is reachable (revision {migrate.head_revision()})" in checked.stdout


def test_frozen_report_sealed_on_a_token(bundle: Bundle, softhsm_token: Token,
                                         tmp_path: Path) -> None:
    """python-pkcs11's compiled module and pyHanko work frozen: a report sealed through a
    PKCS#11 token, then checked by the bundle's own verify-pdf."""
    (tmp_path / "pintu.toml").write_text(
        f'signing = "pkcs11"\nsigning_pkcs11_module = "{softhsm_token.module}"\n'
        f'signing_pkcs11_token = "{softhsm_token.label}"\n'
        f'signing_pkcs11_key = "{softhsm_token.key_label}"\n', encoding="utf-8")
    report = tmp_path / "laporan.pdf"
    made = run(bundle, "--lang", "en", "report", "daily", "--out", str(report),
               tmp_path=tmp_path, **{PIN_VARIABLE: softhsm_token.pin})
    assert made.returncode == 0, made.stdout + made.stderr
    checked = run(bundle, "--lang", "en", "verify-pdf", str(report), tmp_path=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("Seal: intact. Sealed by Budi Santoso"), checked.stdout
    assert "Records: found. The report laporan-harian-" in checked.stdout
