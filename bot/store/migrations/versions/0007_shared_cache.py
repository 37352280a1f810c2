"""Add what several processes share: the last round of each background loop, the estate list.

Revision ID: 0007_shared_cache
Revises: 0005_follows
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_shared_cache"
down_revision = "0005_follows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loop_rounds",
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_loop_rounds")),
        comment="When each background loop's last round started, and in which process.",
    )
    op.create_table(
        "estate_cache",
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_estate_cache")),
        comment="The office's estate list as last read from Vitec, for every process to load.",
    )


def downgrade() -> None:
    op.drop_table("estate_cache")
    op.drop_table("loop_rounds")
