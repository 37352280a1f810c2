"""Remember whether Vitec created a new contact or found them by its duplicate check.

Revision ID: 0004_new_contacts
Revises: 0003_workspaces
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_new_contacts"
down_revision = "0003_workspaces"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signups") as batch:
        batch.add_column(sa.Column("contact_origin", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signups") as batch:
        batch.drop_column("contact_origin")
