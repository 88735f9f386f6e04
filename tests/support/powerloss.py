"""Power-loss drill: the real services in a child process, killed with SIGKILL at random.

The child (``python -m tests.support.powerloss worker DB SEED``) moves visits through the
whole procedure on a SQLite file (submit, approve, enter, check out, archive) and prints
``saved <visit id> <state> <submission key>`` after each service call has returned, that
is, once the visit was acknowledged to the person at the screen. On start it first pushes
along the visits an earlier child left half-way, as the kiosk's staff would.

The parent kills the child at a random moment, then checks what a restarted kiosk would
find: the file passes ``PRAGMA integrity_check``, every acknowledged visit is there in at
least the acknowledged state with everything that state implies (the form as typed, the
signature, the badge and ID card custody, the device checks), every visit's state is backed
by its audit events, and the audit chain verifies.

A SIGKILL loses the process, not the operating system's page cache: it proves the
transactions are atomic and acknowledged only after commit. Surviving a real power cut
also needs the fsyncs that ``synchronous=FULL`` asks for (see ``kiosk.db.database``).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.db.models import AuditEvent, BadgeLoan, Visit
from kiosk.domain.records import VisitDetail, VisitForm
from kiosk.domain.types import DeviceExit, Role, VisitState
from kiosk.domain.validation import DeviceInput
from kiosk.services import audit, badges, checkout, staff, visits
from kiosk.services.actors import SYSTEM, Actor
from kiosk.services.queries import get_visit
from kiosk.services.records import detail

S = VisitState
#: The checkout, so the child finds ``tests.support`` wherever it is started from.
REPO = Path(__file__).resolve().parents[2]
#: The order a visit goes through in the drill; a later state implies the earlier ones.
ORDER = (S.SUBMITTED, S.APPROVED, S.INSIDE, S.CHECKED_OUT, S.ARCHIVED)
RANK = {state: index for index, state in enumerate(ORDER)}
#: The audit action that must exist once a visit reached each state.
ACTION = {S.SUBMITTED: "submitted", S.APPROVED: "approved", S.INSIDE: "entered",
          S.CHECKED_OUT: "checked_out", S.ARCHIVED: "archived"}
BADGES = 40
NAMES = ("Dewi Lestari", "Ṣafiyyah Nguyễn", "O'Brien-Łukasz", "Andi Saputra",
         "Nurul Hidayat", "Yusuf Siregar")


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def prepare(path: Path) -> None:
    """A fresh database with staff and badges, made before any child runs."""
    from kiosk.db import migrate  # Alembic is slow to import; the child does not need it

    db = Database(_url(path))
    migrate.upgrade(db)
    supervisor = staff.actor_for_record(
        staff.add_staff(db, SYSTEM, "sari", "246810", Role.SUPERVISOR, "Sari Wulandari"))
    staff.add_staff(db, SYSTEM, "budi", "246810", Role.OPERATOR, "Budi Santoso")
    badges.add_badges(db, supervisor, BADGES)
    db.dispose()


def expected_form(key: str) -> VisitForm:
    """The form typed for ``key``: the parent rebuilds it to check what was stored."""
    rng = random.Random(key)
    serials = [f"PL{rng.randrange(10**8):08d}" for _ in range(rng.randrange(0, 4))]
    nik = (f"6171{rng.randrange(1, 7):02d}{rng.randrange(1, 28) + 40:02d}0690"
           f"{rng.randrange(1, 9999):04d}")
    # A returning person (same NIK) gives the same name and phone, as in life.
    person = random.Random(nik)
    return VisitForm(
        submission_key=key, id_type="ktp", id_number=nik,
        full_name=person.choice(NAMES), organisation="Dinas Komunikasi dan Informatika",
        phone=f"0812 {person.randrange(1000, 9999)} {person.randrange(1000, 9999)}",
        purpose_key=rng.choice(("repair", "installation", "inspection", "delivery")),
        purpose_text="Uji putus daya", pic="Seksi Jaringan dan Data Center",
        planned_minutes=60,
        devices=tuple(DeviceInput("Laptop", "Lenovo ThinkPad T14", s) for s in serials),
        signature_png=b"\x89PNG signature " + key.encode(), consent=True,
    )


class Worker:
    """The child's side: one kiosk and its operator, working as fast as they can."""

    def __init__(self, path: Path, seed: int) -> None:
        self.db = Database(_url(path))
        self.settings = Settings(data_dir=path.parent, terminal_name="Pintu PL")
        self.seed = seed
        people = {r.username: staff.actor_for_record(r) for r in staff.list_staff(self.db)}
        self.operator: Actor = people["budi"]

    def say(self, visit_id: int, state: VisitState, key: str) -> None:
        print(f"saved {visit_id} {state.value} {key}", flush=True)

    def run(self) -> None:
        print("ready", flush=True)  # the kill window includes the recovery below
        self.recover()
        n = 0
        while True:
            n += 1
            form = expected_form(f"pl-{self.seed}-{n}")
            summary = visits.submit_visit(self.db, self.settings, form)
            self.say(summary.id, S.SUBMITTED, form.submission_key)
            self.advance(summary.id, form.submission_key, S.SUBMITTED)

    def recover(self) -> None:
        with self.db.session() as session:
            rows = session.execute(
                select(Visit.id, Visit.state, Visit.submission_key)
                .where(Visit.state.in_((S.SUBMITTED, S.APPROVED, S.INSIDE, S.CHECKED_OUT)))
                .order_by(Visit.id)).all()
        for visit_id, state, key in rows:
            self.advance(visit_id, key, state)

    def advance(self, visit_id: int, key: str, state: VisitState) -> None:
        steps: dict[VisitState, Callable[[int], object]] = {
            S.SUBMITTED: self.approve, S.APPROVED: self.enter,
            S.INSIDE: self.check_out, S.CHECKED_OUT: self.archive,
        }
        while state in steps:
            steps[state](visit_id)
            state = ORDER[RANK[state] + 1]
            self.say(visit_id, state, key)

    def approve(self, visit_id: int) -> object:
        detail = get_visit(self.db, visit_id)
        return visits.approve(self.db, self.operator, visit_id, None, visits.Approval(
            escort_id=self.operator.staff_id or 0, badge_number=badges.available_numbers(
                self.db)[0], id_card_type="ktp", id_card_number=detail.id_number))

    def enter(self, visit_id: int) -> object:
        return visits.mark_entered(self.db, self.operator, visit_id, None)

    def check_out(self, visit_id: int) -> object:
        detail = get_visit(self.db, visit_id)
        checks = tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                       for d in detail.devices)
        return checkout.check_out(self.db, self.settings, self.operator, visit_id, None,
                                  checkout.CheckOut(checks, True, True))

    def archive(self, visit_id: int) -> object:
        return checkout.archive(self.db, self.operator, visit_id, f"{visit_id:064x}",
                                f"visit-{visit_id}.pdf")


@dataclass(frozen=True)
class Ack:
    visit_id: int
    state: VisitState
    key: str


@dataclass
class Tally:
    kills: int = 0
    acknowledgements: int = 0
    visits_acknowledged: int = 0
    visits_verified: int = 0
    lost: int = 0  # acknowledged but missing, or missing something its state implies
    integrity_failures: int = 0
    chain_failures: int = 0
    audit_mismatches: int = 0  # a state not backed by its audit event, or the reverse
    committed_unacknowledged: int = 0  # kill landed between commit and acknowledgement
    problems: list[str] = field(default_factory=list)
    ahead: set[tuple[int, VisitState]] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.integrity_failures or self.chain_failures
                    or self.audit_mismatches)

    def lines(self) -> list[str]:
        names = ("kills", "acknowledgements", "visits_acknowledged", "visits_verified", "lost",
                 "integrity_failures", "chain_failures", "audit_mismatches",
                 "committed_unacknowledged")
        return [f"{name}: {getattr(self, name)}" for name in names]


def parse_acks(lines: list[str]) -> list[Ack]:
    acks = []
    for line in lines:
        parts = line.split()
        if len(parts) == 4 and parts[0] == "saved":
            acks.append(Ack(int(parts[1]), VisitState(parts[2]), parts[3]))
    return acks


def integrity_ok(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def check(path: Path, acked: dict[int, Ack], tally: Tally) -> None:
    """What a restarted kiosk finds after a kill; problems are added to ``tally``."""
    if not integrity_ok(path):
        tally.integrity_failures += 1
        tally.problems.append(f"kill {tally.kills}: integrity_check failed")
        return
    db = Database(_url(path))
    try:
        if not audit.verify(db).ok:
            tally.chain_failures += 1
            tally.problems.append(f"kill {tally.kills}: audit chain broken")
        with db.session() as session:
            states = {row.id: row.state for row in session.execute(select(Visit.id, Visit.state))}
            actions: dict[int, set[str]] = {}
            for visit_id, action in session.execute(
                    select(AuditEvent.visit_id, AuditEvent.action)
                    .where(AuditEvent.visit_id.is_not(None))):
                if visit_id is not None:
                    actions.setdefault(visit_id, set()).add(action)
        for visit_id, state in states.items():
            wanted = {ACTION[s] for s in ORDER[:RANK[state] + 1]}
            if actions.get(visit_id, set()) != wanted:
                tally.audit_mismatches += 1
                tally.problems.append(f"visit {visit_id} {state}: audit {actions.get(visit_id)}")
        stored = _stored_visits(db)
        verified = 0
        for ack in acked.values():
            problem = _incomplete(ack, stored.get(ack.visit_id))
            if problem:
                tally.lost += 1
                tally.problems.append(f"kill {tally.kills}: visit {ack.visit_id}: {problem}")
            else:
                verified += 1
        tally.visits_verified = verified
        tally.ahead.update(
            (visit_id, state) for visit_id, state in states.items()
            if visit_id not in acked or RANK[state] > RANK[acked[visit_id].state])
        tally.committed_unacknowledged = len(tally.ahead)
    finally:
        db.dispose()


def _stored_visits(db: Database) -> dict[int, VisitDetail]:
    """Every visit as the kiosk would show it, read in one go."""
    with db.session() as session:
        rows = session.execute(select(Visit).options(
            selectinload(Visit.devices), selectinload(Visit.id_cards),
            selectinload(Visit.badge_loans).joinedload(BadgeLoan.badge))).unique().scalars()
        return {visit.id: detail(visit, {}) for visit in rows}


def _incomplete(ack: Ack, got: VisitDetail | None) -> str:
    """Why the stored visit does not hold what was acknowledged ('' if it does)."""
    if got is None:
        return "missing"
    state = got.summary.state
    if RANK[state] < RANK[ack.state]:
        return f"state {state.value}, acknowledged {ack.state.value}"
    form = expected_form(ack.key)
    stored = (got.summary.full_name, got.id_number, got.phone, got.signature_png,
              tuple(d.serial for d in got.devices))
    typed = (form.full_name, form.id_number, form.phone, form.signature_png,
             tuple(d.serial for d in form.devices))
    if stored != typed:
        return f"form differs: {stored!r} != {typed!r}"
    rank = RANK[state]
    if rank >= RANK[S.APPROVED] and (len(got.badge_loans) != 1 or len(got.id_cards) != 1):
        return "badge or ID card custody missing"
    if rank >= RANK[S.INSIDE] and got.summary.entered_at is None:
        return "entry time missing"
    if rank >= RANK[S.CHECKED_OUT] and (
            got.summary.left_at is None
            or any(d.exit_state is DeviceExit.PENDING for d in got.devices)
            or any(loan.returned_at is None for loan in got.badge_loans)):
        return "check-out incomplete"
    if rank >= RANK[S.ARCHIVED] and not got.archive_sha256:
        return "archive hash missing"
    return ""


def run_drill(folder: Path, kills: int, seed: int = 1,
              delay: tuple[float, float] = (0.0, 0.8),
              progress: Callable[[Tally], None] | None = None) -> Tally:
    """Start, kill and check the child ``kills`` times on one database file."""
    path = folder / "pintu.sqlite3"
    prepare(path)
    rng = random.Random(seed)
    tally = Tally()
    acked: dict[int, Ack] = {}
    for round_ in range(kills):
        lines = _run_and_kill(path, seed * 100_000 + round_, rng.uniform(*delay))
        tally.kills += 1
        for ack in parse_acks(lines):
            tally.acknowledgements += 1
            previous = acked.get(ack.visit_id)
            if previous is None or RANK[ack.state] >= RANK[previous.state]:
                acked[ack.visit_id] = ack
        tally.visits_acknowledged = len(acked)
        check(path, acked, tally)
        if progress is not None:
            progress(tally)
    return tally


def _run_and_kill(path: Path, seed: int, delay: float) -> list[str]:
    """Run one child; kill it ``delay`` seconds after it reports ready (or dies)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.powerloss", "worker", str(path), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(timeout=60)
    time.sleep(delay)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    stderr = child.stderr.read() if child.stderr else ""
    if child.returncode != -signal.SIGKILL:
        raise RuntimeError(f"worker ended by itself ({child.returncode}): {stderr[-2000:]}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "worker":
        Worker(Path(argv[1]), int(argv[2])).run()  # runs until killed
    print("usage: python -m tests.support.powerloss worker DB SEED", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
