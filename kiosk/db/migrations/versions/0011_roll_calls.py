"""emergency roll calls: who was accounted for, when and by whom, and who was missing

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14 09:00:00

In an emergency staff at any terminal start a roll call of everyone holding a visitor
badge and mark each person as accounted for. Kept in the database, so a roll call
survives a power cut and terminals sharing a server work on the same one; the unique
``open_key`` lets only one be open at a time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roll_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("open_key", sa.Integer(), nullable=True),
        sa.Column("started_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=False),
        sa.Column("started_terminal", sa.String(64), nullable=False),
        sa.Column("ended_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_terminal", sa.String(64), nullable=True),
        sa.Column("archive_path", sa.Text(), nullable=True),
        sa.Column("archive_sha256", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["started_by_id"], ["staff.id"],
                                name=op.f("fk_roll_calls_started_by_id_staff")),
        sa.ForeignKeyConstraint(["ended_by_id"], ["staff.id"],
                                name=op.f("fk_roll_calls_ended_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roll_calls")),
        sa.UniqueConstraint("open_key", name=op.f("uq_roll_calls_open_key")),
    )
    op.create_table(
        "roll_call_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roll_call_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("badge_number", sa.Integer(), nullable=True),
        sa.Column("accounted_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("accounted_by_id", sa.Integer(), nullable=True),
        sa.Column("accounted_terminal", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["roll_call_id"], ["roll_calls.id"],
                                name=op.f("fk_roll_call_marks_roll_call_id_roll_calls")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f("fk_roll_call_marks_visit_id_visits")),
        sa.ForeignKeyConstraint(["accounted_by_id"], ["staff.id"],
                                name=op.f("fk_roll_call_marks_accounted_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roll_call_marks")),
        sa.UniqueConstraint("roll_call_id", "visit_id",
                            name=op.f("uq_roll_call_marks_roll_call_id")),
    )
    with op.batch_alter_table("roll_call_marks") as batch:
        batch.create_index(batch.f("ix_roll_call_marks_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roll_call_marks") as batch:
        batch.drop_index(batch.f("ix_roll_call_marks_visit_id"))
    op.drop_table("roll_call_marks")
    op.drop_table("roll_calls")
