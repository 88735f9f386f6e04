"""``pintu certificate``: the certificate that seals archived forms and reports.

``pintu certificate create --name "Diskominfo Kota Pontianak"`` makes the site certificate
(self-signed, RSA 3072, in the data folder); ``show`` says which certificate seals
documents now; ``export FILE`` writes it for PDF readers and other offices to trust.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import Settings
from kiosk.errors import DomainError, KnownError
from kiosk.formats import date_text
from kiosk.i18n import current_language, tr
from kiosk.services import signing


class CertificateNotWritten(KnownError):
    """The certificate cannot be written where it was asked to go."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("certificate",
                                   help="the certificate that seals forms and reports")
    actions = parser.add_subparsers(dest="certificate_command", metavar="ACTION",
                                    required=True)
    create = actions.add_parser("create", help="make this site's self-signed certificate")
    create.add_argument("--name", required=True,
                        help='the office, as readers will see it, e.g. "Diskominfo Kota '
                             'Pontianak"')
    create.add_argument("--replace", action="store_true",
                        help="replace an existing site certificate (its seals stay valid here)")
    create.set_defaults(handler=_create)
    actions.add_parser("show", help="which certificate seals documents now").set_defaults(
        handler=_show)
    export = actions.add_parser("export", help="write the certificate for PDF readers (.cer)")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=_export)


def _create(args: argparse.Namespace, settings: Settings) -> int:
    existing = signing.site_certificate_path(settings)
    if existing.exists() and not args.replace:
        raise DomainError("This site already has a certificate ({path}); add --replace to "
                          "make a new one.", path=str(existing))
    info = signing.create_site_certificate(settings, args.name)
    print(tr("Site certificate created for {name}, valid until {date}.", name=info.subject,
             date=date_text(info.valid_until.date(), current_language())))
    print(tr("SHA-256 fingerprint: {fingerprint}", fingerprint=info.fingerprint))
    if settings.signing != "site":
        print(tr("Note: documents are sealed with signing = \"{source}\"; set signing = "
                 "\"site\" to use this certificate.", source=settings.signing))
    print(tr("A self-signed certificate shows that a file was not changed, but not who the "
             "signer is: an office that holds a certificate from a certification authority "
             "should seal with that one (see deploy/README.md)."))
    return 0


def _show(_args: argparse.Namespace, settings: Settings) -> int:
    for line in describe(settings):
        print(line)
    return 0


def describe(settings: Settings) -> list[str]:
    """What seals documents, in lines for people (also ``pintu config check``)."""
    info = signing.signer_info(settings)
    if info is None:
        if settings.signing == "off":
            return [tr("Documents are not sealed (signing = \"off\").")]
        return [tr("No site certificate yet: one is made when the first document is sealed, "
                   "or now with \"pintu certificate create --name ...\".")]
    lines = [tr("Documents are sealed by {subject} (signing = \"{source}\").",
                subject=info.subject, source=info.source),
             tr("SHA-256 fingerprint: {fingerprint}", fingerprint=info.fingerprint),
             tr("Valid until {date}.", date=date_text(info.valid_until.date(),
                                                      current_language()))]
    if info.path is not None:
        lines.append(tr("Kept in {path}.", path=str(info.path)))
    if info.self_signed:
        lines.append(tr("Self-signed: PDF readers show the seal as unverified until the "
                        "certificate is added to their trusted certificates (\"pintu "
                        "certificate export\")."))
    return lines


def _export(args: argparse.Namespace, settings: Settings) -> int:
    data = signing.certificate_der(settings)
    try:
        args.file.write_bytes(data)
    except OSError as exc:
        raise CertificateNotWritten("The certificate cannot be written to {path}: {reason}",
                                     path=str(args.file), reason=exc.strerror or str(exc)) from exc
    print(tr("Certificate written to {path}.", path=str(args.file)))
    return 0
