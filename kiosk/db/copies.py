"""Copying a database out and reading a copy back: the mechanics under ``services.backup``.

SQLite is copied with its online backup API, page by page from a read-only connection,
so the kiosk keeps writing while it runs (WAL: readers never block the writer). PostgreSQL
is dumped with ``pg_dump --format=custom``; the audit trail is read back out of the dump
with ``pg_restore`` (no server needed), so the chain is checked on the copy itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from kiosk.db.database import SQLITE_BUSY_TIMEOUT_MS, file_uri

#: Pages copied per step: small enough that a step never holds the source for long.
PAGES_PER_STEP = 1024
PG_TIMEOUT_S = 3600

Progress = Callable[[int, int, int], object]  # (status, remaining pages, total pages)


class ToolFailed(Exception):
    """``pg_dump``/``pg_restore`` is missing or failed; ``detail`` is its last words."""

    def __init__(self, tool: str, detail: str) -> None:
        super().__init__(f"{tool}: {detail}")
        self.tool = tool
        self.detail = detail


def sqlite_copy(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy the live database ``source`` into the new file ``target``.

    The copy is switched to the rollback journal, so it is one self-contained file that a
    read-only check can open without leaving a ``-wal`` beside it.
    """
    src = sqlite3.connect(f"{file_uri(source)}?mode=ro", uri=True,
                          timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=PAGES_PER_STEP, progress=progress)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def integrity_problems(path: Path, limit: int = 5) -> list[str]:
    """``PRAGMA integrity_check`` of a copy, read-only: an empty list means sound."""
    connection = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True)
    try:
        rows = [row[0] for row in connection.execute(f"PRAGMA integrity_check({limit})")]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


def find_pg_tool(name: str) -> Path | None:
    """The newest installed ``pg_dump``/``pg_restore``: Debian's versioned folders first
    (a newer client can dump an older server, never the reverse), then ``PATH``."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: _version(p.parents[1].name), reverse=True)
    if candidates:
        return candidates[0]
    found = shutil.which(name)
    return Path(found) if found else None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)) or (0,)


def _conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment that carries it."""
    plain = url.set(drivername="postgresql", password=None)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, args: list[str], env: dict[str, str] | None = None) -> str:
    path = find_pg_tool(tool)
    if path is None:
        raise ToolFailed(tool, "not installed")
    try:
        done = subprocess.run([str(path), *args], capture_output=True, text=True, env=env,
                              timeout=PG_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolFailed(tool, str(exc)) from exc
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ToolFailed(tool, lines[-1] if lines else f"exit code {done.returncode}")
    return done.stdout


def pg_dump(url: URL, target: Path) -> None:
    """Dump the database into ``target`` (custom format: compressed, restorable table by
    table, readable by ``pg_restore`` without a server)."""
    conninfo, env = _conninfo(url)
    _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(target),
                     "--dbname", conninfo], env)


def pg_restore(url: URL, dump: Path) -> None:
    """Load ``dump`` into the (empty) database at ``url``, stopping at the first error."""
    conninfo, env = _conninfo(url)
    _run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction",
                        "--dbname", conninfo, str(dump)], env)


@dataclass(frozen=True)
class DumpedEvent:
    """An audit event as the dump holds it (``kiosk.services.audit.ChainEvent``)."""

    id: int
    seq: int
    at: dt.datetime
    actor: str
    action: str
    visit_id: int | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class DumpedChain:
    events: list[DumpedEvent]
    head: tuple[int, str] | None
    tables: int  # how many tables the dump holds data for


def read_dumped_chain(dump: Path) -> DumpedChain:
    """The audit trail inside a custom-format dump, read with ``pg_restore`` to text.

    The whole archive is read through first (to nowhere), so a dump that was cut short
    or altered anywhere fails here, not only in the audit tables.
    """
    _run("pg_restore", ["--file", os.devnull, str(dump)])
    listing = _run("pg_restore", ["--list", str(dump)])
    tables = sum(1 for line in listing.splitlines() if " TABLE DATA " in line)
    script = _run("pg_restore", ["--data-only", "--table=audit_events",
                                 "--table=audit_head", "--file=-", str(dump)])
    rows = {name: list(data) for name, data in _copy_blocks(script)}
    stored = sorted(rows.get("audit_events", []), key=lambda row: int(row["id"]))
    events = [_event(row) for row in stored]  # in storage order, as the live check reads
    heads = [(int(row["seq"]), row["hash"]) for row in rows.get("audit_head", [])
             if row["id"] == "1"]
    return DumpedChain(events, heads[0] if heads else None, tables)


_COPY = re.compile(r"^COPY (?:\w+\.)?(\w+) \(([^)]*)\) FROM stdin;$")


def _copy_blocks(script: str) -> Iterator[tuple[str, Iterator[dict[str, str]]]]:
    lines = iter(script.splitlines())
    for line in lines:
        match = _COPY.match(line)
        if match is None:
            continue
        columns = [c.strip().strip('"') for c in match.group(2).split(",")]
        block = []
        for data in lines:
            if data == "\\.":
                break
            block.append(dict(zip(columns, (_unescape(f) for f in data.split("\t")),
                                  strict=True)))
        yield match.group(1), iter(block)


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")


def _unescape(field: str) -> str:
    """One field of COPY's text format (``\\N`` is NULL, kept as the marker here)."""
    if field == "\\N":
        return field

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0].isdigit():
            return chr(int(code, 8))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, field)


def _event(row: dict[str, str]) -> DumpedEvent:
    visit = row["visit_id"]
    return DumpedEvent(
        id=int(row["id"]), seq=int(row["seq"]), at=dt.datetime.fromisoformat(row["at"]),
        actor=row["actor"], action=row["action"], visit_id=None if visit == "\\N" else int(visit),
        detail=row["detail"], prev_hash=row["prev_hash"], hash=row["hash"])
