"""ID numbers matched by letters and digits only, across ID types

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-07 09:00:00

The deny list matched a visitor by ID type and number exactly, so "a1234567" got past
"A-123 4567", and a passport number entered as "other" got past its passport entry.
``number_key`` (``kiosk.domain.denymatch.number_key``: upper-case letters and digits only)
is stored, indexed, on deny-list entries and on visits, and filled here for the rows
already there. Stored numbers passed the ID-number validation (ASCII letters, digits,
spaces, dashes, slashes and dots), so upper-casing and removing those four separators in
SQL gives exactly the key the application computes. The exact-number index on the deny
list is dropped: nothing looks a number up that way any more.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY_SQL = ("UPPER(REPLACE(REPLACE(REPLACE(REPLACE(id_number, ' ', ''), '-', ''), '.', ''),"
           " '/', ''))")


def upgrade() -> None:
    for table in ("deny_list", "visits"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("number_key", sa.String(64), nullable=True))
        op.execute(f"UPDATE {table} SET number_key = {KEY_SQL}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("number_key", nullable=False, existing_type=sa.String(64))
            batch.create_index(f"ix_{table}_number_key", ["number_key"], unique=False)
    with op.batch_alter_table("deny_list") as batch:
        batch.drop_index("ix_deny_list_id_number")


def downgrade() -> None:
    with op.batch_alter_table("deny_list") as batch:
        batch.create_index("ix_deny_list_id_number", ["id_number"], unique=False)
    for table in ("visits", "deny_list"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_number_key")
            batch.drop_column("number_key")
