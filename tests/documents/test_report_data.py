"""The report's figures against the known day (SQLite; the last test on both backends)."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from kiosk.db.database import Database
from kiosk.domain.clock import travel_to
from kiosk.domain.figures import AnomalyKind, Period, ReportFigures, figures, presence_by_hour
from kiosk.services.report_data import period_data
from tests.support.doc_scenario import DAY, NIKS, Day, at, build_day


@pytest.fixture(scope="module")
def fig_and_ids(day: Day) -> tuple[ReportFigures, dict[str, int]]:
    with travel_to(at(16, 0)):
        data = period_data(day.db, Period.day(DAY))
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
    """Each visit counts once, under its first kind; a visitor still inside is "still
    inside at cut-off", not also overdue and "badge still out"."""
    fig, ids = fig_and_ids
    number = {k: f"{v:04d}" for k, v in ids.items()}
    primary = {a.visit_number: a.kind for a in fig.anomalies}
    assert primary == {
        number["repair"]: AnomalyKind.OVERDUE,  # 70 min of 60 planned
        number["maintenance"]: AnomalyKind.DEVICE,  # also overdue: 95 of 60
        number["refused"]: AnomalyKind.REFUSED,
        number["inside"]: AnomalyKind.STILL_INSIDE,  # 3 h inside of 30 min planned at 16:00
    }
    maintenance = next(a for a in fig.anomalies if a.visit_number == number["maintenance"])
    assert [f.kind for f in maintenance.findings] == [AnomalyKind.DEVICE, AnomalyKind.OVERDUE]
    assert fig.anomaly_visits == 4
    device = maintenance.findings[0]
    assert device.params["device"].endswith("(FOC2231X0AB)")
    assert device.params["note"] == "Dipasang di rak A3"


def test_inside_by_hour(fig_and_ids: tuple) -> None:
    fig, _ = fig_and_ids
    presence = presence_by_hour(fig.data, DAY)
    hours = presence.recorded
    # 09:04-10:14, 10:02-11:37 on record; 13:00-now(16:00) without an exit on record
    assert hours[8] == 0 and hours[9] == 1 and hours[10] == 2 and hours[11] == 1
    assert hours[12:] == [0] * 12
    assert presence.unknown[12] == 0 and presence.unknown[13:16] == [1, 1, 1]
    assert presence.unknown[16:] == [0] * 8


def test_the_same_figures_on_both_backends(db: Database, settings: Settings) -> None:
    built = build_day(db, settings)
    with travel_to(at(16, 0)):
        fig = figures(period_data(db, Period.day(DAY)), settings)
    assert [v.id for v in fig.data.visits] == [built.ids[k] for k in
                                                ("repair", "maintenance", "refused", "inside")]
    assert {p.key: p.visits for p in fig.purposes}["delivery"] == 2
    steps = {s.key: (s.measured, s.median, s.not_measured) for s in fig.timings}
    assert steps == {"form_to_decision": (4, 4.5, 0), "visit": (2, 82.5, 0),
                     "check_out": (1, 3, 1)}
    assert fig.anomaly_visits == 4
