"""visits record when and by whom they were closed, and whether the deny list was hit

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-30 10:00:00

Reports now show a period as it was on record at its cut-off, so a visit needs the moment
its closing was *recorded* (``closed_at``), apart from the moment the visitor left
(``left_at``, which a late check-out sets to the real exit time). The deny-list hit is kept
on the visit at decision time instead of being recomputed from today's deny list.

Existing rows are filled from what is on record: a check-out closed the visit when the
visitor left, a refusal when it was decided, a cancellation or no-show at its audit event;
the deny-list hit is what the reports computed until now (an override, or an entry active
when the form was submitted).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.db.types

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None

visits = sa.table(
    "visits",
    sa.column("id", sa.Integer), sa.column("state", sa.String),
    sa.column("id_type", sa.String), sa.column("id_number", sa.String),
    sa.column("number_key", sa.String),
    sa.column("submitted_at", kiosk.db.types.UtcDateTime()),
    sa.column("decided_at", kiosk.db.types.UtcDateTime()),
    sa.column("decided_by_id", sa.Integer),
    sa.column("left_at", kiosk.db.types.UtcDateTime()),
    sa.column("checked_out_by_id", sa.Integer),
    sa.column("deny_override_reason", sa.Text),
    sa.column("deny_hit", sa.Boolean),
    sa.column("closed_at", kiosk.db.types.UtcDateTime()),
    sa.column("closed_by_id", sa.Integer),
)
deny_list = sa.table(
    "deny_list",
    sa.column("id_type", sa.String), sa.column("number_key", sa.String),
    sa.column("added_at", kiosk.db.types.UtcDateTime()),
    sa.column("expires_at", kiosk.db.types.UtcDateTime()),
    sa.column("removed_at", kiosk.db.types.UtcDateTime()),
)
audit_events = sa.table(
    "audit_events",
    sa.column("seq", sa.Integer), sa.column("at", kiosk.db.types.UtcDateTime()),
    sa.column("actor", sa.String), sa.column("action", sa.String),
    sa.column("visit_id", sa.Integer),
)
staff = sa.table("staff", sa.column("id", sa.Integer), sa.column("username", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("deny_hit", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("closed_at", kiosk.db.types.UtcDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_visits_closed_by_id_staff"), "staff",
                                 ["closed_by_id"], ["id"])
        batch.create_index("ix_visits_closed_at", ["closed_at"], unique=False)
    _fill_deny_hit()
    _fill_closed()
    with op.batch_alter_table("visits") as batch:
        batch.alter_column("deny_hit", existing_type=sa.Boolean(), nullable=False)


def _fill_deny_hit() -> None:
    # The sure-match rule of ``kiosk.domain.denymatch`` (frozen here as it stood): the same
    # letters and digits, across ID types once the number has six of them.
    matched = sa.exists().where(
        deny_list.c.number_key == visits.c.number_key, deny_list.c.number_key != "",
        sa.or_(deny_list.c.id_type == visits.c.id_type,
               sa.func.length(deny_list.c.number_key) >= 6),
        deny_list.c.added_at <= visits.c.submitted_at,
        sa.or_(deny_list.c.expires_at.is_(None),
               deny_list.c.expires_at > visits.c.submitted_at),
        sa.or_(deny_list.c.removed_at.is_(None),
               deny_list.c.removed_at > visits.c.submitted_at))
    hit = sa.and_(visits.c.decided_at.is_not(None),
                  sa.or_(visits.c.deny_override_reason.is_not(None), matched))
    op.execute(visits.update().values(deny_hit=sa.case((hit, sa.true()), else_=sa.false())))


def _fill_closed() -> None:
    op.execute(visits.update().where(visits.c.left_at.is_not(None))
               .values(closed_at=visits.c.left_at, closed_by_id=visits.c.checked_out_by_id))
    op.execute(visits.update().where(visits.c.state == "refused")
               .values(closed_at=visits.c.decided_at, closed_by_id=visits.c.decided_by_id))
    event = (audit_events.c.visit_id == visits.c.id) & (audit_events.c.action == visits.c.state)
    first_at = sa.select(sa.func.min(audit_events.c.at)).where(event).scalar_subquery()
    first_by = (sa.select(staff.c.id).join(audit_events, audit_events.c.actor == staff.c.username)
                .where(event).order_by(audit_events.c.seq).limit(1).scalar_subquery())
    op.execute(visits.update().where(visits.c.state.in_(("cancelled", "no_show")))
               .values(closed_at=sa.func.coalesce(first_at, visits.c.decided_at,
                                                  visits.c.submitted_at),
                       closed_by_id=first_by))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_index("ix_visits_closed_at")
        batch.drop_constraint("fk_visits_closed_by_id_staff", type_="foreignkey")
        batch.drop_column("closed_by_id")
        batch.drop_column("closed_at")
        batch.drop_column("deny_hit")
