"""backup runs: when the last backup was made, where, and whether it was verified

Revision ID: 0004
Revises: 0006
Create Date: 2026-12-01 09:00:00

Supervisors at every terminal see the last backup and a failing one; the record lives in
the shared database because the copies may sit on another terminal's disk.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.db.types

revision = "0004"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backup_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("terminal", sa.String(length=80), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("copy_path", sa.Text(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("audit_events", sa.Integer(), nullable=True),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_runs")),
    )
    with op.batch_alter_table("backup_runs") as batch:
        batch.create_index(batch.f("ix_backup_runs_finished_at"), ["finished_at"],
                           unique=False)


def downgrade() -> None:
    with op.batch_alter_table("backup_runs") as batch:
        batch.drop_index(batch.f("ix_backup_runs_finished_at"))
    op.drop_table("backup_runs")
