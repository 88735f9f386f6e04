"""The ``pintu`` command in a real child process, as an administrator types it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def pintu(data_dir: Path, *args: str, stdin: str = "", config: Path | None = None,
          **env: str) -> subprocess.CompletedProcess[str]:
    """``pintu ARGS`` on ``data_dir``, reading ``config`` (default: no file) and never the
    developer's own settings or database."""
    environment = {**os.environ, "PINTU_DATA_DIR": str(data_dir),
                   "PINTU_CONFIG": str(config or data_dir / "missing.toml"), **env}
    environment.pop("PINTU_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, text=True,
                          capture_output=True, env=environment, timeout=180, check=False)
