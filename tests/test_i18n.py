"""kiosk.i18n on the compiled catalogue: forms by number, context, fallbacks."""

from __future__ import annotations

import logging

import pytest

from kiosk.errors import IllegalTransition, NotFound
from kiosk.i18n import (
    N_,
    lookup,
    nN_,
    ntr,
    ntranslate,
    pN_,
    ptr,
    ptranslate,
    set_language,
    tr,
    translate,
)


def test_a_message_in_each_language() -> None:
    assert translate("Cancel", "id") == "Batal"
    assert translate("Cancel", "en") == "Cancel"
    assert tr("Badge {number}", number=7) == "Kartu 7"
    set_language("en")
    assert tr("Badge {number}", number=7) == "Badge 7"


def test_a_counted_message_takes_the_form_its_number_needs() -> None:
    assert [ntranslate("{count} card", "{count} cards", n, "en") for n in (0, 1, 2)] == [
        "0 cards", "1 card", "2 cards"]
    # Indonesian has one form for every number.
    assert [ntranslate("{count} card", "{count} cards", n, "id") for n in (1, 2)] == [
        "1 kartu", "2 kartu"]
    assert ntr("{count} person inside", "{count} people inside", 1) == "1 orang di dalam"


def test_a_counted_message_can_show_its_number_formatted() -> None:
    text = ntranslate("{count} person holds a visitor badge",
                      "{count} people hold a visitor badge", 1200, "en", count="1,200")
    assert text == "1,200 people hold a visitor badge"


def test_context_gives_one_english_word_two_translations() -> None:
    assert translate("Refused", "id") == "Ditolak"  # a visit's state
    assert ptranslate("anomaly kind", "Refused", "id") == "Penolakan"
    assert ptranslate("anomaly kind", "Refused", "en") == "Refused"
    assert ptr("sign-in", "Name") == "Nama pengguna"
    assert tr("Name") == "Nama"


def test_markers_carry_what_the_translation_needs() -> None:
    assert N_("Cancel") == "Cancel"
    assert ntranslate(*nN_("{count} card", "{count} cards"), 3, "id") == "3 kartu"
    assert ptranslate(*pN_("anomaly kind", "Badge"), "id") == "Kartu tamu"


def test_a_missing_translation_falls_back_to_english_and_is_logged_once(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.i18n"):
        assert translate("Not in any catalogue {n}", "id", n=1) == "Not in any catalogue 1"
        assert translate("Not in any catalogue {n}", "id", n=2) == "Not in any catalogue 2"
        assert ntranslate("{count} unknown", "{count} unknowns", 2, "id") == "2 unknowns"
    missing = [r for r in caplog.records if "no id translation" in r.getMessage()]
    assert len(missing) == 2


def test_a_language_without_a_compiled_catalogue_shows_english(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="kiosk.i18n"):
        assert translate("Cancel", "xx") == "Cancel"
    assert "no compiled xx catalogue" in caplog.text


def test_lookup_tells_whether_the_catalogue_holds_a_message() -> None:
    assert lookup("Cancel", "id") == "Batal"
    assert lookup("Budi Santoso", "id") is None
    assert lookup("Budi Santoso", "en") == "Budi Santoso"
    assert lookup("Retry", "id", "QPlatformTheme") == "Coba lagi"


def test_error_parameters_are_translated_only_when_they_are_messages(
        caplog: pytest.LogCaptureFixture) -> None:
    transition = IllegalTransition("This visit is {current}; it cannot become {target}.",
                                   current=N_("Approved"), target=N_("Refused"))
    assert transition.text("id") == ("Status kunjungan ini Disetujui; tidak dapat diubah "
                                     "menjadi Ditolak.")
    with caplog.at_level(logging.WARNING, logger="kiosk.i18n"):
        assert NotFound("Visit {number} does not exist.", number="Budi").text("id") == (
            "Kunjungan Budi tidak ada.")
    assert not caplog.records  # a name is not a missing translation
