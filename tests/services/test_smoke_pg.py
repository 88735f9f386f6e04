from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.services import audit
from kiosk.testing import factories
from kiosk.testing.factories import Team


def test_full_cycle(db: Database, settings: Settings, team: Team) -> None:
    visit = factories.checked_out(db, settings, team)
    assert visit.state.value == "checked_out"
    assert audit.verify(db).ok
