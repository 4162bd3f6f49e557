"""worker presence: each worker's heartbeat, so the web side can say when no worker is running

Revision ID: 9b2e7c41d5a3
Revises: 28160267263e
Create Date: 2026-12-01 11:20:00.000000

A new table only (plain CREATE TABLE on SQLite and PostgreSQL alike).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9b2e7c41d5a3"
down_revision = "28160267263e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "worker_presence",
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner"),
    )
    op.create_index("ix_worker_presence_last_seen_at", "worker_presence", ["last_seen_at"], unique=False)


def downgrade():
    op.drop_index("ix_worker_presence_last_seen_at", table_name="worker_presence")
    op.drop_table("worker_presence")
