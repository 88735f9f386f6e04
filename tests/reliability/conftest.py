"""Fixtures for the reliability checks, and the figures they report.

Checks that count something (kills survived, fuzz cases run, refusals checked) take the
``figures`` fixture and call it with a name and a number; the figures are printed at the
end of the run in a "reliability figures" section, so CI output shows them without ``-s``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from kiosk.db.database import Database
from tests.support.factories import Team, make_team

FIGURES: Counter[str] = Counter()


Record = Callable[..., None]


def _record(name: str, value: int = 1) -> None:
    FIGURES[name] += value


@pytest.fixture
def figures() -> Record:
    """``figures(name, value=1)`` adds to a figure printed at the end of the run."""
    return _record


@pytest.fixture
def lite_team(sqlite_db: Database) -> Team:
    """A team on SQLite only, for checks whose answer does not depend on the backend."""
    return make_team(sqlite_db)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, value in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{name}: {value}")
