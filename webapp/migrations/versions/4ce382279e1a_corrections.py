"""corrections: the user's changes to the notes, kept as labelled examples for the extractor

Revision ID: 4ce382279e1a
Revises: 41f2da553f80
Create Date: 2026-11-28 10:12:41.302115

A new table only, so plain CREATE TABLE works on SQLite and PostgreSQL alike (no batch mode: nothing
existing is altered). memo_id is SET NULL on a memo's deletion; user_id cascades with the account.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4ce382279e1a"
down_revision = "41f2da553f80"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("memo_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["memo_id"], ["memos.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_corrections_memo_id", "corrections", ["memo_id"], unique=False)
    op.create_index("ix_corrections_user_created", "corrections", ["user_id", "created_at"], unique=False)


def downgrade():
    op.drop_index("ix_corrections_user_created", table_name="corrections")
    op.drop_index("ix_corrections_memo_id", table_name="corrections")
    op.drop_table("corrections")
