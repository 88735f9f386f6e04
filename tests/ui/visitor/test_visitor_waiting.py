"""The waiting screen follows the operator's decision, so a refused visitor is told why."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.services import visits
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.flow import VisitorFlow
from tests.support import factories


def test_refusal_reaches_the_waiting_visitor(qtbot: QtBot, ctx: AppContext, flow: VisitorFlow,
                                             settings: Settings) -> None:
    team = factories.make_team(ctx.db)
    visit = factories.submitted(ctx.db, ctx.settings)
    flow.waiting.show_visit(visit)
    assert flow.waiting.status.text() == "Menunggu keputusan petugas…"
    visits.refuse(ctx.db, team.operator, visit.id, visit.version, "Surat tugas tidak dibawa")
    qtbot.waitUntil(lambda: "Surat tugas tidak dibawa" in flow.waiting.status.text(),
                    timeout=6000)
    assert flow.waiting.status.property("role") == "error"
    assert not flow.waiting._poll.isActive()  # a decided visit is not asked about again


def test_approval_reaches_the_waiting_visitor(qtbot: QtBot, ctx: AppContext,
                                              flow: VisitorFlow) -> None:
    team = factories.make_team(ctx.db)
    visit = factories.approved(ctx.db, ctx.settings, team)
    flow.waiting.show_visit(visit)
    qtbot.waitUntil(lambda: flow.waiting.status.property("role") == "success", timeout=6000)
    assert flow.waiting.status.text().startswith("✓ Disetujui")
    flow.waiting.clear()
    assert flow.waiting.status.text() == ""
