"""The report's figures against the known day (SQLite; the last test on both backends)."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to
from kiosk.domain.figures import AnomalyKind, ReportFigures, figures, inside_by_hour
from kiosk.services.report_data import period_data
from tests.support.doc_scenario import DAY, NIKS, Day, at, build_day


@pytest.fixture(scope="module")
def fig_and_ids(day: Day) -> tuple[ReportFigures, dict[str, int]]:
    with travel_to(at(16, 0)):
        data = period_data(day.db, DAY, DAY)
    return figures(data, day.settings), day.scenario.ids


def test_counts_by_purpose_include_purged_visits(fig_and_ids: tuple, settings: Settings
                                                 ) -> None:
    fig, _ = fig_and_ids
    counts = {p.key: (p.visits, p.refused) for p in fig.purposes}
    assert counts == {"server_maintenance": (1, 0), "genset_maintenance": (0, 0),
                      "repair": (1, 0), "installation": (1, 0), "inspection": (1, 1),
                      "delivery": (2, 1), "other": (0, 0)}
    assert [p.key for p in fig.purposes] == [p.key for p in settings.purposes]
    t = fig.totals
    assert (t.visits, t.entered, t.refused, t.inside, t.purged, t.devices) == (6, 3, 2, 1, 2, 5)


def test_only_the_day_is_read_and_nik_is_masked(fig_and_ids: tuple) -> None:
    fig, ids = fig_and_ids
    assert [v.id for v in fig.data.visits] == [ids["repair"], ids["maintenance"],
                                                ids["refused"], ids["inside"]]
    for visit, nik in zip(fig.data.visits, NIKS, strict=False):
        assert nik not in visit.masked_id
        assert visit.masked_id.startswith(nik[:4]) and visit.masked_id.endswith(nik[-4:])


def test_sop_timings(fig_and_ids: tuple) -> None:
    fig, ids = fig_and_ids
    steps = {s.key: s for s in fig.timings}
    decision = steps["form_to_decision"]
    assert (decision.measured, decision.median, decision.worst, decision.over) == (4, 4.5, 7, 1)
    assert decision.worst_visit == f"{ids['refused']:04d}"
    visit = steps["visit"]
    assert (visit.measured, visit.median, visit.worst, visit.over) == (2, 82.5, 95, 2)
    check_out = steps["check_out"]
    assert (check_out.measured, check_out.median, check_out.not_measured) == (1, 3, 1)
    assert check_out.over == 0


def test_anomalies(fig_and_ids: tuple) -> None:
    fig, ids = fig_and_ids
    found = {(a.kind, a.visit_number) for a in fig.anomalies}
    number = {k: f"{v:04d}" for k, v in ids.items()}
    assert found == {
        (AnomalyKind.OVERDUE, number["repair"]),  # 70 min of 60 planned
        (AnomalyKind.OVERDUE, number["maintenance"]),
        (AnomalyKind.DEVICE, number["maintenance"]),
        (AnomalyKind.REFUSED, number["refused"]),
        (AnomalyKind.OVERDUE, number["inside"]),  # 3 h inside of 30 min planned
        (AnomalyKind.BADGE, number["inside"]),
    }
    device = next(a for a in fig.anomalies if a.kind is AnomalyKind.DEVICE)
    assert "FOC2231X0AB" in device.text("id") and "Dipasang di rak A3" in device.text("id")
    assert "ditinggal di ruang server" in device.text("id")


def test_inside_by_hour(fig_and_ids: tuple) -> None:
    fig, _ = fig_and_ids
    hours = inside_by_hour(fig.data, DAY)
    # 09:04-10:14, 10:02-11:37, 13:00-now(16:00)
    assert hours[8] == 0 and hours[9] == 1 and hours[10] == 2 and hours[11] == 1
    assert hours[12] == 0 and hours[13] == hours[14] == hours[15] == 1 and hours[16] == 0


def test_the_same_figures_on_both_backends(db: Database, settings: Settings) -> None:
    built = build_day(db, settings)
    with travel_to(at(16, 0)):
        fig = figures(period_data(db, DAY, DAY), settings)
    assert [v.id for v in fig.data.visits] == [built.ids[k] for k in
                                                ("repair", "maintenance", "refused", "inside")]
    assert {p.key: p.visits for p in fig.purposes}["delivery"] == 2
    steps = {s.key: (s.measured, s.median, s.not_measured) for s in fig.timings}
    assert steps == {"form_to_decision": (4, 4.5, 0), "visit": (2, 82.5, 0),
                     "check_out": (1, 3, 1)}
    assert len(fig.anomalies) == 6
