"""Sealing a PDF with a PAdES signature, and reading a seal back (pyHanko).

A seal lets anyone who opens the file, in any PDF reader and far from the kiosk, see who
made it and that not one byte changed since. It is a PAdES B-B signature with the signer's
certificate embedded. There is no timestamp from a time-stamping authority (PAdES B-T):
the door terminal often has no network, and a seal that fails when the internet does
would stop the SOP's filing step.

Sealing is reproducible: the same PDF, key and moment give the same bytes, because
 - RSA keys sign with PKCS#1 v1.5, which has no randomness (ECDSA keys would add some);
 - the signing time is the document's own moment (``DocMeta.made_at``), not the clock;
 - pyHanko gives each new revision a random file identifier and stamps the clock into
   ``/ModDate``; ``_Revision`` derives the one from the document and sets the other to
   the moment.
So an archived form re-created from the database is sealed to the very bytes that were
filed, and a report made twice from the same data is the same file.

The seal certifies the document (DocMDP) and allows form filling and further signatures:
the head of section may still add an own electronic signature to a report, while any
change to the pages shows in every reader as a broken certification.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner, PdfSigningSession
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from kiosk.domain.clock import local
from kiosk.errors import KnownError

#: The signature field Pintu's seal goes into; a later signature by a person has its own.
FIELD = "Pintu"
#: A name longer than this is cut when shown: a certificate is data from outside.
MAX_NAME = 200


class UnreadablePdf(KnownError):
    """The file is not a PDF that can be read (truncated, another format, damaged)."""


@dataclass(frozen=True)
class SealCheck:
    """What a PDF's seal says, before anyone asks the database."""

    sealed: bool  # the file carries a signature at all
    intact: bool  # the signature is sound and covers every byte of the file
    trusted: bool  # the signer's certificate is, or leads to, a trusted certificate
    signer: str  # the certificate's subject, as people read it
    fingerprint: str  # SHA-256 of the signer's certificate, hex
    signed_at: dt.datetime | None  # the time the signer wrote into the seal


UNSEALED = SealCheck(sealed=False, intact=False, trusted=False, signer="", fingerprint="",
                     signed_at=None)


def key_signer(key: PrivateKeyTypes, certificate: x509.Certificate,
               chain: Sequence[x509.Certificate] = ()) -> Signer:
    """A signer for a private key held in memory (a key file, a PKCS#12 file), with the
    certificates that lead from its certificate to a CA embedded beside it."""
    return _KeySigner(key, certificate, chain)


class _KeySigner(SimpleSigner):
    """pyHanko's SimpleSigner reads its private key again for every signature, twice per
    seal (once to size the signature, once to sign), and reading an RSA key checks it,
    which takes most of a second on a small PC. This one keeps the key it was given."""

    def __init__(self, key: PrivateKeyTypes, certificate: x509.Certificate,
                 chain: Sequence[x509.Certificate]) -> None:
        super().__init__(signing_cert=certificate,
                         signing_key=keys.PrivateKeyInfo.load(key.private_bytes(
                             serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())),
                         cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]))
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


def seal_pdf(data: bytes, signer: Signer, moment: dt.datetime, *, reason: str,
             location: str) -> bytes:
    """``data`` with a seal appended as an incremental update (the original bytes stay the
    first part of the file), dated ``moment``."""
    writer = _Revision(io.BytesIO(data), moment)
    meta = PdfSignatureMetadata(
        field_name=FIELD, reason=reason, location=location, md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES, certify=True,
        docmdp_permissions=MDPPerm.FILL_FORMS)
    pdf_signer = _DatedSigner(meta, signer, local(moment),
                              new_field_spec=SigFieldSpec(sig_field_name=FIELD))
    output: io.BytesIO = pdf_signer.sign_pdf(writer)
    return output.getvalue()


class _Revision(IncrementalPdfFileWriter):
    """The update that carries the seal, with nothing in it taken from the clock or chance."""

    def __init__(self, stream: io.BytesIO, moment: dt.datetime) -> None:
        super().__init__(stream)
        self._moment = local(moment)

    @classmethod
    def _handle_id(cls, prev: PdfFileReader) -> generic.ArrayObject:
        """pyHanko makes the second file identifier (the revision's) random; a hash of the
        document being sealed is as unique and the same every time."""
        ids = super()._handle_id(prev)
        stream = prev.stream
        stream.seek(0)
        ids[1] = generic.ByteStringObject(hashlib.sha256(stream.read()).digest()[:16])
        return ids

    def _update_meta(self) -> None:
        """pyHanko sets ``/ModDate`` to the clock; the document's moment replaces it."""
        super()._update_meta()
        if self._info is not None:
            self._info.get_object()["/ModDate"] = generic.pdf_date(self._moment)


class _DatedSigner(PdfSigner):
    """Signs at a given moment instead of the clock's (pyHanko has no parameter for it)."""

    def __init__(self, meta: PdfSignatureMetadata, signer: Signer, moment: dt.datetime,
                 **options: Any) -> None:
        super().__init__(meta, signer, **options)
        self._moment = moment

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False
                             ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._moment
        return session


def check_seal(data: bytes, trusted: Sequence[x509.Certificate]) -> SealCheck:
    """Read the seal of ``data`` and check it against ``trusted`` certificates only (no
    system store, no network: what counts is what this site decided to trust)."""
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise UnreadablePdf("The file cannot be read as a PDF: {reason}",
                            reason=str(exc)) from exc
    if not signatures:
        return UNSEALED
    seal = next((s for s in signatures if s.field_name == FIELD), signatures[0])
    context = ValidationContext(trust_roots=list(trusted), allow_fetching=False)
    try:
        status = validate_pdf_signature(seal, context)
    except (PdfError, ValueError, KeyError, TypeError):
        # A seal too damaged to be evaluated is a broken seal, not a crash.
        return SealCheck(sealed=True, intact=False, trusted=False, signer="",
                         fingerprint="", signed_at=None)
    certificate = status.signing_cert
    return SealCheck(
        sealed=True,
        intact=status.intact and status.valid
        and status.coverage is SignatureCoverageLevel.ENTIRE_FILE,
        trusted=status.trusted,
        signer=subject_text(certificate),
        fingerprint=fingerprint(certificate),
        signed_at=status.signer_reported_dt,
    )


def subject_text(certificate: x509.Certificate) -> str:
    """"Diskominfo Kota Pontianak" or "Budi Santoso, Diskominfo": the names a reader shows,
    without control or direction-changing characters a forged certificate could carry."""
    subject = certificate.subject.native
    parts: list[str] = []
    for key in ("common_name", "organization_name"):
        value = subject.get(key)
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name not in parts:
                parts.append(name)
    text = "".join(ch for ch in ", ".join(parts) if ch.isprintable())
    return text[:MAX_NAME] or "?"


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()
