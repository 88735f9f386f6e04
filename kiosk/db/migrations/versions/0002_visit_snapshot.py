"""each visit keeps its own snapshot of the submitted form

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:00:00

Until now a visit read the visitor's name, organisation, phone and photo from the
``visitors`` row, which every new submission with the same ID number overwrote. The
snapshot columns are filled from today's rows (the best record there is of what earlier
visits said), then the directory keeps only the document's type and number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID_TYPE = sa.Enum("ktp", "passport", "sim", "employee", "other", name="idtype",
                  native_enum=False, length=24)
SNAPSHOT = ("full_name", "organisation", "phone", "id_type", "id_number", "photo_jpeg")


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("full_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("organisation", sa.String(200), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(32), nullable=True))
        batch.add_column(sa.Column("id_type", ID_TYPE, nullable=True))
        batch.add_column(sa.Column("id_number", sa.String(64), nullable=True))
        batch.add_column(sa.Column("photo_jpeg", sa.LargeBinary(), nullable=True))
    for column in SNAPSHOT:
        op.execute(f"UPDATE visits SET {column} = (SELECT visitors.{column} FROM visitors "
                   f"WHERE visitors.id = visits.visitor_id)")
    with op.batch_alter_table("visits") as batch:
        for column in SNAPSHOT[:-1]:
            batch.alter_column(column, nullable=False,
                               existing_type=ID_TYPE if column == "id_type" else None)
    with op.batch_alter_table("visitors") as batch:
        for column in ("full_name", "organisation", "phone", "photo_jpeg"):
            batch.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.add_column(sa.Column("full_name", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("organisation", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("phone", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("photo_jpeg", sa.LargeBinary(), nullable=True))
    for column in ("full_name", "organisation", "phone", "photo_jpeg"):
        op.execute(f"UPDATE visitors SET {column} = COALESCE((SELECT visits.{column} "
                   f"FROM visits WHERE visits.visitor_id = visitors.id "
                   f"ORDER BY visits.submitted_at DESC LIMIT 1), visitors.{column})")
    with op.batch_alter_table("visits") as batch:
        for column in SNAPSHOT:
            batch.drop_column(column)
