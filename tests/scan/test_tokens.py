from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import segno

from kiosk.domain.tokens import (
    ALREADY_USED,
    ALTERED,
    EXPIRED,
    INCOMPLETE,
    TOO_NEW,
    SecretFileError,
    Token,
    TokenError,
    TokenKind,
    ensure_unused,
    issue_token,
    load_or_create_secret,
    verify_token,
)

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=12)


def refused(secret: bytes, payload: str, now: datetime = NOW) -> str:
    with pytest.raises(TokenError) as caught:
        verify_token(secret, payload, now)
    return caught.value.message


@pytest.mark.parametrize("kind", list(TokenKind))
def test_round_trip(secret: bytes, kind: TokenKind) -> None:
    payload = issue_token(secret, kind, 4211, LATER, nonce="K7QX2M4A")
    token = verify_token(secret, payload, NOW)
    assert token == Token(kind, 4211, LATER, "K7QX2M4A")
    assert token.expires_at.tzinfo is not None


def test_payload_is_short_and_fits_a_small_alphanumeric_qr(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.BADGE, 999_999, LATER)
    assert payload.isascii() and len(payload) <= 64
    qr = segno.make_qr(payload, error="m")
    assert qr.mode == "alphanumeric" and qr.version <= 3


def test_fresh_nonce_each_time(secret: bytes) -> None:
    first = verify_token(secret, issue_token(secret, TokenKind.VISIT, 1, LATER), NOW)
    second = verify_token(secret, issue_token(secret, TokenKind.VISIT, 1, LATER), NOW)
    assert first.nonce != second.nonce


def test_forged_tokens_are_refused(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.BADGE, 7, LATER)
    prefix, kind, ident, exp, nonce, sig = payload.split(".")
    forged = [
        ".".join([prefix, kind, "8", exp, nonce, sig]),  # another badge's number
        ".".join([prefix, "V", ident, exp, nonce, sig]),  # another kind
        ".".join([prefix, kind, ident, str(int(exp) + 86400), nonce, sig]),  # longer life
        ".".join([prefix, kind, ident, exp, nonce, ("A" if sig[0] != "A" else "B") + sig[1:]]),
        issue_token(b"another site's secret".ljust(32, b"!"), TokenKind.BADGE, 7, LATER),
    ]
    for payload in forged:
        assert refused(secret, payload) == ALTERED


def test_forgery_is_reported_as_such_even_when_expired(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.VISIT, 3, NOW - timedelta(days=1))
    altered = payload.replace(".3.", ".4.")
    assert refused(secret, altered) == ALTERED


def test_truncated_tokens_are_refused_as_incomplete(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.INVITATION, 12, LATER)
    for cut in range(3, len(payload)):
        assert refused(secret, payload[:cut]) == INCOMPLETE, payload[:cut]


def test_expired_tokens_are_refused(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.VISIT, 5, NOW)
    assert refused(secret, payload, NOW) == EXPIRED
    assert refused(secret, payload, NOW + timedelta(seconds=1)) == EXPIRED
    assert verify_token(secret, payload, NOW - timedelta(seconds=1)).id == 5


def test_oversized_and_garbage_payloads_are_refused(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.BADGE, 1, LATER)
    assert refused(secret, payload + "A" * 200) == ALTERED
    assert refused(secret, payload + ".EXTRA") == ALTERED
    assert refused(secret, "PNT1.B.1.2.9") == ALTERED
    assert refused(secret, payload.lower()) == ALTERED


def test_newer_version_asks_for_the_operator(secret: bytes) -> None:
    payload = issue_token(secret, TokenKind.BADGE, 1, LATER).replace("PNT1.", "PNT2.", 1)
    assert refused(secret, payload) == TOO_NEW


def test_replayed_token_is_refused_through_the_used_check(secret: bytes) -> None:
    used: set[tuple[int, str]] = set()
    token = verify_token(secret, issue_token(secret, TokenKind.INVITATION, 9, LATER), NOW)

    def already_used(t: Token) -> bool:
        return (t.id, t.nonce) in used

    assert ensure_unused(token, already_used) is token
    used.add((token.id, token.nonce))
    with pytest.raises(TokenError) as caught:
        ensure_unused(token, already_used)
    assert caught.value.message == ALREADY_USED
    assert caught.value.text("id") == "Kode ini sudah pernah digunakan."


def test_issue_rejects_naive_expiry_and_bad_nonce(secret: bytes) -> None:
    with pytest.raises(ValueError):
        issue_token(secret, TokenKind.BADGE, 1, datetime(2030, 1, 1))
    with pytest.raises(ValueError):
        issue_token(secret, TokenKind.BADGE, 1, LATER, nonce="short")


def test_secret_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "token.secret"
    secret = load_or_create_secret(path)
    assert len(secret) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_secret(path) == secret
    assert [p.name for p in path.parent.iterdir()] == ["token.secret"]  # no temp file left


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "token.secret"
    secret = load_or_create_secret(path)
    os.chmod(path, 0o644)
    assert load_or_create_secret(path) == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_damaged_secret_is_not_silently_replaced(tmp_path: Path) -> None:
    path = tmp_path / "token.secret"
    path.write_text("not hex\n")
    path.chmod(0o600)
    with pytest.raises(SecretFileError):
        load_or_create_secret(path)
    assert path.read_text() == "not hex\n"
