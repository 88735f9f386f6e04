"""contractor passes, work orders and access windows; deny-list entries from the CLI

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-14 09:00:00

A contractor pass (``passes``) lets someone who comes often fill the form with one signed
QR for the purposes and days it names. Invitations and visits carry the work order staff
were given, apart from the letter number the visitor types, and an optional window
outside which nobody goes in without a supervisor's reason. A deny-list entry or a pass
made with ``pintu`` has no staff member behind it, so ``added_by_id`` may be empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

import kiosk.db.types

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def _add_work_order_and_window(batch: BatchOperations) -> None:
    batch.add_column(sa.Column("work_order", sa.String(120), nullable=False,
                               server_default=""))
    for name in ("window_start", "window_end"):
        batch.add_column(sa.Column(name, kiosk.db.types.UtcDateTime(timezone=True),
                                   nullable=True))


def upgrade() -> None:
    op.create_table(
        "passes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("id_type", sa.String(24), nullable=False),
        sa.Column("id_number", sa.String(64), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("pic", sa.String(200), nullable=False),
        sa.Column("purposes", sa.String(400), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("nonce", sa.String(32), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["issued_by_id"], ["staff.id"],
                                name=op.f("fk_passes_issued_by_id_staff")),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["staff.id"],
                                name=op.f("fk_passes_revoked_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passes")),
    )
    with op.batch_alter_table("invitations") as batch:
        _add_work_order_and_window(batch)
    with op.batch_alter_table("visits") as batch:
        _add_work_order_and_window(batch)
        batch.add_column(sa.Column("window_override_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("pass_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_visits_pass_id_passes"), "passes", ["pass_id"],
                                 ["id"])
        batch.create_index(op.f("ix_visits_pass_id"), ["pass_id"])
    for table in ("invitations", "visits"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("work_order", server_default=None,
                               existing_type=sa.String(120), existing_nullable=False)
    with op.batch_alter_table("deny_list") as batch:
        batch.alter_column("added_by_id", nullable=True, existing_type=sa.Integer())


def downgrade() -> None:
    with op.batch_alter_table("deny_list") as batch:
        batch.alter_column("added_by_id", nullable=False, existing_type=sa.Integer())
    with op.batch_alter_table("visits") as batch:
        batch.drop_index(op.f("ix_visits_pass_id"))
        batch.drop_constraint(op.f("fk_visits_pass_id_passes"), type_="foreignkey")
        for name in ("pass_id", "window_override_reason", "window_end", "window_start",
                     "work_order"):
            batch.drop_column(name)
    with op.batch_alter_table("invitations") as batch:
        for name in ("window_end", "window_start", "work_order"):
            batch.drop_column(name)
    op.drop_table("passes")
