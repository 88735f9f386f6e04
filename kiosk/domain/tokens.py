"""Signed codes printed on visitor badges, visit stickers, invitations and contractor passes.

A payload looks like ``PNT1.B.42.1767225600.K7QX2M4A.<26 characters>``: format version,
kind, id, expiry (Unix seconds, UTC), nonce, and the first 128 bits of an HMAC-SHA256 over
everything before it. Everything is upper-case letters, digits and dots so a QR code holds
it in alphanumeric mode (version 3, 29x29 modules), which keeps the modules large enough
to read from a badge held at arm's length.

The secret lives in a file beside the database, never inside it, so a copied database or
backup cannot be used to forge badges. Terminals that share one PostgreSQL server must share
this file too (copy it with its 0600 permissions), or they will refuse each other's codes.

What a signature cannot tell is whether a code was already used: a badge handed back,
an invitation already redeemed, a sticker from an earlier visit. The service layer answers
that from the database using ``Token.id`` and ``Token.nonce`` (a reissued badge card gets a
new nonce, so the old card stops working) and calls ``ensure_unused`` so the refusal reads
the same everywhere.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from kiosk.errors import DomainError, FileAccessError, KnownError
from kiosk.files import make_private_dir
from kiosk.i18n import N_

log = logging.getLogger(__name__)

PREFIX = "PNT"
VERSION = 1
SECRET_BYTES = 32
SIGNATURE_BYTES = 16  # 128 bits
NONCE_LENGTH = 8  # base32 characters, 40 bits
#: Longer than any payload this version issues; anything longer is refused unread.
MAX_PAYLOAD_LENGTH = 96

_B32 = "A-Z2-7"
_SIGNATURE_LENGTH = 26  # ceil(128 / 5)
_FORMAT = re.compile(
    rf"PNT(?P<version>[0-9]+)\.(?P<kind>[A-Z])\.(?P<id>[0-9]{{1,12}})\.(?P<exp>[0-9]{{1,12}})"
    rf"\.(?P<nonce>[{_B32}]{{{NONCE_LENGTH}}})\.(?P<sig>[{_B32}]{{{_SIGNATURE_LENGTH}}})"
)
#: Any leading part of a well-formed payload: a scan that stopped early, or a torn sticker.
_PARTIAL = re.compile(rf"PNT[0-9]*(\.[A-Z]?(\.[0-9]*(\.[0-9]*(\.[{_B32}]*(\.[{_B32}]*)?)?)?)?)?")


class TokenKind(Enum):
    BADGE = "B"  # reusable numbered badge card from the desk's pool (long expiry)
    VISIT = "V"  # sticker printed for one visit
    INVITATION = "I"  # pre-registration sent by the host
    PASS = "P"  # contractor pass card: fills the form on every visit while it is valid


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    id: int
    expires_at: datetime  # aware, UTC
    nonce: str


class TokenError(DomainError):
    """A scanned code claims to be ours but cannot be accepted; the message says why."""


class SecretFileError(KnownError):
    """The token secret file exists but cannot be used; replacing it would void every badge."""


ALTERED = N_("This code has been altered or is not from this site.")
EXPIRED = N_("This code has expired.")
INCOMPLETE = N_("This code is incomplete; please scan it again.")
TOO_NEW = N_("This code was made by a newer version of Pintu; please ask the operator.")
ALREADY_USED = N_("This code has already been used.")


def is_token_payload(text: str) -> bool:
    """Whether ``text`` claims to be one of our codes (signed or not)."""
    return text.startswith(PREFIX)


def load_or_create_secret(path: Path) -> bytes:
    """The installation's signing secret, created on first start.

    The file is written under a temporary name and linked into place, so a power cut or a
    second process starting at the same moment can never leave a half-written secret or
    two different ones.
    """
    if not path.exists():
        _create_secret(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:  # only ever takes access away: a read-only copy stays read-only
            log.warning("token secret %s had permissions %o; tightening to %o", path, mode,
                        mode & 0o700)
            path.chmod(mode & 0o700)
        data = path.read_bytes()
    except OSError as exc:
        raise FileAccessError.reading(path, exc) from exc
    try:
        secret = bytes.fromhex(data.decode("ascii").strip())
    except ValueError:  # not ASCII, or not hexadecimal
        secret = b""
    if len(secret) < SECRET_BYTES:
        raise SecretFileError(
            "The token secret file {path} is damaged; restore it from a backup.", path=str(path)
        )
    return secret


def _create_secret(path: Path) -> None:
    make_private_dir(path.parent)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write_new_secret(path, temp)
    except OSError as exc:
        raise FileAccessError.writing(path, exc) from exc


def _write_new_secret(path: Path, temp: Path) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won; use its secret
            os.link(temp, path)
            log.info("created a new token secret at %s", path)
    finally:
        temp.unlink(missing_ok=True)


def issue_token(
    secret: bytes, kind: TokenKind, id: int, expires_at: datetime, nonce: str | None = None
) -> str:
    """The payload to print as a QR code.

    ``nonce`` defaults to a fresh random one; store it with the badge, visit or invitation
    so a later scan can be matched (and refused once used).
    """
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    if id < 0:
        raise ValueError("token id must not be negative")
    nonce = nonce if nonce is not None else new_nonce()
    if not re.fullmatch(rf"[{_B32}]{{{NONCE_LENGTH}}}", nonce):
        raise ValueError(f"nonce must be {NONCE_LENGTH} base32 characters")
    body = f"{PREFIX}{VERSION}.{kind.value}.{id}.{int(expires_at.timestamp())}.{nonce}"
    return f"{body}.{_sign(secret, body)}"


def new_nonce() -> str:
    return base64.b32encode(secrets.token_bytes(NONCE_LENGTH * 5 // 8)).decode("ascii")


def verify_token(secret: bytes, payload: str, now: datetime | None = None) -> Token:
    """The token in ``payload``, or TokenError saying why it is refused.

    The signature is checked before anything else is believed; expiry only after, so a
    forged code is always reported as forged.
    """
    if len(payload) > MAX_PAYLOAD_LENGTH:
        raise TokenError(ALTERED)
    match = _FORMAT.fullmatch(payload)
    if match is None:
        if _PARTIAL.fullmatch(payload):
            raise TokenError(INCOMPLETE)
        raise TokenError(ALTERED)
    if int(match["version"]) != VERSION:
        raise TokenError(TOO_NEW if int(match["version"]) > VERSION else ALTERED)
    body = payload[: match.start("sig") - 1]
    if not hmac.compare_digest(_sign(secret, body), match["sig"]):
        raise TokenError(ALTERED)
    try:
        kind = TokenKind(match["kind"])
        expires_at = datetime.fromtimestamp(int(match["exp"]), UTC)
    except (ValueError, OverflowError, OSError):
        raise TokenError(ALTERED) from None  # signed by us, yet not something we issue
    if expires_at <= (now or datetime.now(UTC)):
        raise TokenError(EXPIRED)
    return Token(kind, int(match["id"]), expires_at, match["nonce"])


def ensure_unused(token: Token, already_used: Callable[[Token], bool]) -> Token:
    """Refuse ``token`` if the database says it was used (returned badge, redeemed invitation)."""
    if already_used(token):
        raise TokenError(ALREADY_USED)
    return token


def _sign(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.b32encode(digest).decode("ascii").rstrip("=")
