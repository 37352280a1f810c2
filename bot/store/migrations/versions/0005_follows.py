"""Channels that follow estates, Vitec notifications already handled, a sign-up's thread.

Revision ID: 0005_follows
Revises: 0004_new_contacts
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_follows"
down_revision = "0004_new_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "estate_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("channel_id", sa.String(length=100), nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("estate_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estate_follows")),
        sa.UniqueConstraint(
            "team_id",
            "channel_id",
            "customer_id",
            "estate_id",
            name=op.f("uq_estate_follows_team_id"),
        ),
    )
    op.create_index(
        "ix_estate_follows_estate", "estate_follows", ["customer_id", "estate_id"], unique=False
    )
    op.create_table(
        "vitec_notifications",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_vitec_notifications")),
    )
    op.create_index(
        "ix_vitec_notifications_received_at",
        "vitec_notifications",
        ["received_at"],
        unique=False,
    )
    with op.batch_alter_table("signups") as batch:
        batch.add_column(sa.Column("thread_ts", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signups") as batch:
        batch.drop_column("thread_ts")
    op.drop_index("ix_vitec_notifications_received_at", table_name="vitec_notifications")
    op.drop_table("vitec_notifications")
    op.drop_index("ix_estate_follows_estate", table_name="estate_follows")
    op.drop_table("estate_follows")
