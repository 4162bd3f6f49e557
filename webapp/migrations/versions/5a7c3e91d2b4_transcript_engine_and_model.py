"""memos.transcript_engine and transcript_model: which Whisper engine and model produced the transcript

Revision ID: 5a7c3e91d2b4
Revises: 9b2e7c41d5a3
Create Date: 2026-12-01 11:55:00

Written by hand: plain ADD COLUMN (nullable), no batch mode, so SQLite never copies the memos table.
Memos transcribed before this revision say nothing about their engine.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5a7c3e91d2b4"
down_revision = "9b2e7c41d5a3"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("memos", sa.Column("transcript_engine", sa.String(length=32), nullable=True))
    op.add_column("memos", sa.Column("transcript_model", sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column("memos", "transcript_model")
    op.drop_column("memos", "transcript_engine")
