"""Who is acting: a signed-in staff member, or the visitor at the kiosk."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.types import Role
from kiosk.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    username: str
    full_name: str
    role: Role | None
    #: Signed in with a PIN somebody else knows: may do nothing but choose a new one.
    must_change_pin: bool = False

    @property
    def is_staff(self) -> bool:
        return self.staff_id is not None and self.role is not None

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor holds one of ``roles`` (admin may do everything).

        Every staff action passes here, so a sign-in that still has to change its PIN
        can do nothing else, whatever a screen offers.
        """
        if self.must_change_pin:
            raise PermissionDenied("Choose a new PIN first.")
        if self.role is None or (self.role not in roles and self.role is not Role.ADMIN):
            raise PermissionDenied("Your account may not do this. Ask a supervisor.")


#: The visitor at the touchscreen: may submit a visit and nothing else.
KIOSK = Actor(staff_id=None, username="kiosk", full_name="Kiosk", role=None)
#: Jobs the app runs by itself (daily purge, start-up checks).
SYSTEM = Actor(staff_id=None, username="system", full_name="System", role=Role.ADMIN)
