"""login sessions: one row per logged-in browser, deleted at logout; users.session_token goes

Revision ID: 28160267263e
Revises: 4ce382279e1a
Create Date: 2026-12-01 11:06:26.352179

Written by hand: no batch mode on users. SQLite's batch mode copies and drops the table, and with foreign keys
on, dropping users would cascade-delete every memo. SQLite's own ALTER TABLE ... DROP COLUMN (3.35+) keeps the
data. The cookies of the old scheme carried users.session_token, so everyone logs in once more after upgrading.
"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "28160267263e"
down_revision = "4ce382279e1a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"], unique=False)
    op.drop_column("users", "session_token")


def downgrade():
    op.add_column("users", sa.Column("session_token", sa.String(length=36), nullable=False, server_default=""))
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id).values(session_token=str(uuid.uuid4())))
    op.drop_index("ix_login_sessions_user_id", table_name="login_sessions")
    op.drop_table("login_sessions")
