"""sign-in throttled per terminal; accounts lock on a high count; forced PIN change

Revision ID: 0003
Revises: 0005
Create Date: 2026-12-02 09:00:00

Wrong sign-ins used to lock the account after five tries; now they slow the terminal
down (``login_throttle``, one row per terminal name) and an account locks only after
many wrong PINs within a window (``staff.failed_since`` starts that window).
``staff.must_change_pin`` marks a PIN that others know: accounts that still have the
published demo PIN are marked here, so an installation that began as a demo asks for
new PINs at the next sign-in (unless the configuration says ``demo = true``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

import kiosk.db.types

revision = "0003"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The demo PIN as published when this migration was written (kiosk.domain.pins.DEMO_PIN).
PUBLISHED_DEMO_PIN = "123456"


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("terminal", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", kiosk.db.types.UtcDateTime(timezone=True),
                  nullable=True),
        sa.Column("last_failure_at", kiosk.db.types.UtcDateTime(timezone=True),
                  nullable=True),
        sa.Column("blocked_until", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("terminal", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("failed_since", kiosk.db.types.UtcDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("must_change_pin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    _mark_demo_pins()
    # Old lockouts were five wrong PINs; the count starts again under the new rule.
    op.execute("UPDATE staff SET failed_logins = 0, locked_until = NULL")


def _mark_demo_pins() -> None:
    connection = op.get_bind()
    staff = sa.table("staff", sa.column("id", sa.Integer), sa.column("pin_hash", sa.String),
                     sa.column("must_change_pin", sa.Boolean))
    hasher = PasswordHasher()
    for staff_id, pin_hash in connection.execute(sa.select(staff.c.id, staff.c.pin_hash)):
        try:
            hasher.verify(pin_hash, PUBLISHED_DEMO_PIN)
        except (VerificationError, InvalidHashError):
            continue
        connection.execute(sa.update(staff).where(staff.c.id == staff_id)
                           .values(must_change_pin=True))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("must_change_pin")
        batch.drop_column("failed_since")
    op.drop_table("login_throttle")
