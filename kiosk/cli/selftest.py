"""``pintu --self-test``: prove that this installation (a frozen bundle especially) works.

A technician runs it after copying the app to an office PC, and the build runs it on every
fresh bundle: a library left out of the bundle, a missing font or a migration that was not
shipped shows up here as one failed line instead of at the door on the first morning.
Each step uses the same code the kiosk uses, on a temporary data folder, so the user's
database, configuration and archive are never touched. Qt runs offscreen (unless the
caller chose a platform), so it works over SSH and in CI.

Technician's tool: the lines are English on purpose, like the log.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import cv2

from kiosk.config import Settings
from kiosk.documents.shaping import visual
from kiosk.domain.clock import today, utcnow
from kiosk.domain.figures import Period
from kiosk.domain.nik import mask_nik
from kiosk.domain.tokens import load_or_create_secret
from kiosk.formats import datetime_text
from kiosk.i18n import LANGUAGES, SOURCE_LANGUAGE, catalogue, compiled_path
from kiosk.resources import asset_path
from kiosk.scan.decoders import QR_ONLY, available_decoders, make_decoder
from kiosk.scan.ktp import read_card
from kiosk.scan.payloads import NikScan, classify
from kiosk.services.actors import SYSTEM
from kiosk.services.reports import write_report
from kiosk.services.store import Store, open_database, schema_status

#: Environment variables that would point the self-test at the real installation.
_ISOLATED_VARIABLES = ("PINTU_DATABASE_URL", "PINTU_DATA_DIR", "PINTU_CONFIG")

#: What the bundled QR sample says (``tests.support.synthetic.SAMPLE_NIK_TEXT``).
SAMPLE_NIK = "6171054509900012"

PASSED, SKIPPED, FAILED = "ok", "skipped", "FAILED"


class StepFailed(Exception):
    """A check found something wrong; the message says what."""


class Skipped(Exception):
    """The step cannot run here for an accepted reason (e.g. Tesseract not installed)."""


@dataclass
class Outcome:
    name: str
    status: str
    seconds: float
    detail: str = ""


@dataclass
class _State:
    """What earlier steps produced for later ones."""

    folder: Path
    db: Store | None = None
    secret: bytes = b""
    outcomes: list[Outcome] = field(default_factory=list)


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step, print one line each, and return 0 only if none failed."""
    stream = out or sys.stdout
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pintu-self-test-") as tmp, _isolated(Path(tmp)):
        state = _State(Path(tmp))
        print(f"Pintu self-test ({_where()}), temporary data folder {tmp}", file=stream)
        for name, step in STEPS:
            outcome = _run(name, step, state)
            state.outcomes.append(outcome)
            print(_line(outcome), file=stream, flush=True)
        _close(state)
    failed = [o.name for o in state.outcomes if o.status == FAILED]
    total = time.monotonic() - started
    if failed:
        print(f"Self-test FAILED in {total:.1f} s: {', '.join(failed)}", file=stream)
        return 1
    print(f"Self-test passed in {total:.1f} s", file=stream)
    return 0


def _where() -> str:
    if getattr(sys, "frozen", False):
        return f"frozen bundle at {Path(sys.executable).parent}"
    return f"Python {sys.version.split()[0]} at {sys.executable}"


@contextmanager
def _isolated(folder: Path) -> Iterator[None]:
    """Point every Pintu path at ``folder`` for the duration, then restore the caller's."""
    saved = {name: os.environ.get(name) for name in _ISOLATED_VARIABLES}
    os.environ.pop("PINTU_DATABASE_URL", None)
    os.environ["PINTU_DATA_DIR"] = str(folder / "data")
    os.environ["PINTU_CONFIG"] = str(folder / "pintu.toml")  # absent: defaults
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(name: str, step: Callable[[_State], str], state: _State) -> Outcome:
    started = time.monotonic()
    try:
        detail = step(state)
    except Skipped as exc:
        return Outcome(name, SKIPPED, time.monotonic() - started, str(exc))
    except StepFailed as exc:
        return Outcome(name, FAILED, time.monotonic() - started, str(exc))
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return Outcome(name, FAILED, time.monotonic() - started, f"{type(exc).__name__}: {exc}")
    return Outcome(name, PASSED, time.monotonic() - started, detail)


def _line(outcome: Outcome) -> str:
    return f"{outcome.name:<14} {outcome.status:<8} {outcome.seconds:6.2f} s  {outcome.detail}"


def _settings(state: _State) -> Settings:
    return Settings(data_dir=state.folder / "data", camera="none")


# -- the steps ------------------------------------------------------------------------------


def _database(state: _State) -> str:
    settings = _settings(state)
    db = open_database(settings)
    state.db = db
    status = schema_status(db)
    if status.revision is None or not status.current:
        raise StepFailed(f"schema at {status.revision}, expected {status.head}")
    state.secret = load_or_create_secret(settings.secret_path)
    return f"fresh SQLite database migrated to {status.revision}"


def _qr(state: _State) -> str:
    """Every decoder the kiosk may use reads the sample, and the payload is a valid NIK."""
    path = asset_path("samples", "qr-nik.jpg")
    gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise StepFailed(f"cannot read {path}")
    names = available_decoders()
    for wanted in ("zxing", "pyzbar"):
        if wanted not in names:
            raise StepFailed(f"decoder {wanted} cannot be loaded (have: {', '.join(names)})")
    for name in names:
        found = make_decoder(name, QR_ONLY).decode(gray)
        if not found:
            raise StepFailed(f"{name} found no QR code in {path.name}")
        result = classify(found[0].text, state.secret)
        if not isinstance(result, NikScan) or result.info.nik != SAMPLE_NIK:
            raise StepFailed(f"{name} read {result!r}, not the sample NIK")
    return f"sample NIK read by {', '.join(names)}"


def _ocr(_state: _State) -> str:
    if shutil.which("tesseract") is None:
        raise Skipped("tesseract is not installed (visitors type the NIK)")
    path = asset_path("samples", "ktp.jpg")
    frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if frame is None:
        raise StepFailed(f"cannot read {path}")
    result = read_card(frame)
    if result.nik is None:
        raise StepFailed(f"no valid NIK read from {path.name} (is tesseract-ocr-ind installed?)")
    return f"NIK {mask_nik(result.nik.nik)} read from {path.name}"


def _pdf(state: _State) -> str:
    db, settings = _needs_database(state), _settings(state)
    out = state.folder / "daily-report.pdf"
    write_report(db, settings, SYSTEM, Period.day(today()), "id", out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise StepFailed(f"{out.name} is not a complete PDF")
    if b"NotoSans" not in data:
        raise StepFailed("the bundled Noto Sans font is not embedded")
    if visual("محمد") != "\ufeaa\ufee4\ufea4\ufee3":  # joined, drawn from the right
        raise StepFailed("Arabic names cannot be shaped (arabic-reshaper, python-bidi)")
    return f"daily report written ({len(data) // 1024} KiB)"


def _seal(state: _State) -> str:
    """The report's seal read back with the site certificate the pdf step made: pyHanko,
    cryptography and the PKCS#11 binding (for an office's token) are in place."""
    import pkcs11  # noqa: F401 - a token's seal needs it; an import error fails the step

    from kiosk.services.verification import check_pdf_seal

    report = state.folder / "daily-report.pdf"
    if not report.exists():
        raise StepFailed("not run: the pdf step failed")
    result = check_pdf_seal(_settings(state), report.read_bytes())
    if not (result.ok and result.own):
        raise StepFailed(f"the report's seal does not verify ({result.check})")
    return f"report sealed by {result.check.signer}, seal verified"


def _pdf_pages(state: _State) -> str:
    """The report's first page drawn by QtPdf, as the preview and the printer draw it."""
    from kiosk.ui.pdf_pages import PdfPages

    report = state.folder / "daily-report.pdf"
    if not report.exists():
        raise StepFailed("not run: the pdf step failed")
    with PdfPages(report) as pages:
        image = pages.render(0, 72)
    ink = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
              if image.pixelColor(x, y).lightness() < 128)
    if ink == 0:
        raise StepFailed("QtPdf drew a blank page")
    return f"page 1 of {report.name} drawn by QtPdf ({image.width()}x{image.height()})"
def _translations(_state: _State) -> str:
    """Every language but English has its compiled catalogue where the kiosk reads it, and
    every language writes dates and numbers from its CLDR data (Babel's locale files)."""
    found = []
    for language in LANGUAGES:
        written = datetime_text(utcnow(), language, weekday=True)
        if language == SOURCE_LANGUAGE:
            found.append(f"{language} ({written})")
            continue
        messages = catalogue(language)
        if not messages:
            raise StepFailed(f"no {language} translations at {compiled_path(language)}")
        found.append(f"{language} ({len(messages)} messages; {written})")
    return "translations for " + ", ".join(found)


def _window(state: _State) -> str:
    """The real main window, built, shown and closed (Qt is imported only here)."""
    from kiosk.ui.app import make_application
    from kiosk.ui.context import AppContext
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.ops import wait_for_ops

    db, settings = _needs_database(state), _settings(state)
    app = make_application(["pintu", "--self-test"])
    ctx = AppContext(settings=settings, db=db, token_secret=state.secret, camera="none")
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    shown = window.isVisible()
    image = window.grab()
    window.close()
    app.processEvents()
    wait_for_ops()
    if not shown or image.isNull():
        raise StepFailed("the main window was not shown")
    return f"main window shown on {app.platformName()} ({image.width()}x{image.height()})"


def _needs_database(state: _State) -> Store:
    if state.db is None:
        raise StepFailed("not run: the database step failed")
    return state.db


def _close(state: _State) -> None:
    if state.db is not None:
        state.db.dispose()


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("database", _database),
    ("qr-code", _qr),
    ("ktp-ocr", _ocr),
    ("pdf", _pdf),
    ("pdf-seal", _seal),
    ("pdf-pages", _pdf_pages),
    ("translations", _translations),
    ("main-window", _window),
)

STEP_NAMES = tuple(name for name, _step in STEPS)
