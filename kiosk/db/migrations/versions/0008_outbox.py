"""an outbox of messages to the people inside, and a contact for each staff member

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-07 09:00:00

Arrivals, escorts, overstays and visits open at day end are told to the unit visited, the
escort, the host and the supervisor. Each message is queued in the transaction of its
event and sent later by the kiosk's upkeep, so a mail server that is away never stops
the door.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.db.types

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("notify_target", sa.String(254), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("notify_target", server_default=None,
                           existing_type=sa.String(254), existing_nullable=False)
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(24), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", kiosk.db.types.UtcDateTime(timezone=True),
                  nullable=False),
        sa.Column("sent_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_due", "outbox", ["sent_at", "failed_at", "next_attempt_at"])
    op.create_index("ix_outbox_visit_event", "outbox", ["visit_id", "event"])


def downgrade() -> None:
    op.drop_index("ix_outbox_visit_event", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("notify_target")
