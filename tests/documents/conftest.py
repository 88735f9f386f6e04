"""The known day of ``doc_scenario``, built once per test module (staff PINs are hashed
with Argon2, which makes building it cost seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.config import Settings
from kiosk.domain.clock import travel_to
from tests.support.doc_scenario import Day, at, build_day, fresh_database


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    """The day above; tests run with the clock at 16:00 that day (see ``at_four``)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("documents") / "data")
    db = fresh_database(settings)
    built = build_day(db, settings)
    yield Day(db, settings, built)
    db.dispose()


@pytest.fixture
def at_four() -> Iterator[None]:
    with travel_to(at(16, 0)):
        yield
