"""What a message to the people inside may say, and to whom it may go."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.notices import (
    SUBJECT_MAX,
    NoticeFacts,
    NoticeKind,
    blank_numbers,
    compose,
    recipient,
    safe_line,
)
from kiosk.errors import ValidationError

FACTS = NoticeFacts(
    number="0042", full_name="Ṣafiyyah O'Neil", organisation="Dinas Kesehatan",
    purpose="Perbaikan", purpose_text="Ganti PSU rak B", pic="Seksi Jaringan dan Data Center",
    site="Data Center Kota", terminal="Pintu 1", day="16/03/2026", time="10:42",
    planned_minutes=60, escort="Rina Marlina", inside_minutes=75)


@pytest.mark.parametrize(("typed", "kept"), [
    (" Jaringan@Kota.go.id ", "jaringan@kota.go.id"),
    ("telegram:-1001234567890", "telegram:-1001234567890"),
    ("telegram:@pintu_jaringan", "telegram:@pintu_jaringan"),
])
def test_a_recipient_is_an_address(typed: str, kept: str) -> None:
    assert recipient(typed) == kept


@pytest.mark.parametrize("typed", [
    "mailtos://user:secret@mail.kota.go.id?to=a@kota.go.id",  # credentials stay in the file
    "tgram://123456:ABC/-100", "a@b", "a@kota..go.id", "a b@kota.go.id",
    "a@kota.go.id,b@kota.go.id", "a@kota.go.id\r\nBcc: x@evil.test", "telegram:12ab",
    "telegram:", "x" * 300 + "@kota.go.id", "",
])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        recipient(typed)


def test_runs_of_digits_are_blanked_and_short_numbers_kept() -> None:
    assert blank_numbers("NIK 6171014506900001, HP 0812-3456-7890") == "NIK …, HP …"
    assert blank_numbers("SMK Negeri 1, rak B 12, tahun 2026") == \
        "SMK Negeri 1, rak B 12, tahun 2026"


@given(st.text(max_size=400))
def test_a_subject_is_one_short_line_whatever_was_typed(typed: str) -> None:
    facts = NoticeFacts(**{**FACTS.__dict__, "full_name": typed, "organisation": typed,
                           "pic": typed})
    for kind in NoticeKind:
        for language in ("id", "en"):
            message = compose(kind, facts, language)
            assert len(message.subject) <= SUBJECT_MAX
            assert message.subject.isprintable()
            assert all(line.isprintable() for line in message.body.split("\n"))


def test_every_message_reads_in_both_languages() -> None:
    for kind in NoticeKind:
        indonesian, english = compose(kind, FACTS, "id"), compose(kind, FACTS, "en")
        assert indonesian.subject != english.subject and indonesian.body != english.body
        for message in (indonesian, english):
            assert "0042" in message.body and "Ṣafiyyah O'Neil" in message.subject
            assert "10:42" in message.body and "Perbaikan – Ganti PSU rak B" in message.body
            assert "{" not in message.subject + message.body
    overstay = compose(NoticeKind.OVERSTAY, FACTS, "id").body
    assert "75 menit" in overstay and "60 menit" in overstay
    assert "Pendamping: Rina Marlina" in overstay


def test_a_long_line_is_cut_with_an_ellipsis() -> None:
    assert safe_line("a\u202eb\x00c\r\nd" + "x" * 300, 20) == "abc d" + "x" * 14 + "…"
