"""The ``pintu`` command in a real child process, as an administrator types it.

Options reproduce what a test cannot arrange in its own process: running without root's
permission override (so the kernel really refuses a read-only file, as it would for the
kiosk's own user), a limit on file size (a write fails as on a full disk), the umask most
desktops run with.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: Root ignores permission bits; without these capabilities it obeys them like any user.
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def command(*args: str) -> list[str]:
    """``python -m kiosk ARGS``, without root's permission override when run as root."""
    base = [sys.executable, "-m", "kiosk", *args]
    return WITHOUT_OVERRIDE + base if os.geteuid() == 0 else base


def pintu(data_dir: Path, *args: str, stdin: str = "", env: Mapping[str, str] | None = None,
          config: Path | None = None, max_file_bytes: int | None = None,
          umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """Run ``pintu ARGS`` on ``data_dir``, reading ``config`` (default: no file) and no
    database URL unless ``env`` gives one; ``max_file_bytes`` makes any longer write fail
    like a full disk."""
    full_env = {**os.environ, "PINTU_DATA_DIR": str(data_dir),
                "PINTU_CONFIG": str(config or data_dir.parent / "missing.toml")}
    full_env.pop("PINTU_DATABASE_URL", None)
    full_env.update(env or {})
    return subprocess.run(command(*args), input=stdin, text=True, capture_output=True,
                          env=full_env, timeout=180, check=False, umask=umask,
                          preexec_fn=_limit(max_file_bytes) if max_file_bytes else None)


def _limit(max_bytes: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply
