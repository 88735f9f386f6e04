"""What the core announces after a change is committed, for screens to refresh.

Listeners are plain callables; the UI wraps them in a Qt signal so they run on the UI
thread. Other terminals sharing a PostgreSQL server learn of changes by polling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VisitEvent:
    visit_id: int
    action: str  # submitted, approved, refused, entered, checked_out, archived, ...
    state: str


Listener = Callable[[VisitEvent], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def publish(event: VisitEvent) -> None:
    """Tell every listener; one that fails is logged and does not stop the others."""
    for listener in list(_listeners):
        try:
            listener(event)
        except Exception:
            log.exception("event listener failed for %s", event)
