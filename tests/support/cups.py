"""A throwaway CUPS print server with one virtual PDF printer, for the tests.

Like the PostgreSQL server the tests start, it runs Debian's own programs (packages
``cups`` and ``printer-driver-cups-pdf``) from a private folder: ``cupsd -f`` (never a
daemon) with its own ``cupsd.conf`` and ``cups-files.conf``, its own spool, state, cache,
temporary and log folders, listening only on a Unix socket in that folder. The queue
``QUEUE`` prints through the cups-pdf backend, which writes every job it receives as a
PDF into the private ``out`` folder, after the same filters (pdftopdf, pdftops) a real
printer's job goes through.

``CUPS_SERVER`` names the socket. libcups, under Qt's CUPS backend as under ``lpadmin``,
reads that variable once per thread and then keeps its answer, so the test setup sets it
before anything prints (tests/conftest.py): from then on the tests reach this server, or
none, never the machine's own printers. A socket rather than a loopback port for the same
reason: its path can be fixed before the server starts and no other program can take it.

Two things need root, as in CI: cupsd runs the cups-pdf backend as root only when cupsd
itself runs as root, and cups-pdf reads its settings from ``/etc/cups`` alone (the file
``cups-pdf-<instance>.conf``, named after the queue's device URI), so that one file is
written there while the server runs and removed with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

QUEUE = "Pintu-Test-PDF"
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONFIG_DIR = Path("/etc/cups")
PROGRAMS = ("cupsd", "lpadmin", "lpstat", "cupsenable", "cupsdisable")
START_SECONDS = 20

CUPSD_CONF = """\
Listen {root}/cups.sock
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/conf
StateDir {root}/state
CacheDir {root}/cache
RequestRoot {root}/spool
TempDir {root}/tmp
ErrorLog stderr
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
FileDevice No
Printcap
"""

CUPS_PDF_CONF = """\
Out {root}/out
AnonDirName {root}/out
Spool {root}/pdf-spool
Log {root}/log
GSTmp {root}/gs-tmp
Grp lp
"""


class CupsUnavailable(RuntimeError):
    """The print server cannot run here (not root, packages missing, cupsd failed)."""


def socket_path() -> Path:
    """Where this test run's server listens; fixed per process, before it starts."""
    return Path(tempfile.gettempdir()) / f"pintu-cups-{os.getpid()}" / "cups.sock"


@dataclass
class CupsServer:
    root: Path
    instance: str = field(default_factory=lambda: f"pintu-test-{os.getpid()}")
    process: subprocess.Popen[bytes] | None = None

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def log_path(self) -> Path:
        return self.root / "cupsd.log"

    @property
    def cups_pdf_config(self) -> Path:
        return CUPS_PDF_CONFIG_DIR / f"cups-pdf-{self.instance}.conf"

    def run(self, *command: str) -> str:
        done = subprocess.run(command, env={**os.environ, "CUPS_SERVER": str(self.root /
                                                                           "cups.sock")},
                              capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise CupsUnavailable(f"{' '.join(command)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> None:
        self.root.mkdir(mode=0o755)
        self.root.chmod(0o755)  # the filters run as lp and open the spooled files
        for name in ("conf", "log", "out", "gs-tmp"):
            (self.root / name).mkdir()
        temp = self.root / "tmp"
        temp.mkdir()
        shutil.chown(temp, "root", "lp")
        temp.chmod(0o1770)
        values = {"root": self.root}
        (self.root / "cupsd.conf").write_text(CUPSD_CONF.format(**values), encoding="utf-8")
        (self.root / "cups-files.conf").write_text(CUPS_FILES_CONF.format(**values),
                                                   encoding="utf-8")
        self.cups_pdf_config.write_text(CUPS_PDF_CONF.format(**values), encoding="utf-8")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                ["cupsd", "-f", "-c", str(self.root / "cupsd.conf"),
                 "-s", str(self.root / "cups-files.conf")],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        self._wait_until_running()
        self.add_queue()

    def _wait_until_running(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise CupsUnavailable(f"cupsd stopped at once:\n{self.log_tail()}")
            if "scheduler is running" in self.run("lpstat", "-r"):
                return
            time.sleep(0.1)
        raise CupsUnavailable(f"cupsd did not answer in {START_SECONDS} s:\n{self.log_tail()}")

    def add_queue(self) -> None:
        """The virtual printer, enabled and accepting jobs (again, after ``remove_queue``)."""
        self.run("lpadmin", "-p", QUEUE, "-E", "-v", f"cups-pdf:/{self.instance}",
                 "-P", str(CUPS_PDF_PPD))

    def remove_queue(self) -> None:
        self.run("lpadmin", "-x", QUEUE)

    def pause_queue(self) -> None:
        """As CUPS does by itself when a printer's backend fails (cable out, paper jam)."""
        self.run("cupsdisable", "-r", "paper jam", QUEUE)

    def resume_queue(self) -> None:
        self.run("cupsenable", QUEUE)

    def queues(self) -> list[str]:
        return [line.split()[1] for line in self.run("lpstat", "-p").splitlines()
                if line.startswith("printer ")]

    def printouts(self) -> list[Path]:
        return sorted(self.out_dir.glob("*.pdf"))

    def wait_for_printout(self, before: Sequence[Path], seconds: float = 90) -> Path:
        """The PDF of the job sent after ``before`` was listed, once CUPS has finished it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            new = [p for p in self.printouts() if p not in before]
            if new and not self.run("lpstat", "-o", QUEUE).strip():
                return new[-1]
            time.sleep(0.2)
        raise AssertionError(f"no printout in {seconds:.0f} s; jobs: "
                             f"{self.run('lpstat', '-o')!r}\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no cupsd log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=15)
        finally:
            self.cups_pdf_config.unlink(missing_ok=True)
            shutil.rmtree(self.root, ignore_errors=True)


def start_cups() -> CupsServer:
    """A running server with its queue, listening on ``socket_path()``."""
    missing = [name for name in PROGRAMS if shutil.which(name) is None]
    if missing or not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        raise CupsUnavailable("install the Debian packages cups and printer-driver-cups-pdf "
                              "(scripts/system-deps.sh test)")
    if os.geteuid() != 0:
        raise CupsUnavailable("cupsd runs the cups-pdf printer only when started as root")
    root = socket_path().parent
    shutil.rmtree(root, ignore_errors=True)  # left by an earlier run with the same pid
    server = CupsServer(root)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
