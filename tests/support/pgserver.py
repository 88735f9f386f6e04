"""A throwaway PostgreSQL server on a loopback port, for the tests and benchmarks.

It runs Debian's own server binaries (package ``postgresql``) from a temporary folder:
``initdb``, then ``pg_ctl start`` on 127.0.0.1, and is stopped and deleted afterwards.
When run as root, the server runs as the ``postgres`` user, as PostgreSQL requires.

The tests run it with ``fsync=off``: their data is thrown away, and not waiting for the disk
at every commit makes them several times faster. The benchmarks ask for ``durable=True``,
the server's own defaults (every commit flushed to disk, full-page writes), because that is
how PostgreSQL runs in an office and a benchmark without it would flatter PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed (``make test`` installs them)."""


def find_pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresMissing("PostgreSQL server binaries not found; install the postgresql package")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    root: Path
    port: int
    bin_dir: Path = field(default_factory=find_pg_bin)
    #: The server's default durability (see the module docstring); off for the tests.
    durable: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip()}")

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=100")
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "log"),
                  "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server(*, durable: bool = False) -> PgServer:
    """Its folder is directly under the temporary folder: the ``postgres`` user must be
    able to reach it, which a private parent (like pytest's) would prevent."""
    server = PgServer(Path(tempfile.mkdtemp(prefix="pintu-pg-")), _free_port(),
                      durable=durable)
    server.init()
    server.start()
    return server


def remove_server(server: PgServer) -> None:
    try:
        server.stop()
    finally:
        shutil.rmtree(server.root, ignore_errors=True)
