"""Create the sign-up ledger.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen here rather than imported from the app, so this migration keeps creating what it
# created even after the enum in the code grows.
_STATUSES = ("pending", "booked", "already_booked", "refused", "failed", "unknown", "removed")


def upgrade() -> None:
    op.create_table(
        "signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("channel_id", sa.String(length=100), nullable=True),
        sa.Column("response_url", sa.Text(), nullable=True),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("estate_id", sa.String(length=100), nullable=False),
        sa.Column("viewing_id", sa.String(length=100), nullable=False),
        sa.Column("time_slot_id", sa.String(length=100), nullable=False),
        sa.Column("contact_id", sa.String(length=100), nullable=False),
        sa.Column("slot_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contact_name", sa.Text(), nullable=True),
        sa.Column("estate_address", sa.Text(), nullable=False),
        sa.Column("booking", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                *_STATUSES,
                name=op.f("ck_signups_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("vitec_message", sa.Text(), nullable=True),
        sa.Column("error_field", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claim_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged", sa.Boolean(), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signups")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_signups_idempotency_key")),
    )
    op.create_index(
        "ix_signups_agent_created", "signups", ["team_id", "user_id", "created_at"], unique=False
    )
    op.create_index(
        "ix_signups_status_claim", "signups", ["status", "claim_expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_signups_status_claim", table_name="signups")
    op.drop_index("ix_signups_agent_created", table_name="signups")
    op.drop_table("signups")
