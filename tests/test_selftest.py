"""``pintu --self-test`` from a checkout, as a technician runs it, in a real child process."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import selftest
from kiosk.cli.selftest import STEP_NAMES


def self_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The self-test with the user's folders pointed at ``tmp_path``, to prove it ignores them."""
    environment = {**os.environ, "PINTU_DATA_DIR": str(tmp_path / "user-data"),
                   "PINTU_CONFIG": str(tmp_path / "user.toml"), **env}
    environment.pop("QT_QPA_PLATFORM", None)  # it must choose offscreen by itself
    return subprocess.run([sys.executable, "-m", "kiosk", "--self-test"], env=environment,
                          capture_output=True, text=True, timeout=240, check=False)


def step_lines(stdout: str) -> dict[str, str]:
    lines = {}
    for line in stdout.splitlines():
        name, _, rest = line.partition(" ")
        if name in STEP_NAMES:
            lines[name] = rest.split()[0]
    return lines


def test_every_step_passes_on_a_temporary_folder(tmp_path: Path) -> None:
    # A broken configuration and an unreachable database in the environment must not
    # matter: the self-test checks the installation, never the site's settings or data.
    (tmp_path / "user.toml").write_text("no_such_key = 1\n", encoding="utf-8")
    done = self_test(tmp_path, PINTU_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert done.returncode == 0, done.stdout + done.stderr
    expected_ocr = "ok" if shutil.which("tesseract") else "skipped"
    assert step_lines(done.stdout) == {
        "database": "ok", "qr-code": "ok", "ktp-ocr": expected_ocr, "pdf": "ok",
        "pdf-seal": "ok", "pdf-pages": "ok", "translations": "ok", "main-window": "ok",
    }
    assert "seal verified" in done.stdout
    assert "drawn by QtPdf" in done.stdout
    assert "sample NIK read by zxing, pyzbar" in done.stdout
    assert "main window shown on offscreen" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("Self-test passed in ")
    assert not (tmp_path / "user-data").exists()


def test_a_missing_tesseract_is_skipped_not_failed(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    done = self_test(tmp_path, PATH=str(bin_dir))  # the venv only: no tesseract on it
    assert done.returncode == 0, done.stdout + done.stderr
    lines = step_lines(done.stdout)
    assert lines["ktp-ocr"] == "skipped"
    assert "tesseract is not installed" in done.stdout
    assert set(lines.values()) == {"ok", "skipped"}


def test_an_installation_missing_its_samples_fails(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle that forgot a data file must fail loudly, naming the step."""
    empty = tmp_path / "assets"
    monkeypatch.setattr(selftest, "asset_path", lambda *parts: empty.joinpath(*parts))
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    lines = step_lines(out.getvalue())
    assert lines["qr-code"] == "FAILED"
    assert lines["database"] == "ok"
    assert "cannot read" in out.getvalue()
    assert out.getvalue().rstrip().splitlines()[-1].startswith("Self-test FAILED")
