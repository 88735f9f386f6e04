"""a visit records why it has no photo of the visitor

Revision ID: 0009
Revises: 0011
Create Date: 2026-11-30 09:00:00

The kiosk can take the visitor's face photo at sign-in (``visitor_photo``). A visit
without one says why: the visitor skipped the optional photo, or the camera was not
available. Earlier visits have no reason (no photo was asked for).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("no_photo_reason", sa.String(24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("no_photo_reason")
