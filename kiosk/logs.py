"""Logging to a rotating file in the data folder, with NIKs masked on the way out."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.nik import mask_nik

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


class MaskNikFilter(logging.Filter):
    """Last line of defence: any 16-digit run in a log line is masked like a NIK."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group()), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / "pintu.log"
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    handler.addFilter(MaskNikFilter())
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    return path
