"""Add the audit trail: who searched, booked or undid which contact, by id.

Revision ID: 0002_audit
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_audit"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here, like the statuses of 0001, so this migration keeps creating what it created.
_ACTIONS = ("search", "book", "undo", "refused")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                *_ACTIONS,
                name=op.f("ck_audit_events_action"),
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=32), nullable=True),
        sa.Column("customer_id", sa.String(length=100), nullable=True),
        sa.Column("result_count", sa.Integer(), nullable=True),
        sa.Column("contact_ids", sa.JSON(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=True),
        sa.Column("viewing_id", sa.String(length=100), nullable=True),
        sa.Column("time_slot_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_table("audit_events")
