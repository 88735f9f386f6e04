"""Rules for staff PINs and for the wait after a wrong one, without a database.

A PIN guards the door of a server room, so the ones everybody tries first are refused
when a PIN is set: one character repeated (111111) and digits in a row either way
(123456, 987654, 890123). The demo's PIN is published in the README, so it is refused
too (it is a run already; the explicit check keeps it refused if the demo PIN changes).

Wrong sign-ins slow the terminal down rather than lock the account: the n-th failure in
a row makes the next try wait 1, 2, 4, 8 ... seconds, up to a cap.
"""

from __future__ import annotations

from itertools import pairwise

from kiosk.errors import ValidationError

MIN_PIN_LENGTH = 6
#: Long enough for any passphrase a person would type; a 100 kB paste is refused.
MAX_PIN_LENGTH = 64
#: The PIN of the demo accounts, printed by ``pintu demo`` and the README.
DEMO_PIN = "123456"


def is_weak_pin(pin: str) -> bool:
    """One character repeated, or digits that climb or fall by one (0 follows 9)."""
    if len(set(pin)) == 1 or pin == DEMO_PIN:
        return True
    if not pin.isascii() or not pin.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return steps in ({1}, {9})


def check_pin_shape(pin: str) -> None:
    """The length and spacing every stored PIN has (demo accounts included)."""
    if len(pin) < MIN_PIN_LENGTH or pin.strip() != pin:
        raise ValidationError("pin", "A PIN needs at least {n} characters and no spaces "
                                     "at either end.", n=MIN_PIN_LENGTH)
    if len(pin) > MAX_PIN_LENGTH:
        raise ValidationError("pin", "A PIN may have at most {n} characters.",
                              n=MAX_PIN_LENGTH)


def check_new_pin(pin: str) -> None:
    """Refuse a PIN a person chooses if it is malformed or among the first ones guessed."""
    check_pin_shape(pin)
    if is_weak_pin(pin):
        raise ValidationError("pin", "This PIN is too easy to guess (one digit repeated, or "
                                     "digits in a row such as 123456). Choose another.")


def retry_delay(failures: int, cap_seconds: int) -> int:
    """Seconds a terminal waits after ``failures`` wrong sign-ins in a row: 1, 2, 4 ...

    Doubling makes a typo cost a second and a guessing run cost minutes; the cap keeps a
    real person who forgot their PIN from being shut out for long.
    """
    if failures <= 0:
        return 0
    return min(cap_seconds, 2 ** min(failures - 1, 30))
