"""Where the seal on Pintu's PDFs comes from, and which certificates a check trusts.

``signing`` in the configuration names the source:

- ``"site"`` (the default): the site's own self-signed certificate (RSA 3072, ten years),
  kept in the data folder (``signing/site/key.pem`` and ``certificate.pem``, readable by the
  kiosk user only). ``pintu certificate create --name "Diskominfo Kota Pontianak"`` makes
  it when the kiosk is installed; if none exists when the first document is sealed, the
  kiosk makes one named after ``site_name`` and logs it, so no filed form goes unsealed.
  A self-signed certificate proves a file was not changed, but nobody outside the office
  can tell from it who the signer really is: an office that holds a certificate from a
  certification authority (BSrE, a commercial CA) should seal with that one instead.
- ``"pkcs12"``: the office's certificate and key in a ``.p12``/``.pfx`` file.
- ``"pkcs11"``: a token or smart card, such as the electronic-signature certificates
  government offices are issued, through the token's PKCS#11 library.
- ``"off"``: documents are not sealed (``pintu verify-pdf`` can then only check records).

The passphrase of the PKCS#12 file or the token's PIN is never in ``pintu.toml``: it comes
from the environment variable ``PINTU_SIGNING_PIN``, else from the file named by
``signing_pin_file``, which only the kiosk user may read.

pyHanko takes half a second to import, so it is loaded the first time a document is
sealed or checked, not when the kiosk starts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import Settings
from kiosk.errors import DomainError, KnownError, ValidationError

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.signers import Signer

log = logging.getLogger(__name__)

PIN_VARIABLE = "PINTU_SIGNING_PIN"
KEY_BITS = 3072
VALID_DAYS = 3653  # ten years
#: X.509 allows at most 64 characters in a common or organisation name.
MAX_NAME = 64

#: PINs a token refused in this process, by hash: tokens lock after a few wrong PINs, so
#: the same wrong PIN is not tried again at every filing.
_refused_pins: set[str] = set()


class SigningUnavailable(KnownError):
    """The certificate, its passphrase or the token cannot be used right now (file
    missing, wrong PIN, token unplugged); nothing was sealed or filed."""


@dataclass(frozen=True)
class SignerInfo:
    """The certificate documents are sealed with, for people to compare and trust."""

    source: str  # the ``signing`` setting
    subject: str
    fingerprint: str  # SHA-256 of the certificate, hex
    valid_until: dt.datetime
    self_signed: bool
    path: Path | None  # where the site certificate is kept ("site" only)


def seal(settings: Settings, data: bytes, moment: dt.datetime, reason: str) -> bytes:
    """``data`` sealed by the configured source at ``moment``, or unchanged when
    ``signing = "off"``."""
    if settings.signing == "off":
        return data
    from pyhanko.sign.general import SigningError

    from kiosk.documents.sealing import seal_pdf

    with _signer(settings) as signer:
        try:
            return seal_pdf(data, signer, moment, reason=reason, location=settings.site_name)
        except SigningError as exc:
            raise SigningUnavailable("The document cannot be sealed: {reason}",
                                     reason=str(exc)) from exc


@contextmanager
def _signer(settings: Settings) -> Iterator[Signer]:
    if settings.signing == "site":
        yield _site_signer(settings)
    elif settings.signing == "pkcs12":
        yield _pkcs12_signer(settings)
    else:
        with _pkcs11_signer(settings) as signer:
            yield signer


# --- the site certificate --------------------------------------------------------------------


def site_folder(settings: Settings) -> Path:
    return settings.signing_dir / "site"


def site_certificate_path(settings: Settings) -> Path:
    return site_folder(settings) / "certificate.pem"


def _site_signer(settings: Settings) -> Signer:
    folder = site_folder(settings)
    key_path, cert_path = folder / "key.pem", site_certificate_path(settings)
    if not key_path.exists():
        log.warning("no site certificate yet: creating a self-signed one for %r",
                    settings.site_name)
        _make_site_certificate(settings, _name_from(settings.site_name), replace=False)
    try:
        return _loaded_site_signer(key_path, cert_path, _stamp(key_path))
    except (OSError, ValueError) as exc:
        raise SigningUnavailable("The site certificate in {path} cannot be read: {reason}",
                                 path=str(folder), reason=_reason(exc)) from exc


def _stamp(path: Path) -> tuple[int, int]:
    """Which version of a key file: a replaced file is read again, an unchanged one not."""
    status = path.stat()
    return status.st_mtime_ns, status.st_ino


@lru_cache(maxsize=4)
def _loaded_site_signer(key_path: Path, cert_path: Path, version: tuple[int, int]) -> Signer:
    """Reading an RSA key checks it (most of a second on a small PC): once per version."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from kiosk.documents.sealing import key_signer

    key = load_pem_private_key(key_path.read_bytes(), password=None)
    return key_signer(key, _load_certificate(cert_path))


def create_site_certificate(settings: Settings, name: str) -> SignerInfo:
    """A new site certificate named ``name``; one it replaces stays trusted for the
    documents it sealed (``signing/previous/``), but its key is deleted."""
    _make_site_certificate(settings, _checked_name(name), replace=True)
    path = site_certificate_path(settings)
    return _info("site", _load_certificate(path), path)


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise ValidationError("name", "The name must be 1 to {limit} printable characters.",
                              limit=MAX_NAME)
    return name


def _name_from(site_name: str) -> str:
    """The site's name as a certificate can hold it."""
    name = "".join(ch for ch in " ".join(site_name.split()) if ch.isprintable())
    return name[:MAX_NAME].strip() or "Pintu"


def _make_site_certificate(settings: Settings, name: str, replace: bool) -> None:
    """Write a key and a self-signed certificate side by side, all or nothing.

    Both go into a fresh folder that is then renamed into place. Renaming onto a folder
    that already holds a certificate fails, so two threads that both found none keep the
    one that came first, and every document is sealed with the certificate on disk.
    """
    root = settings.signing_dir
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=root))
    try:
        key_pem, cert_pem = _self_signed(name)
        _write_private(fresh / "key.pem", key_pem)
        _write_private(fresh / "certificate.pem", cert_pem)
        target = site_folder(settings)
        if replace and target.exists():
            _retire(settings, target)
        try:
            fresh.rename(target)
        except OSError:
            if replace or not (target / "key.pem").exists():
                raise
            log.info("another thread created the site certificate first")
    except OSError as exc:
        raise SigningUnavailable("The site certificate cannot be written in {path}: {reason}",
                                 path=str(root), reason=_reason(exc)) from exc
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _self_signed(name: str) -> tuple[bytes, bytes]:
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    subject = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, name),
                          cx509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                          cx509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Pintu")])
    # Real time, not the kiosk's clock: PDF readers check the certificate against theirs.
    now = dt.datetime.now(dt.UTC)
    public = key.public_key()
    certificate = (
        cx509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(public)
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(cx509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(cx509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(cx509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _retire(settings: Settings, folder: Path) -> None:
    """Keep the replaced certificate, so the documents it sealed still check out here, and
    delete its key, so nothing new is sealed with it."""
    previous = settings.signing_dir / "previous"
    previous.mkdir(mode=0o700, exist_ok=True)
    cert = (folder / "certificate.pem").read_bytes()
    digest = hashlib.sha256(cert).hexdigest()[:16]
    (previous / f"site-{digest}.pem").write_bytes(cert)
    shutil.rmtree(folder)


# --- certificates the office holds ----------------------------------------------------------


def _secret(settings: Settings) -> str | None:
    """The passphrase or PIN: ``PINTU_SIGNING_PIN``, else ``signing_pin_file``."""
    value = os.environ.get(PIN_VARIABLE)
    if value:
        return value
    if not settings.signing_pin_file:
        return None
    path = Path(settings.signing_pin_file).expanduser()
    try:
        if sys.platform != "win32" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SigningUnavailable(
                "The PIN file {path} can be read by other users: run chmod 600 on it.",
                path=str(path))
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningUnavailable("The PIN file {path} cannot be read: {reason}",
                                 path=str(path), reason=_reason(exc)) from exc


def _pkcs12_signer(settings: Settings) -> Signer:
    path = Path(settings.signing_p12 or "").expanduser()
    secret = _secret(settings)
    try:
        return _loaded_pkcs12_signer(path, _stamp(path), secret)
    except OSError as exc:
        raise SigningUnavailable("The certificate file {path} cannot be read: {reason}",
                                 path=str(path), reason=_reason(exc)) from exc
    except ValueError as exc:
        raise SigningUnavailable(
            "The certificate file {path} cannot be opened: wrong passphrase, or not a "
            "PKCS#12 file.", path=str(path)) from exc


@lru_cache(maxsize=4)
def _loaded_pkcs12_signer(path: Path, version: tuple[int, int], secret: str | None) -> Signer:
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from kiosk.documents.sealing import key_signer

    key, certificate, chain = pkcs12.load_key_and_certificates(
        path.read_bytes(), secret.encode("utf-8") if secret else None)
    if key is None or certificate is None:
        raise ValueError("no key or no certificate")

    def converted(cert: Any) -> ax509.Certificate:
        return ax509.Certificate.load(cert.public_bytes(Encoding.DER))

    return key_signer(key, converted(certificate), [converted(c) for c in chain])


@contextmanager
def _pkcs11_signer(settings: Settings) -> Iterator[Signer]:
    """A session on the token for one signing: a token unplugged and plugged back in
    between two filings just works."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer

    pin = _secret(settings)
    if pin is None:
        raise SigningUnavailable("The token's PIN is missing: set {variable} or "
                                 "signing_pin_file.", variable=PIN_VARIABLE)
    with _token_session(settings, pin) as session:
        try:
            yield PKCS11Signer(session, key_label=settings.signing_pkcs11_key)
        except PKCS11Error as exc:
            raise SigningUnavailable("The token {token} cannot sign: {reason}",
                                     token=settings.signing_pkcs11_token or "",
                                     reason=_reason(exc)) from exc


@contextmanager
def _token_session(settings: Settings, pin: str | None) -> Iterator[Any]:
    """A session on the configured token, logged in with ``pin`` (``None``: not logged in,
    which is enough to read certificates)."""
    from pkcs11.exceptions import PinIncorrect, PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    pin_hash = hashlib.sha256(pin.encode("utf-8")).hexdigest() if pin is not None else ""
    if pin_hash in _refused_pins:
        raise SigningUnavailable("The token refused this PIN before: correct the PIN "
                                 "(a token locks after a few wrong PINs).")
    module = str(Path(settings.signing_pkcs11_module or "").expanduser())
    try:
        session = open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=settings.signing_pkcs11_token),
            user_pin=pin)
    except PinIncorrect as exc:
        _refused_pins.add(pin_hash)
        raise SigningUnavailable("The token refused the PIN.") from exc
    except (PKCS11Error, SigningError) as exc:
        raise SigningUnavailable("The token {token} cannot be opened: {reason}",
                                 token=settings.signing_pkcs11_token or "",
                                 reason=_reason(exc)) from exc
    try:
        yield session
    finally:
        session.close()


def _token_certificate(settings: Settings) -> x509.Certificate:
    """The certificate beside the token's key: public, so read without the PIN."""
    from asn1crypto import x509 as ax509
    from pkcs11 import Attribute, ObjectClass

    label = settings.signing_pkcs11_key or ""
    with _token_session(settings, None) as session:
        found = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE,
                                          Attribute.LABEL: label}))
        if len(found) != 1:
            raise SigningUnavailable("The token holds no certificate labelled {label}.",
                                     label=label)
        certificate: x509.Certificate = ax509.Certificate.load(found[0][Attribute.VALUE])
        return certificate


# --- what a check trusts ---------------------------------------------------------------------


def signer_info(settings: Settings) -> SignerInfo | None:
    """The certificate documents are sealed with now; ``None`` when sealing is off or the
    site certificate has not been made yet. Opens the PKCS#12 file or the token."""
    found = _configured_certificate(settings)
    return None if found is None else _info(settings.signing, *found)


def _configured_certificate(settings: Settings) -> tuple[x509.Certificate, Path | None] | None:
    if settings.signing == "off":
        return None
    if settings.signing == "site":
        path = site_certificate_path(settings)
        return (_load_certificate(path), path) if path.exists() else None
    if settings.signing == "pkcs12":
        return _pkcs12_signer(settings).signing_cert, None
    return _token_certificate(settings), None


def certificate_der(settings: Settings) -> bytes:
    """The certificate in use, DER-encoded (a ``.cer`` file every PDF reader imports)."""
    found = _configured_certificate(settings)
    if found is None:
        raise DomainError("There is no certificate yet: documents are not sealed, or the "
                          "site certificate has not been made.")
    data: bytes = found[0].dump()
    return data


@dataclass(frozen=True)
class Trust:
    """The certificates a seal may lead to, and which of them are the site's own."""

    certificates: list[x509.Certificate]
    own: frozenset[str]  # fingerprints: the certificate in use and those it replaced
    problems: list[str]  # why a certificate that should count could not be read


def trust(settings: Settings) -> Trust:
    """The certificate in use, the site certificates it replaced (``signing/previous``),
    and the files ``signing_trust`` lists (an office CA, a former office certificate)."""
    from kiosk.documents.sealing import fingerprint

    own: list[x509.Certificate] = []
    others: list[x509.Certificate] = []
    problems: list[str] = []
    try:
        found = _configured_certificate(settings)
    except SigningUnavailable as exc:
        problems.append(exc.text())
    else:
        if found is not None:
            own.append(found[0])
    previous = settings.signing_dir / "previous"
    sources = [(path, own) for path in sorted(previous.glob("*.pem"))] \
        if previous.is_dir() else []
    sources += [(Path(path).expanduser(), others) for path in settings.signing_trust]
    for path, bucket in sources:
        try:
            bucket.extend(_load_certificates(path))
        except SigningUnavailable as exc:
            problems.append(exc.text())
    return Trust(own + others, frozenset(fingerprint(c) for c in own), problems)


def _load_certificate(path: Path) -> x509.Certificate:
    return _load_certificates(path)[0]


def _load_certificates(path: Path) -> list[x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    try:
        found = list(load_certs_from_pemder([str(path)]))
    except (OSError, ValueError) as exc:
        raise SigningUnavailable("The certificate file {path} cannot be read: {reason}",
                                 path=str(path), reason=_reason(exc)) from exc
    if not found:
        raise SigningUnavailable("The certificate file {path} holds no certificate.",
                                 path=str(path))
    return found


def _info(source: str, certificate: x509.Certificate, path: Path | None) -> SignerInfo:
    from kiosk.documents.sealing import fingerprint, subject_text

    return SignerInfo(source=source, subject=subject_text(certificate),
                      fingerprint=fingerprint(certificate),
                      valid_until=certificate.not_valid_after,
                      self_signed=certificate.self_signed != "no", path=path)


def _reason(exc: BaseException) -> str:
    """What went wrong, in words: python-pkcs11's errors often carry no message at all."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
