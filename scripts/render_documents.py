"""Render the first page of every document on demo data to docs/screenshots/doc-<name>.png.

The pages are drawn by the kiosk's own renderer (QtPdf), so they show what the preview
and the printer get.

The demo week is made at a fixed moment (Monday 23 November 2026, 15:00 WIB) so the
pictures are the same on every run; look at them after changing a layout.

    .venv/bin/python -m scripts.render_documents [--dpi 80] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from kiosk.config import Settings
from kiosk.documents.cards import badge_sheet_pdf, invitation_pdf, visit_badge_pdf
from kiosk.documents.evacuation import evacuation_pdf
from kiosk.domain.clock import at_site, travel_to
from kiosk.domain.figures import Period
from kiosk.domain.records import InvitationRecord
from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.domain.types import IdType, VisitState
from kiosk.services import badges, queries, rollcall, staff
from kiosk.services.actors import SYSTEM
from kiosk.services.demo import fill_demo
from kiosk.services.reports import write_report
from kiosk.services.store import Store, open_database
from kiosk.ui.pdf_pages import PdfPages

MOMENT = at_site(dt.date(2026, 11, 23), dt.time(15, 0))
SECRET = b"demo-secret-for-screenshots-only!"



def roll_call(db: Store, settings: Settings) -> Path:
    """The roll call of everyone inside at ``MOMENT``: the first person accounted for at
    another terminal, the rest still missing when it ends 9 minutes later."""
    budi = staff.actor_for_record(staff.find_staff(db, "budi"))
    sari = staff.actor_for_record(staff.find_staff(db, "sari"))
    with travel_to(MOMENT) as advance:
        call, _ = rollcall.start(db, budi, "Pintu 1")
        advance(dt.timedelta(minutes=2, seconds=41))
        rollcall.mark(db, sari, call.id, call.lines[0].visit_id, "Pintu 2")
        advance(dt.timedelta(minutes=6, seconds=41))
        ended = rollcall.end(db, settings, budi, call.id, "Pintu 1")
    return Path(ended.archive_path or "")


def render(out_dir: Path, dpi: int) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pintu-docs-") as tmp:
        folder = Path(tmp)
        settings = Settings(data_dir=folder / "data")
        db = open_database(settings)
        with travel_to(MOMENT):
            fill_demo(db, settings)
            week = queries.visits_between(db, MOMENT - dt.timedelta(days=8), MOMENT)
            archived = [v for v in week if v.state is VisitState.ARCHIVED]
            form = max(archived, key=lambda v: (v.device_count, v.purpose_key ==
                                                 "server_maintenance"))
            inside = queries.inside_now(db)
            pdfs = {
                "visit-form": Path(queries.get_visit(db, form.id).archive_path or ""),
                "badge": visit_badge_pdf(
                    queries.get_visit(db, inside[0].id),
                    issue_token(SECRET, TokenKind.VISIT, inside[0].id,
                                MOMENT + dt.timedelta(hours=settings.token_ttl_hours)),
                    settings, folder / "badge.pdf"),
                "badge-sheet": badge_sheet_pdf(
                    (pool := badges.list_badges(db))[:10],
                    [badges.badge_token(SECRET, b) for b in pool[:10]], settings,
                    folder / "sheet.pdf"),
                "invitation": invitation_pdf(
                    InvitationRecord(12, "Nguyễn Thị Ṣafiyyah", IdType.KTP,
                                     "6171054203910007", "PT Khatulistiwa Net",
                                     "0812 5566 7788", "server_maintenance",
                                     "Penggantian disk server SIMPEG",
                                     "Seksi Jaringan dan Data Center", MOMENT.date(),
                                     "DEMO0012", MOMENT, None, None),
                    issue_token(SECRET, TokenKind.INVITATION, 12,
                                MOMENT + dt.timedelta(hours=9)),
                    settings, folder / "invitation.pdf"),
                "evacuation": evacuation_pdf(inside, MOMENT, settings,
                                             folder / "evacuation.pdf"),
                "roll-call": roll_call(db, settings),
            }
            write_report(db, settings, SYSTEM, Period.day(MOMENT.date()), "id",
                         folder / "daily.pdf")
            write_report(db, settings, SYSTEM, Period.month(2026, 11), "id",
                         folder / "monthly.pdf")
        pdfs["daily-report"] = folder / "daily.pdf"
        pdfs["monthly-report"] = folder / "monthly.pdf"
        made = []
        for name, pdf in pdfs.items():
            target = out_dir / f"doc-{name}.png"
            with PdfPages(pdf) as pages:
                if not pages.render(0, dpi).save(str(target)):
                    raise SystemExit(f"cannot write {target}")
            made.append(target)
        db.dispose()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    for path in render(args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
