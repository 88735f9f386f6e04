"""PDF pages as PNG images, for the on-screen preview and for printing through Qt.

Qt's own PDF renderer (QtPdf) is not part of the PySide6 wheels this kiosk installs, so
pages are rasterised with poppler's ``pdftoppm`` (Debian package ``poppler-utils``), the
same renderer desktop PDF viewers on the terminal use. It runs as a separate process with
a time limit, so a damaged file can neither crash nor hang the kiosk.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.errors import KnownError

TIMEOUT_SECONDS = 120


class RenderUnavailable(KnownError):
    """The PDF renderer is missing or failed; the PDF itself is fine and can be exported."""


def page_images(pdf: Path, dpi: int, first: int = 1, last: int | None = None) -> list[bytes]:
    """PNG bytes of pages ``first`` to ``last`` (default: all) at ``dpi``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RenderUnavailable("Pages cannot be shown or printed: the program pdftoppm "
                                "(package poppler-utils) is not installed.")
    with tempfile.TemporaryDirectory(prefix="pintu-pages-") as folder:
        command = [tool, "-png", "-r", str(dpi), "-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        try:
            subprocess.run([*command, str(pdf), str(Path(folder) / "page")], check=True,
                           capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise RenderUnavailable("The pages of {name} could not be drawn.",
                                    name=pdf.name) from exc
        pages = sorted(Path(folder).glob("page-*.png"),
                       key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [page.read_bytes() for page in pages]
