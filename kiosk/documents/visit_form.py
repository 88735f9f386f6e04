"""The visit form ("Formulir Kunjungan Ruang Server") as it is filed at SOP step 7.

It holds every field the visitor gave, the devices with their serials in and out, custody
of the badge and the ID card, the people who approved, escorted and checked the visitor
out, the four timestamps with the SOP's standard times beside them, the signature, the
maintenance checklist and the hash of the visit's last audit event, so the paper can be
matched with the tamper-evident trail.

The full NIK is not printed: the form is a copy that gets printed and filed in binders,
while the full number stays in the database, where access is controlled and the retention
purge reaches it. The masked number with the name and organisation identifies the visitor.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kiosk.config import Settings
from kiosk.documents.common import (
    duration_text,
    id_type_label,
    image_flowable,
    purpose_label,
    state_label,
    yes_no,
)
from kiosk.documents.layout import (
    A4,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    DocMeta,
    Styles,
    fields_table,
    grid_style,
    para,
    render_bytes,
    section,
    signature_block,
    styles,
)
from kiosk.domain.checklists import answer_lines, checklist_for
from kiosk.domain.figures import local_day, minutes_between
from kiosk.domain.records import VisitDetail, masked_id
from kiosk.domain.types import DEVICE_EXIT_LABELS, PHOTO_ABSENCE_LABELS, DeviceExit, VisitState
from kiosk.formats import datetime_text, long_date
from kiosk.i18n import N_, translate

WIDTH = A4[0] - 2 * MARGIN
COPY_MARK = "SALINAN / COPY"


def form_moment(detail: VisitDetail) -> Any:
    """The moment the form was completed: it dates the PDF, so a re-render matches."""
    s = detail.summary
    return s.left_at or s.decided_at or s.submitted_at


def visit_form_pdf(detail: VisitDetail, chain_hash: str, settings: Settings,
                   language: str = "id", copy_note: str = "") -> bytes:
    """The form's PDF bytes. ``copy_note`` marks a re-created copy (watermark and a line
    saying why), which is then no longer the archived original."""
    s = detail.summary
    meta = DocMeta(
        title=translate("Server Room Visit Form", language),
        reference=translate("Visit No. {number}", language, number=s.number),
        language=language, made_at=form_moment(detail),
        watermark=COPY_MARK if copy_note else "",
    )
    return render_bytes(_story(detail, chain_hash, settings, language, copy_note), meta,
                        settings)


def _story(detail: VisitDetail, chain_hash: str, settings: Settings, language: str,
           copy_note: str) -> list[Flowable]:
    st = styles()
    s = detail.summary
    lang = language


    story: list[Flowable] = [
        para(translate("Server Room Visit Form", lang), st.title),
        para(translate("Visit No. {number} · {date} · {state}", lang, number=s.number,
               date=long_date(local_day(s.submitted_at), lang),
               state=state_label(_filed_state(s.state), lang)), st.subtitle),
    ]
    if copy_note:
        story += [para(copy_note, st.body, bold=True), Spacer(1, 3 * mm)]
    story += _visitor(detail, settings, st, lang)
    story += [section(translate("Times and people", lang), st), _times(detail, settings, st, lang)]
    story += _custody(detail, st, lang)
    story += _devices(detail, st, lang)
    story += _checklist(detail, settings, st, lang)
    story += _notes(detail, st, lang)
    story += _signatures(detail, st, lang)
    story += [Spacer(1, 5 * mm), _verification(chain_hash, st, lang)]
    return story


def _filed_state(state: VisitState) -> VisitState:
    """The form is made to be filed: it reads "archived" both when it is rendered for the
    archive and when it is re-created later, so both renderings are the same bytes."""
    return VisitState.ARCHIVED if state is VisitState.CHECKED_OUT else state


def _visitor(detail: VisitDetail, settings: Settings, st: Styles, lang: str) -> list[Flowable]:
    s = detail.summary
    visitor = [
        (translate("Full name", lang), s.full_name),
        (translate("Organisation", lang), s.organisation),
        (translate("ID document", lang), id_type_label(s.id_type, lang)),
        (translate("ID number", lang), s.masked_id),
        (translate("Phone", lang), detail.phone),
        (translate("Form language", lang), "Bahasa Indonesia" if detail.language == "id"
         else "English"),
    ]
    visit = [
        (translate("Purpose", lang), purpose_label(settings, s.purpose_key, lang)),
        (translate("Planned duration", lang), duration_text(s.planned_minutes, lang)),
        (translate("Purpose details", lang), s.purpose_text),
        (translate("Person in charge", lang), s.pic),
        (translate("Letter of assignment", lang), detail.reference_letter),
        (translate("Terminal", lang), s.terminal),
    ]
    if detail.work_order:
        visit.append((translate("Work order", lang), detail.work_order))
    if detail.window is not None:
        visit.append((translate("Window", lang), detail.window.text()))
    if detail.window_override_reason:
        visit.append((translate("Let in outside the window", lang),
                      detail.window_override_reason))
    if detail.pass_id is not None:
        visit.append((translate("Contractor pass", lang), f"P{detail.pass_id:04d}"))
    photo = image_flowable(detail.photo_jpeg, 28 * mm, 36 * mm)
    if photo is None and detail.no_photo_reason is not None:
        visitor.append((translate("Photo", lang),
                        translate(PHOTO_ABSENCE_LABELS[detail.no_photo_reason], lang)))
    people: Flowable = fields_table(visitor, st, WIDTH - (32 * mm if photo else 0))
    if photo is not None:
        people = Table([[people, photo]], colWidths=[WIDTH - 32 * mm, 32 * mm],
                       style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    return [section(translate("Visitor", lang), st), people,
            section(translate("Visit", lang), st), fields_table(visit, st, WIDTH)]


def _times(detail: VisitDetail, settings: Settings, st: Styles, lang: str) -> Table:
    s = detail.summary
    sop = settings.sop
    if s.decided_at is None:
        decision = translate("Decision", lang)
    elif detail.refusal_reason:
        decision = translate("Refused", lang)
    else:
        decision = translate("Approved", lang)
    rows = [
        (translate("Form submitted", lang), s.submitted_at, translate("Visitor", lang),
         None, None),
        (decision, s.decided_at, detail.decided_by,
         minutes_between(s.submitted_at, s.decided_at), sop.form_to_decision),
        (translate("Entered the room", lang), s.entered_at,
         translate("Escort: {name}", lang, name=s.escort_name) if s.escort_name else None,
         None, None),
        (translate("Left the room", lang), s.left_at, detail.checked_out_by,
         minutes_between(s.entered_at, s.left_at), sop.visit),
    ]
    head = [translate(h, lang) for h in (N_("Step"), N_("Time"), N_("Recorded by"),
                                         N_("Took"), N_("SOP standard"))]
    data: list[list[Any]] = [[para(h, st.head_cell) for h in head]]
    for step, moment, who, took, standard in rows:
        over = took is not None and standard is not None and took > standard
        data.append([para(step, st.cell), para(datetime_text(moment, lang), st.cell),
                     para(who or "–", st.cell),
                     para(duration_text(took, lang), st.warn if over else st.cell),
                     para(duration_text(standard, lang) if standard else "", st.cell)])
    table = Table(data, colWidths=[38 * mm, 44 * mm, 46 * mm, 23 * mm, WIDTH - 151 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle(grid_style(rows=len(data), zebra=False)))
    return table


def _custody(detail: VisitDetail, st: Styles, lang: str) -> list[Flowable]:
    """Badge on the left, ID card on the right: what went out and what stayed at the desk."""

    def returned(moment: Any) -> str:
        return datetime_text(moment, lang) if moment else translate("Not returned", lang)

    badge: list[tuple[str, str]] = []
    for loan in detail.badge_loans:
        badge += [(translate("Visitor badge", lang),
                   translate("No. {number}", lang, number=loan.badge_number)),
                  (translate("Badge handed out", lang), datetime_text(loan.issued_at, lang)),
                  (translate("Badge returned", lang), returned(loan.returned_at))]
    card: list[tuple[str, str]] = []
    for held in detail.id_cards:
        card += [(translate("ID card held", lang), f"{id_type_label(held.id_type, lang)} "
                  f"{masked_id(held.id_type, held.id_number)}"),
                 (translate("ID card taken", lang), datetime_text(held.taken_at, lang)),
                 (translate("ID card returned", lang), returned(held.returned_at)),
                 (translate("Differs from the form", lang),
                  held.mismatch_note or translate("No", lang))]
    if not badge and not card:
        return []
    rows: list[tuple[str, str]] = []
    for left, right in zip_longest(badge, card, fillvalue=("", "")):
        rows += [left, right]
    return [section(translate("Badge and ID card", lang), st), fields_table(rows, st, WIDTH)]


def _devices(detail: VisitDetail, st: Styles, lang: str) -> list[Flowable]:

    if not detail.devices:
        return [section(translate("Devices", lang), st),
                para(translate("No devices were brought in.", lang), st.body)]
    head = [translate("No.", lang), translate("Device", lang),
            translate("Serial at entry", lang), translate("Serial at exit", lang),
            translate("At exit", lang), translate("Note", lang)]
    data: list[list[Any]] = [[para(h, st.head_cell) for h in head]]
    for index, device in enumerate(detail.devices, start=1):
        entry = device.serial if device.carried_in else translate("(not listed at entry)", lang)
        state = translate(DEVICE_EXIT_LABELS[device.exit_state], lang)
        bad = not device.carried_in or device.exit_state in {
            DeviceExit.LEFT_INSIDE, DeviceExit.MISSING, DeviceExit.MISMATCH}
        data.append([para(str(index), st.cell),
                     para(f"{device.kind}\n{device.brand_model}", st.cell),
                     para(entry, st.cell), para(device.exit_serial or "–", st.cell),
                     para(state, st.alert if bad else st.cell),
                     para(device.exit_note or "", st.cell)])
    table = Table(data, colWidths=[9 * mm, 44 * mm, 30 * mm, 30 * mm, 24 * mm,
                                   WIDTH - 137 * mm], repeatRows=1)
    table.setStyle(TableStyle(grid_style(rows=len(data))))
    return [section(translate("Devices", lang), st), table]


def _checklist(detail: VisitDetail, settings: Settings, st: Styles, lang: str
               ) -> list[Flowable]:
    """The maintenance checklist in the words of its definition (``assets/checklists``);
    answers whose item is no longer defined are still printed, under their key."""
    if not detail.checklist:
        return []
    checklist = checklist_for(settings, detail.summary.purpose_key)
    rows = answer_lines(checklist, detail.checklist, lang) if checklist else []
    known = {item.key for item in checklist.items} if checklist else set()
    for key, value in detail.checklist.items():
        if key not in known:
            shown = yes_no(value, lang) if isinstance(value, bool) else str(value)
            rows.append((key.replace("_", " ").capitalize(), shown))
    rows.append((translate("Problem found", lang), yes_no(detail.problem_found, lang)))
    title = checklist.title(lang) if checklist else translate("Maintenance checklist", lang)
    return [section(title, st), fields_table(rows, st, WIDTH)]


def _notes(detail: VisitDetail, st: Styles, lang: str) -> list[Flowable]:
    rows = [(label, text) for label, text in (
        (translate("Refusal reason", lang), detail.refusal_reason),
        (translate("Deny-list override", lang), detail.deny_override_reason),
        (translate("Check-out note", lang), detail.checkout_note),
        (translate("Closed because", lang), detail.closed_reason),
    ) if text]
    if not rows:
        return []
    return [section(translate("Notes", lang), st), fields_table(rows, st, WIDTH, columns=1)]


def _signatures(detail: VisitDetail, st: Styles, lang: str) -> list[Flowable]:
    s = detail.summary
    signature = image_flowable(detail.signature_png, 60 * mm, 20 * mm)
    visitor_cell: list[Flowable] = [para(translate("Visitor", lang), st.small)]
    visitor_cell.append(signature if signature is not None else para(
        translate("(no signature on record)", lang), st.tiny))
    visitor_cell += [para(s.full_name, st.small, bold=True),
                     para(translate("Agreed to the use of their data on {moment}", lang,
                                    moment=datetime_text(detail.consent_at, lang)), st.tiny)]
    operator = signature_block(
        st, lang, "", [(translate("Check-out operator", lang), detail.checked_out_by or "")],
        WIDTH / 2)
    table = Table([[visitor_cell, operator]], colWidths=[WIDTH / 2, WIDTH / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether([section(translate("Signatures", lang), st), table])]


def _verification(chain_hash: str, st: Styles, lang: str) -> Table:
    text = translate(
        "Audit-chain hash of this visit: {hash}. The PDF is sealed and its SHA-256 recorded "
        "with the visit when it is archived; check the file with \"pintu verify-pdf\" and "
        "the trail with \"pintu audit verify\".", lang,
        hash=chain_hash)
    table = Table([[para(text, st.tiny)]], colWidths=[WIDTH])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), SHADE),
                               ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                               ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                               ("LEFTPADDING", (0, 0), (-1, -1), 5),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table
