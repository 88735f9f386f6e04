"""Twenty doors on one PostgreSQL: action latency and errors as a busy site sees them.

Each door is a separate process with its own connection pool, as each door's PC is. It
runs what a door does all day, on the server's default durability (every commit flushed):

- its kiosk submits a visit;
- its console polls the queue of pending visits every ``POLL_SECONDS`` (1.5 s, as the
  console does), whatever else it is doing;
- once the queue shows a visit of its own door, the operator approves it (the desk's own
  badge, an escort, the ID card taken), lets the visitor in, checks them out and the form
  is archived (the database's part, as in ``benchmarks.lifecycle``);
- one time in ``HELP_EVERY`` the operator first takes the oldest visit waiting at another
  door, as a desk with nobody in front of it helps: several desks may take the same one,
  and all but the first must get the "already handled" answer, the one error expected.

Each door's first visit arrives within ``STAGGER_SECONDS`` of the start, not all twenty in
the same instant. The operator pauses ``--think`` seconds between actions (reading the
screen, handing over the badge); the figures are for the actions alone, timed from call to
return, including any wait on the row locks other doors hold. The wait on the audit
chain's head, which every action locks from its event to its commit, is timed on its own:
it is where doors would queue behind each other if the single head were the bottleneck.

Usage: python -m benchmarks.doors [--doors N] [--seconds S] [--think S]
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.lifecycle import add_deny_list, office_settings, percentile
from kiosk.config import Settings
from kiosk.db import migrate
from kiosk.db.database import Database
from kiosk.domain.records import VisitSummary
from kiosk.domain.types import DeviceExit
from kiosk.errors import AlreadyHandled
from kiosk.services import audit, checkout, queries, staff, visits
from kiosk.services.actors import Actor
from kiosk.services.badges import add_badges, available_numbers
from tests.support import factories
from tests.support.factories import Team
from tests.support.pgserver import remove_server, start_server

DOORS = 20
POLL_SECONDS = 1.5
HELP_EVERY = 10
#: Visitors do not arrive at twenty doors in the same instant: each door's first visit
#: comes within this many seconds of the start.
STAGGER_SECONDS = 5.0
TARGET_P95_MS = 100.0
ACTIONS = ("submit", "poll", "approve", "enter", "check out", "archive")
T = TypeVar("T")


@dataclass(frozen=True)
class Sample:
    action: str
    seconds: float
    #: "ok", "already handled", or the error's class and message.
    outcome: str


@dataclass(frozen=True)
class DoorPlan:
    number: int
    url: str
    settings: Settings
    operator: Actor
    escort_id: int
    badge: int
    think: float
    seconds: float


class Door:
    """One door's kiosk and console, in its own process."""

    def __init__(self, plan: DoorPlan) -> None:
        self.plan = plan
        self.db = Database(plan.url)
        self.samples: list[Sample] = []
        self.head_waits: list[float] = []
        self.queue: list[VisitSummary] = []
        self.next_poll = 0.0
        self.cycles = 0
        self.deadline = time.monotonic() + 3600.0  # the warm-up's; the run sets its own
        self.random = random.Random(plan.number)

    def timed(self, action: str, call: Callable[[], T]) -> T | None:
        start = time.perf_counter()
        outcome, result = "ok", None
        try:
            result = call()
        except AlreadyHandled:
            outcome = "already handled"
        except Exception as error:  # every other error is a figure to report
            outcome = f"{type(error).__name__}: {error}"
        self.samples.append(Sample(action, time.perf_counter() - start, outcome))
        return result

    def pause(self, seconds: float) -> None:
        """Wait, polling the queue whenever the console's timer says so."""
        end = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            if now >= self.next_poll:
                self.queue = self.timed("poll", lambda: queries.pending(self.db)) or []
                self.next_poll = now + POLL_SECONDS
            if now >= end:
                return
            time.sleep(max(0.0, min(end, self.next_poll) - now))

    def cycle(self) -> None:
        plan = self.plan
        form = factories.make_form(id_number=f"617101050690{self.random.randrange(1, 9999):04d}")
        self.timed("submit", lambda: visits.submit_visit(self.db, plan.settings, form))
        self.cycles += 1
        while True:
            self.pause(plan.think)
            mine = [v for v in self.queue if v.terminal == plan.settings.terminal_name]
            others = [v for v in self.queue if v.terminal != plan.settings.terminal_name]
            if others and self.cycles % HELP_EVERY == 0:
                self.serve(others[0])
            if mine:
                self.serve(mine[0])
                return
            if time.monotonic() > self.deadline:
                return

    def serve(self, waiting: VisitSummary) -> None:
        """Approve a waiting visit, then see it through to its archive."""
        plan = self.plan
        number = queries.get_visit(self.db, waiting.id).id_number  # the approval dialog
        approval = visits.Approval(escort_id=plan.escort_id, badge_number=plan.badge,
                                   id_card_type="ktp", id_card_number=number)
        visit = self.timed("approve", lambda: visits.approve(
            self.db, plan.operator, waiting.id, waiting.version, approval,
            settings=plan.settings))
        self.queue = [v for v in self.queue if v.id != waiting.id]
        if visit is None:
            return
        self.pause(plan.think)
        entered = self.timed("enter", lambda: visits.mark_entered(
            self.db, plan.operator, visit.id, visit.version))
        if entered is None:
            return
        self.pause(plan.think)
        devices = tuple(checkout.DeviceCheck(d.id, DeviceExit.CARRIED_OUT)
                        for d in queries.get_visit(self.db, visit.id).devices)
        left = self.timed("check out", lambda: checkout.check_out(
            self.db, plan.settings, plan.operator, entered.id, entered.version,
            checkout.CheckOut(devices, True, True)))
        if left is None:
            return
        self.pause(plan.think)
        self.timed("archive", lambda: checkout.archive(
            self.db, plan.operator, left.id, f"{left.id:064x}", f"/archive/{left.id}.pdf"))

    def run(self, go: Event, ready: Any) -> tuple[list[Sample], list[float]]:
        self.cycle()  # warm-up: connections, statements compiled, caches
        self.samples.clear()
        self.watch_head()
        ready.put(self.plan.number)
        go.wait()
        self.deadline = time.monotonic() + self.plan.seconds
        self.pause(self.random.uniform(0.0, STAGGER_SECONDS))
        while time.monotonic() < self.deadline:
            self.cycle()
        self.db.dispose()
        return self.samples, self.head_waits

    def watch_head(self) -> None:
        """Time each append to the audit chain: its lock on the head is where doors wait."""
        append = audit.append

        def timed_append(*args: Any, **kwargs: Any) -> None:
            start = time.perf_counter()
            append(*args, **kwargs)
            self.head_waits.append(time.perf_counter() - start)

        audit.append = timed_append


def run_door(plan: DoorPlan, go: Event, ready: Any, results: Any) -> None:
    results.put(Door(plan).run(go, ready))


def open_site(url: str, settings: Settings, doors: int) -> tuple[Team, list[int]]:
    """Staff who are told, a deny list, and a badge for each door's desk."""
    db = Database(url)
    migrate.upgrade(db)
    team = factories.make_team(db)
    add_deny_list(db, team, 60)
    for actor in (team.operator, team.second_operator):
        staff.set_notify_target(db, team.supervisor, actor.staff_id or 0,
                                f"{actor.username}@example.go.id")
    add_badges(db, team.supervisor, doors)
    badges = available_numbers(db)[:doors]
    db.dispose()
    return team, badges


def plans(url: str, settings: Settings, team: Team, badges: list[int], think: float,
          seconds: float) -> list[DoorPlan]:
    crew = ((team.operator, team.second_operator), (team.second_operator, team.operator))
    return [DoorPlan(n, url, dataclasses.replace(settings, terminal_name=f"Pintu {n + 1}"),
                     crew[n % 2][0], crew[n % 2][1].staff_id or 0, badge, think, seconds)
            for n, badge in enumerate(badges)]


def report(samples: list[Sample], head_waits: list[float], seconds: float) -> None:
    print(f"{'action':10} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'already handled':>15} {'errors':>6}")
    for action in ACTIONS:
        mine = [s for s in samples if s.action == action]
        if not mine:
            continue
        times = [s.seconds * 1000 for s in mine]
        outcomes = Counter(s.outcome for s in mine)
        errors = len(mine) - outcomes["ok"] - outcomes["already handled"]
        print(f"{action:10} {len(mine):6d} {statistics.median(times):7.1f} "
              f"{percentile(times, 95):7.1f} {max(times):7.1f} "
              f"{outcomes['already handled']:15d} {errors:6d}")
    acts = [s.seconds * 1000 for s in samples if s.action != "poll"]
    print(f"all actions but polls: {len(acts)} in {seconds:.0f} s ({len(acts) / seconds:.1f}/s), "
          f"p50 {statistics.median(acts):.1f} ms, p95 {percentile(acts, 95):.1f} ms "
          f"(target: p95 under {TARGET_P95_MS:.0f} ms)")
    waits = [w * 1000 for w in head_waits]
    if waits:
        print(f"audit append (head lock wait, event, head update): {len(waits)}, "
              f"p50 {statistics.median(waits):.1f} ms, p95 {percentile(waits, 95):.1f} ms")
    failed = Counter(s.outcome for s in samples if s.outcome not in ("ok", "already handled"))
    print(f"errors other than already handled: {sum(failed.values())}")
    for outcome, count in failed.most_common(5):
        print(f"  {count} x {outcome[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doors", type=int, default=DOORS)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0,
                        help="the operator's pause between actions, in seconds")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    server = start_server(durable=True)
    context = multiprocessing.get_context("spawn")
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = server.create_database()
            settings = office_settings(Path(folder))
            team, badges = open_site(url, settings, args.doors)
            go, ready, results = context.Event(), context.Queue(), context.Queue()
            doors = [context.Process(target=run_door, args=(plan, go, ready, results))
                     for plan in plans(url, settings, team, badges, args.think, args.seconds)]
            for door in doors:
                door.start()
            for _ in doors:
                ready.get(timeout=600)
            print(f"\n== {len(doors)} doors, one process and pool each, on one PostgreSQL "
                  f"(durable; loopback), {args.seconds:.0f} s, {args.think:.1f} s between "
                  f"actions, queue polled every {POLL_SECONDS} s ==")
            go.set()
            samples: list[Sample] = []
            head_waits: list[float] = []
            for _ in doors:
                door_samples, door_waits = results.get(timeout=args.seconds + 600)
                samples += door_samples
                head_waits += door_waits
            for door in doors:
                door.join()
            report(samples, head_waits, args.seconds)
    finally:
        remove_server(server)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
