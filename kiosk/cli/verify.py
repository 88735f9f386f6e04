"""``pintu verify-pdf FILE``: is this PDF one Pintu filed, unchanged?

One line per check, in the user's language: the seal (not changed since it was sealed, and
by which certificate), then the records (the file's SHA-256 in the audit chain), then the
verdict. Exit 0 when both checks pass, 1 when the file was changed, is sealed by a stranger
or is unknown to the records, 2 when the file or the database cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import Settings
from kiosk.errors import KnownError
from kiosk.formats import datetime_text
from kiosk.i18n import current_language, tr
from kiosk.services.store import open_database
from kiosk.services.verification import FiledRecord, SealResult, check_pdf_seal, find_filed


class UnreadableFile(KnownError):
    """The file to check cannot be opened (missing, a folder, no permission)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify-pdf", help="check a PDF's seal and find it in the records")
    parser.add_argument("file", type=Path, help="the PDF to check")
    parser.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile("The file {path} cannot be read: {reason}", path=str(path),
                             reason=exc.strerror or str(exc)) from exc
    seal = check_pdf_seal(settings, data)
    print(seal_line(seal))
    for problem in seal.problems:
        print(tr("Note: {problem}", problem=problem), file=sys.stderr)
    record = find_filed(open_database(settings), seal.sha256)
    print(record_line(record, seal.sha256))
    if seal.ok and record is not None and record.ok:
        print(tr("Verdict: genuine. This is the file Pintu filed, unchanged."))
        return 0
    print(tr("Verdict: NOT VERIFIED. Do not rely on this file; ask for the original."))
    return 1


def seal_line(seal: SealResult) -> str:
    check = seal.check
    if not check.sealed:
        return tr("Seal: MISSING. The file carries no electronic seal.")
    if not check.intact:
        return tr("Seal: BROKEN. The file was changed after it was sealed, or the seal is "
                  "damaged.")
    moment = datetime_text(check.signed_at, current_language())
    if seal.own:
        return tr("Seal: intact. Sealed by {signer} on {moment} with this site's "
                  "certificate; not one byte changed since.", signer=check.signer,
                  moment=moment)
    if check.trusted:
        return tr("Seal: intact. Sealed by {signer} on {moment} with a certificate this "
                  "site trusts; not one byte changed since.", signer=check.signer,
                  moment=moment)
    return tr("Seal: NOT TRUSTED. Unchanged since {signer} sealed it, but that certificate "
              "(SHA-256 {fingerprint}) is neither this site's nor one it trusts.",
              signer=check.signer, fingerprint=check.fingerprint[:16])


def record_line(record: FiledRecord | None, sha256: str) -> str:
    if record is None:
        return tr("Records: NOT FOUND. No filed document has this SHA-256 ({hash}).",
                  hash=sha256[:16])
    moment = datetime_text(record.at, current_language())
    if not record.ok:
        return tr("Records: CONFLICT. The audit trail filed this file for visit No. {number} "
                  "(event #{seq}), but the visit's record now holds another hash: run "
                  "\"pintu audit verify\".", number=record.visit_number or "-", seq=record.seq)
    if record.action == "archived" and record.visit_number:
        return tr("Records: found. Filed as the form of visit No. {number} on {moment} "
                  "(audit event #{seq}).", number=record.visit_number, moment=moment,
                  seq=record.seq)
    if record.action == "rollcall_ended" and record.roll_call is not None:
        return tr("Records: found. The record of emergency roll call No. {number}, filed on "
                  "{moment} (audit event #{seq}).", number=f"{record.roll_call:04d}",
                  moment=moment, seq=record.seq)
    if record.action == "report_exported" and record.period:
        return tr("Records: found. The report {period}, exported on {moment} (audit event "
                  "#{seq}).", period=record.period, moment=moment, seq=record.seq)
    return tr("Records: found. Recorded in the audit trail on {moment} (event #{seq}, "
              "{action}).", moment=moment, seq=record.seq, action=record.action)
