"""The visit's states and which steps lead between them (SOP steps 2-7), and the day's end.

``submitted -> approved | refused -> inside -> checked_out -> archived``, plus
``cancelled`` and ``no_show`` for visits that end before anyone walks in, and
``left_unrecorded`` for a visit closed at the day's end without an exit check.

The SOP wants an exit time for everyone. At the configured day end (``Settings.day_end``)
every visit of the day still open (a form never decided, a badge handed out to someone
never marked as gone in, a visitor inside) must be resolved by the operator, with a reason:

* checked out late, with the real exit time the operator enters (``check_out``);
* cancelled or marked as a no-show when the visitor never went in (``close_unvisited``);
* marked as *left without check-out* when nobody saw the visitor go (``LEFT_UNRECORDED``).

``LEFT_UNRECORDED`` is a terminal state rather than a flag on ``checked_out``: nothing was
checked at the exit (devices, badge), so it must never read as a check-out, and the form is
not archived as a completed one. It ends custody in its own way: the badge is presumed lost
and taken out of use unless it is back at the desk; the ID card stays at the desk, held for
the visitor (who will come back for it) and handed back later with its own audited step.
The daily report lists it under "Not closed at day end" and as an anomaly, which is how it
reaches the supervisor.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.clock import at_site, local
from kiosk.domain.types import STATE_LABELS, VisitState
from kiosk.errors import IllegalTransition

S = VisitState

TRANSITIONS: dict[VisitState, frozenset[VisitState]] = {
    S.SUBMITTED: frozenset({S.APPROVED, S.REFUSED, S.CANCELLED, S.NO_SHOW}),
    S.APPROVED: frozenset({S.INSIDE, S.CANCELLED, S.NO_SHOW, S.LEFT_UNRECORDED}),
    S.INSIDE: frozenset({S.CHECKED_OUT, S.LEFT_UNRECORDED}),
    S.CHECKED_OUT: frozenset({S.ARCHIVED}),
    S.REFUSED: frozenset(),
    S.ARCHIVED: frozenset(),
    S.CANCELLED: frozenset(),
    S.NO_SHOW: frozenset(),
    S.LEFT_UNRECORDED: frozenset(),
}

#: States in which the visitor holds a badge and the desk holds the ID card.
IN_CUSTODY: frozenset[VisitState] = frozenset({S.APPROVED, S.INSIDE})
#: States that still need someone at the desk to act before the visit is over.
OPEN: frozenset[VisitState] = frozenset({S.SUBMITTED, *IN_CUSTODY})
#: States that end a visit; nothing more happens to it.
FINAL: frozenset[VisitState] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def can_move(current: VisitState, target: VisitState) -> bool:
    return target in TRANSITIONS[current]


def check_move(current: VisitState, target: VisitState) -> None:
    if not can_move(current, target):
        raise IllegalTransition(
            "This visit is {current}; it cannot become {target}.",
            current=STATE_LABELS[current], target=STATE_LABELS[target],
        )


def day_end_at(day: dt.date, end: dt.time) -> dt.datetime:
    """The moment the local ``day`` ends for the desk (``Settings.day_end``), in UTC."""
    return at_site(day, end)


def past_day_end(submitted_at: dt.datetime, now: dt.datetime, end: dt.time) -> bool:
    """Whether the day a visit was submitted on has reached its end at ``now``.

    A visit submitted after the day end (an evening emergency) belongs to a day that has
    already ended: it is listed at once, not the next evening.
    """
    return now >= day_end_at(local(submitted_at).date(), end)


def must_close(state: VisitState, submitted_at: dt.datetime, now: dt.datetime,
               end: dt.time) -> bool:
    """Whether the operator has to resolve this visit before the day counts as closed."""
    return state in OPEN and past_day_end(submitted_at, now, end)
def allowed_stay(planned_minutes: int, sop_minutes: int) -> dt.timedelta:
    """How long a visitor may be inside before they are overdue: the planned duration or
    the SOP's standard time, whichever ends first (the board flags either being over)."""
    return dt.timedelta(minutes=min(planned_minutes, sop_minutes))
