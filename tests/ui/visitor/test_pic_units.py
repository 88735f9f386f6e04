"""The PIC on the visitor's form: a choice among the configured units, or typed."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from kiosk.config import NotifySettings, NotifyUnit
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.details_form import DetailsScreen
from kiosk.ui.visitor.draft import VisitDraft

UNITS = ("Seksi Jaringan dan Data Center", "Bagian Umum")


def _screen(qtbot: QtBot, ctx: AppContext) -> DetailsScreen:
    screen = DetailsScreen(ctx)
    qtbot.addWidget(screen)
    return screen


def test_a_unit_is_chosen_or_a_name_typed(qtbot: QtBot, ctx: AppContext) -> None:
    notify = NotifySettings(mail_server="mailto://127.0.0.1:25",
                            units=tuple(NotifyUnit(n, ("x@kota.go.id",)) for n in UNITS))
    screen = _screen(qtbot, dataclasses.replace(
        ctx, settings=dataclasses.replace(ctx.settings, notify=notify)))
    draft = VisitDraft()
    draft.pic = "bagian umum"  # an invitation typed it so: the unit's button is chosen
    screen.load(draft)
    assert screen.pic_unit.value() == "1"
    screen.pic_unit.button("0").click()
    assert screen.pic.text() == UNITS[0] and screen.pic_unit.value() == "0"
    qtbot.keyClicks(screen.pic.editor, " lantai 2")  # no longer a unit: free text
    assert screen.pic_unit.value() is None
    assert screen.pic.text() == UNITS[0] + " lantai 2"
    screen.keep()
    assert screen._draft.pic == UNITS[0] + " lantai 2"


def test_without_units_the_pic_is_typed_as_before(qtbot: QtBot, ctx: AppContext) -> None:
    screen = _screen(qtbot, ctx)
    screen.load(VisitDraft())
    assert screen.pic_unit.isHidden()
    assert screen.pic.label.text() == "Orang atau unit yang Anda temui (PIC)"
