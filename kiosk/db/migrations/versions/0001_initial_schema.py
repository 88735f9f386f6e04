"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:07:34.981746
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.db.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_events_seq'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_visit_id'), ['visit_id'], unique=False)

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('daily_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('purpose_key', sa.String(length=48), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('refused', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_counts')),
    sa.UniqueConstraint('day', 'purpose_key', name=op.f('uq_daily_counts_day'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('operator', 'supervisor', 'admin', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('on_duty', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    op.create_table('visitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('id_type', sa.Enum('ktp', 'passport', 'sim', 'employee', 'other', name='idtype', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('photo_jpeg', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('purged_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visitors')),
    sa.UniqueConstraint('id_type', 'id_number', name=op.f('uq_visitors_id_type'))
    )
    op.create_table('deny_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('id_type', sa.Enum('ktp', 'passport', 'sim', 'employee', 'other', name='idtype', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('expires_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('added_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['staff.id'], name=op.f('fk_deny_list_added_by_id_staff')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['staff.id'], name=op.f('fk_deny_list_removed_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deny_list'))
    )
    with op.batch_alter_table('deny_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deny_list_id_number'), ['id_number'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('terminal', sa.String(length=64), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('submitted', 'approved', 'refused', 'inside', 'checked_out', 'archived', 'cancelled', 'no_show', name='visitstate', native_enum=False, length=24), nullable=False),
    sa.Column('purpose_key', sa.String(length=48), nullable=False),
    sa.Column('purpose_text', sa.Text(), nullable=False),
    sa.Column('pic', sa.String(length=200), nullable=False),
    sa.Column('planned_minutes', sa.Integer(), nullable=False),
    sa.Column('reference_letter', sa.String(length=120), nullable=False),
    sa.Column('signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('consent_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('submitted_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.Column('escort_id', sa.Integer(), nullable=True),
    sa.Column('deny_override_reason', sa.Text(), nullable=True),
    sa.Column('entered_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('left_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('checked_out_by_id', sa.Integer(), nullable=True),
    sa.Column('checkout_note', sa.Text(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=True),
    sa.Column('problem_found', sa.Boolean(), nullable=False),
    sa.Column('archived_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('archive_sha256', sa.String(length=64), nullable=True),
    sa.Column('archive_path', sa.Text(), nullable=True),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.Column('purged_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['checked_out_by_id'], ['staff.id'], name=op.f('fk_visits_checked_out_by_id_staff')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_visits_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['escort_id'], ['staff.id'], name=op.f('fk_visits_escort_id_staff')),
    sa.ForeignKeyConstraint(['visitor_id'], ['visitors.id'], name=op.f('fk_visits_visitor_id_visitors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_visits_submission_key'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_state_submitted_at', ['state', 'submitted_at'], unique=False)
        batch_op.create_index('ix_visits_submitted_at', ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('available', 'out', 'retired', name='badgestate', native_enum=False, length=24), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('holder_visit_id', sa.Integer(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['holder_visit_id'], ['visits.id'], name=op.f('fk_badges_holder_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badges')),
    sa.UniqueConstraint('number', name=op.f('uq_badges_number'))
    )
    op.create_table('devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=80), nullable=False),
    sa.Column('brand_model', sa.String(length=120), nullable=False),
    sa.Column('serial', sa.String(length=120), nullable=False),
    sa.Column('carried_in', sa.Boolean(), nullable=False),
    sa.Column('exit_state', sa.Enum('pending', 'carried_out', 'left_inside', 'missing', 'mismatch', name='deviceexit', native_enum=False, length=24), nullable=False),
    sa.Column('exit_serial', sa.String(length=120), nullable=True),
    sa.Column('exit_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_devices_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_visit_id'), ['visit_id'], unique=False)

    op.create_table('id_cards_held',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('id_type', sa.Enum('ktp', 'passport', 'sim', 'employee', 'other', name='idtype', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=64), nullable=False),
    sa.Column('mismatch_note', sa.Text(), nullable=False),
    sa.Column('taken_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=False),
    sa.Column('returned_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['returned_by_id'], ['staff.id'], name=op.f('fk_id_cards_held_returned_by_id_staff')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['staff.id'], name=op.f('fk_id_cards_held_taken_by_id_staff')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_id_cards_held_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_id_cards_held'))
    )
    with op.batch_alter_table('id_cards_held', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_id_cards_held_visit_id'), ['visit_id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('id_type', sa.Enum('ktp', 'passport', 'sim', 'employee', 'other', name='idtype', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('purpose_key', sa.String(length=48), nullable=False),
    sa.Column('purpose_text', sa.Text(), nullable=False),
    sa.Column('pic', sa.String(length=200), nullable=False),
    sa.Column('valid_on', sa.Date(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_by_visit_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_invitations_created_by_id_staff')),
    sa.ForeignKeyConstraint(['used_by_visit_id'], ['visits.id'], name=op.f('fk_invitations_used_by_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('used_by_visit_id', name=op.f('uq_invitations_used_by_visit_id'))
    )
    op.create_table('badge_loans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('returned_at', kiosk.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_badge_loans_badge_id_badges')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_badge_loans_issued_by_id_staff')),
    sa.ForeignKeyConstraint(['returned_by_id'], ['staff.id'], name=op.f('fk_badge_loans_returned_by_id_staff')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_badge_loans_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_loans'))
    )
    with op.batch_alter_table('badge_loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_loans_badge_id'), ['badge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_loans_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('badge_loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_loans_visit_id'))
        batch_op.drop_index(batch_op.f('ix_badge_loans_badge_id'))

    op.drop_table('badge_loans')
    op.drop_table('invitations')
    with op.batch_alter_table('id_cards_held', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_id_cards_held_visit_id'))

    op.drop_table('id_cards_held')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_visit_id'))

    op.drop_table('devices')
    op.drop_table('badges')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_visitor_id'))
        batch_op.drop_index('ix_visits_submitted_at')
        batch_op.drop_index('ix_visits_state_submitted_at')

    op.drop_table('visits')
    with op.batch_alter_table('deny_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deny_list_id_number'))

    op.drop_table('deny_list')
    op.drop_table('visitors')
    op.drop_table('staff')
    op.drop_table('daily_counts')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_visit_id'))

    op.drop_table('audit_events')
