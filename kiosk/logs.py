"""Logging to a rotating file in the data folder, with NIKs masked on the way out.

The file is created 0600 (it names visitors and staff), and masking is applied to the
whole formatted entry, so a traceback whose exception text quotes a NIK is masked too.
"""

from __future__ import annotations

import io
import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import cast

from kiosk.domain.nik import mask_nik
from kiosk.errors import FileAccessError
from kiosk.files import make_private_dir

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
#: Sixteen digits as people type them too: "6171 0145 0690 0001", "6171-0145-...".
_NIK_LIKE = re.compile(r"(?<!\d)\d(?:[ .\-]?\d){15}(?!\d)")


def mask_niks(text: str) -> str:
    return _NIK_LIKE.sub(lambda m: mask_nik(m.group()), text)


class MaskNikFilter(logging.Filter):
    """Last line of defence: any 16-digit run in a log line is masked like a NIK."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group()), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskingFormatter(logging.Formatter):
    """Masks NIKs in the finished entry, exception text and traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_niks(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Creates the log file, and each one after a rollover, readable by the app's user only."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        stream = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        return cast(io.TextIOWrapper, stream)


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/pintu.log``; the folder (and the data folder above it, on the very
    first command) is created private. A folder that cannot be written raises
    ``FileAccessError`` before anything else runs."""
    make_private_dir(log_dir)
    path = log_dir / "pintu.log"
    try:
        handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                             encoding="utf-8")
    except OSError as exc:
        raise FileAccessError.writing(path, exc) from exc
    handler.setFormatter(MaskingFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    handler.addFilter(MaskNikFilter())
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    return path
