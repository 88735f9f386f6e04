"""The visit's states and which steps lead between them (SOP steps 2-7).

``submitted -> approved | refused -> inside -> checked_out -> archived``, plus
``cancelled`` and ``no_show`` for visits that end before anyone walks in.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.types import STATE_LABELS, VisitState
from kiosk.errors import IllegalTransition

S = VisitState

TRANSITIONS: dict[VisitState, frozenset[VisitState]] = {
    S.SUBMITTED: frozenset({S.APPROVED, S.REFUSED, S.CANCELLED, S.NO_SHOW}),
    S.APPROVED: frozenset({S.INSIDE, S.CANCELLED, S.NO_SHOW}),
    S.INSIDE: frozenset({S.CHECKED_OUT}),
    S.CHECKED_OUT: frozenset({S.ARCHIVED}),
    S.REFUSED: frozenset(),
    S.ARCHIVED: frozenset(),
    S.CANCELLED: frozenset(),
    S.NO_SHOW: frozenset(),
}

#: States in which the visitor holds a badge and the desk holds the ID card.
IN_CUSTODY: frozenset[VisitState] = frozenset({S.APPROVED, S.INSIDE})
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


def allowed_stay(planned_minutes: int, sop_minutes: int) -> dt.timedelta:
    """How long a visitor may be inside before they are overdue: the planned duration or
    the SOP's standard time, whichever ends first (the board flags either being over)."""
    return dt.timedelta(minutes=min(planned_minutes, sop_minutes))
