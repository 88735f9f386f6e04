"""Which PINs are refused as too easy, and how long a terminal waits after wrong ones."""

from __future__ import annotations

import pytest

from kiosk.domain.pins import DEMO_PIN, check_new_pin, is_weak_pin, retry_delay
from kiosk.errors import ValidationError


@pytest.mark.parametrize("pin", ["111111", "000000", "99999999", "aaaaaa", "123456",
                                 "654321", "234567", "987654", "890123", "3210987",
                                 "1234567890", DEMO_PIN])
def test_the_first_pins_anyone_tries_are_weak(pin: str) -> None:
    assert is_weak_pin(pin)
    with pytest.raises(ValidationError) as caught:
        check_new_pin(pin)
    assert caught.value.text("id") == ("PIN ini terlalu mudah ditebak (satu angka berulang, "
                                       "atau angka berurutan seperti 123456). Pilih PIN lain.")
    assert caught.value.text("en").startswith("This PIN is too easy to guess")


@pytest.mark.parametrize("pin", ["246810", "975310", "135790", "112233", "abcdef1",
                                 "١٢٣٤٥٦", "kopi-susu-7"])
def test_ordinary_pins_are_accepted(pin: str) -> None:
    assert not is_weak_pin(pin)
    check_new_pin(pin)


@pytest.mark.parametrize(("pin", "message"), [
    ("12", "PIN minimal 6 karakter dan tanpa spasi di awal atau akhir."),
    (" 975310", "PIN minimal 6 karakter dan tanpa spasi di awal atau akhir."),
    ("7" + "3" * 100_000, "PIN paling banyak 64 karakter.")])
def test_short_spaced_and_huge_pins_say_how_to_fix_them(pin: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_pin(pin)
    assert caught.value.text("id") == message


def test_the_wait_doubles_up_to_its_cap() -> None:
    assert [retry_delay(n, 60) for n in range(10)] == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert retry_delay(10_000, 60) == 60
