from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.nik import Sex
from kiosk.domain.tokens import EXPIRED, TokenError, TokenKind, issue_token
from kiosk.errors import ValidationError
from kiosk.scan.decoders import Symbology
from kiosk.scan.payloads import (
    NikScan,
    Rejected,
    ScanMode,
    SerialScan,
    TokenScan,
    Unknown,
    classify,
)

SECRET = bytes(range(32))
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_our_tokens_on_every_screen() -> None:
    payload = issue_token(SECRET, TokenKind.BADGE, 17, NOW + timedelta(days=30))
    for mode in ScanMode:
        result = classify(payload, SECRET, NOW, mode=mode)
        assert isinstance(result, TokenScan)
        assert result.token.kind is TokenKind.BADGE and result.token.id == 17


def test_expired_token_is_rejected_with_its_reason() -> None:
    payload = issue_token(SECRET, TokenKind.VISIT, 3, NOW - timedelta(minutes=1))
    result = classify(payload, SECRET, NOW)
    assert isinstance(result, Rejected) and isinstance(result.error, TokenError)
    assert result.error.message == EXPIRED


def test_nik_qr_codes() -> None:
    for text in ("6171054509900012", "NIK: 6171054509900012\nNama: SITI",
                 "nik=6171 0545 0990 0012;org=DISKOMINFO"):
        result = classify(text, SECRET, NOW)
        assert isinstance(result, NikScan), text
        assert result.info.nik == "6171054509900012" and result.info.sex is Sex.FEMALE


def test_invalid_nik_is_rejected_with_the_validation_message() -> None:
    result = classify("NIK: 6171053209900012", SECRET, NOW)  # 32nd of September
    assert isinstance(result, Rejected) and isinstance(result.error, ValidationError)
    assert "birth date" in result.error.message


def test_device_screen_reads_serials() -> None:
    result = classify("  SN-ABC12345\n", SECRET, NOW, mode=ScanMode.DEVICES,
                      symbology=Symbology.CODE128)
    assert result == SerialScan("SN-ABC12345", Symbology.CODE128)
    assert isinstance(classify("x" * 65, SECRET, NOW, mode=ScanMode.DEVICES), Rejected)


def test_anything_else_is_politely_unknown() -> None:
    for text in ("WIFI:S:tamu;T:WPA;P:rahasia;;", "https://example.org", "", "123456789012345"):
        result = classify(text, SECRET, NOW)
        assert isinstance(result, Unknown), text
    assert isinstance(classify("6171054509900012", SECRET, NOW, mode=ScanMode.BADGE_RETURN),
                      Unknown)
    assert "not one of ours" in Unknown().message


def _check(text: str) -> None:
    for mode in ScanMode:
        result = classify(text, SECRET, NOW, mode=mode)
        assert isinstance(result, TokenScan | NikScan | SerialScan | Rejected | Unknown)
        if isinstance(result, Rejected):
            assert result.error.text("id") and result.error.text("en")


_TEXT = st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))


# Each example is a batch, so 10,000 payloads cost seconds rather than a minute.
@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_TEXT, min_size=50, max_size=50))
def test_random_payloads_never_crash(texts: list[str]) -> None:
    for text in texts:
        _check(text)


_VALID = issue_token(SECRET, TokenKind.INVITATION, 42, NOW + timedelta(days=1))
_MANGLE = st.tuples(st.integers(0, len(_VALID)), st.integers(0, len(_VALID)),
                    st.text(alphabet="PNT0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                            max_size=40))


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_MANGLE, min_size=40, max_size=40))
def test_mangled_tokens_never_crash_and_are_never_accepted(
    cuts: list[tuple[int, int, str]],
) -> None:
    for start, end, insert in cuts:
        mangled = _VALID[:start] + insert + _VALID[end:]
        _check(mangled)
        if mangled != _VALID:
            assert not isinstance(classify(mangled, SECRET, NOW), TokenScan)
