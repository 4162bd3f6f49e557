"""review on a laptop: companies, contacts, search index, calendar feed, retention

Revision ID: 41f2da553f80
Revises: 113ca513dfe7
Create Date: 2026-11-27 01:14:08.928613

Written by hand: no batch mode on memos or users. SQLite's batch mode copies and drops the table, and with
foreign keys on, dropping memos would cascade-delete every segment, note and action. SQLite's own
ALTER TABLE ... ADD COLUMN ... REFERENCES keeps the data and still enforces ON DELETE SET NULL.

Search: on SQLite an FTS5 table kept in sync by triggers; rowid = memo id << 32 | kind << 30 | source id
(kind 0 transcript segment, 1 note item, 2 action, 3 memo header), so a trigger deletes one row by rowid.
On PostgreSQL, generated tsvector columns (search_vector) with GIN indexes: always in sync.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "41f2da553f80"
down_revision = "113ca513dfe7"
branch_labels = None
depends_on = None

# SQLite 3.40 has no concat_ws: the memo header as one text, NULLs as empty.
def _header(prefix: str) -> str:
    return " || ' ' || ".join(f"coalesce({prefix}{field}, '')" for field in ("title", "contact", "company", "role"))


SQLITE_FTS = """
CREATE VIRTUAL TABLE search_index USING fts5(
    transcript, notes, header, start UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

# rowid = memo id << 32 | kind << 30 | source id (low 30 bits). The memo is read from the rowid alone, so
# ranking never touches the stored text, and newest memos have the highest rowids (a cheap recency cut).
ROWID = {
    "segment": "({p}memo_id << 32) + ({p}id & 1073741823)",
    "item": "({p}memo_id << 32) + 1073741824 + ({p}id & 1073741823)",
    "action": "({p}memo_id << 32) + 2147483648 + ({p}id & 1073741823)",
    "memo": "({p}id << 32) + 3221225472",
}


def _rowid(kind: str, prefix: str) -> str:
    return ROWID[kind].format(p=prefix)


# Each source row becomes one index row; deleted notes and actions are left out.
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER search_segments_ai AFTER INSERT ON segments BEGIN
        INSERT INTO search_index(rowid, transcript, start) VALUES ({_rowid("segment", "new.")}, new.text, new.start);
    END""",
    f"""CREATE TRIGGER search_segments_au AFTER UPDATE OF text, start ON segments BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("segment", "old.")};
        INSERT INTO search_index(rowid, transcript, start) VALUES ({_rowid("segment", "new.")}, new.text, new.start);
    END""",
    f"""CREATE TRIGGER search_segments_ad AFTER DELETE ON segments BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("segment", "old.")};
    END""",
    f"""CREATE TRIGGER search_items_ai AFTER INSERT ON note_items WHEN NOT new.deleted BEGIN
        INSERT INTO search_index(rowid, notes, start) VALUES ({_rowid("item", "new.")}, new.text, new.start);
    END""",
    f"""CREATE TRIGGER search_items_au AFTER UPDATE OF text, start, deleted ON note_items BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("item", "old.")};
        INSERT INTO search_index(rowid, notes, start)
        SELECT {_rowid("item", "new.")}, new.text, new.start WHERE NOT new.deleted;
    END""",
    f"""CREATE TRIGGER search_items_ad AFTER DELETE ON note_items BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("item", "old.")};
    END""",
    f"""CREATE TRIGGER search_actions_ai AFTER INSERT ON actions WHEN NOT new.deleted BEGIN
        INSERT INTO search_index(rowid, notes, start) VALUES ({_rowid("action", "new.")}, new.text, new.start);
    END""",
    f"""CREATE TRIGGER search_actions_au AFTER UPDATE OF text, start, deleted ON actions BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("action", "old.")};
        INSERT INTO search_index(rowid, notes, start)
        SELECT {_rowid("action", "new.")}, new.text, new.start WHERE NOT new.deleted;
    END""",
    f"""CREATE TRIGGER search_actions_ad AFTER DELETE ON actions BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("action", "old.")};
    END""",
    f"""CREATE TRIGGER search_memos_ai AFTER INSERT ON memos BEGIN
        INSERT INTO search_index(rowid, header) VALUES ({_rowid("memo", "new.")}, HEADER(new.));
    END""",
    f"""CREATE TRIGGER search_memos_au AFTER UPDATE OF title, contact, company, role ON memos BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("memo", "old.")};
        INSERT INTO search_index(rowid, header) VALUES ({_rowid("memo", "new.")}, HEADER(new.));
    END""",
    f"""CREATE TRIGGER search_memos_ad AFTER DELETE ON memos BEGIN
        DELETE FROM search_index WHERE rowid = {_rowid("memo", "old.")};
    END""",
]

SQLITE_FILL = [
    f"""INSERT INTO search_index(rowid, transcript, start) SELECT {_rowid("segment", "s.")}, s.text, s.start
       FROM segments s""",
    f"""INSERT INTO search_index(rowid, notes, start) SELECT {_rowid("item", "n.")}, n.text, n.start
       FROM note_items n WHERE NOT n.deleted""",
    f"""INSERT INTO search_index(rowid, notes, start) SELECT {_rowid("action", "a.")}, a.text, a.start
       FROM actions a WHERE NOT a.deleted""",
    f"""INSERT INTO search_index(rowid, header) SELECT {_rowid("memo", "m.")}, HEADER(m.) FROM memos m""",
]

SQLITE_TRIGGERS = [s.replace("HEADER(new.)", _header("new.")) for s in SQLITE_TRIGGERS]
SQLITE_FILL = [s.replace("HEADER(m.)", _header("m.")) for s in SQLITE_FILL]

# PostgreSQL: a stored tsvector column per searched table (computed by the database on every write, so
# always in sync) with a GIN index. Ranking reads the stored vectors instead of re-parsing the text.
POSTGRES_VECTORS = {
    "segments": "to_tsvector('english', text)",
    "note_items": "to_tsvector('english', text)",
    "actions": "to_tsvector('english', text)",
    "memos": (
        "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(contact, '') || ' ' "
        "|| coalesce(company, '') || ' ' || coalesce(role, ''))"
    ),
}


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("auto_stage", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "key", name="uq_company_user_key"),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "key", name="uq_contact_user_key"),
    )
    if sqlite:
        op.execute("ALTER TABLE memos ADD COLUMN company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL")
        op.execute("ALTER TABLE memos ADD COLUMN contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL")
    else:
        op.add_column("memos", sa.Column("company_id", sa.Integer(), nullable=True))
        op.add_column("memos", sa.Column("contact_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_memos_company_id_companies", "memos", "companies", ["company_id"], ["id"], ondelete="SET NULL"
        )
        op.create_foreign_key(
            "fk_memos_contact_id_contacts", "memos", "contacts", ["contact_id"], ["id"], ondelete="SET NULL"
        )
    op.add_column("memos", sa.Column("audio_deleted_at", sa.DateTime(), nullable=True))
    op.create_index("ix_memos_company_id", "memos", ["company_id"], unique=False)
    op.create_index("ix_memos_contact_id", "memos", ["contact_id"], unique=False)

    op.add_column("users", sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("audio_retention_days", sa.Integer(), nullable=True))
    op.create_index("ix_users_calendar_token_hash", "users", ["calendar_token_hash"], unique=True)

    if sqlite:
        op.execute(SQLITE_FTS)
        for statement in SQLITE_TRIGGERS + SQLITE_FILL:
            op.execute(statement)
    else:
        for table, vector in POSTGRES_VECTORS.items():
            op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
            op.execute(f"CREATE INDEX ix_fts_{table} ON {table} USING gin (search_vector)")


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in SQLITE_TRIGGERS:
            op.execute("DROP TRIGGER IF EXISTS " + statement.split()[2])
        op.execute("DROP TABLE IF EXISTS search_index")
    else:
        for table in POSTGRES_VECTORS:
            op.execute(f"DROP INDEX IF EXISTS ix_fts_{table}")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    op.drop_index("ix_users_calendar_token_hash", table_name="users")
    op.drop_index("ix_memos_contact_id", table_name="memos")
    op.drop_index("ix_memos_company_id", table_name="memos")
    if sqlite:
        # SQLite 3.35+ drops plain columns in place; these carry REFERENCES, so batch mode is needed, run
        # with foreign keys off so copying the table does not cascade into its children.
        op.execute("PRAGMA foreign_keys=OFF")
        with op.batch_alter_table("memos") as batch_op:
            batch_op.drop_column("audio_deleted_at")
            batch_op.drop_column("contact_id")
            batch_op.drop_column("company_id")
        with op.batch_alter_table("users") as batch_op:
            batch_op.drop_column("audio_retention_days")
            batch_op.drop_column("calendar_token_hash")
        op.execute("PRAGMA foreign_keys=ON")
    else:
        op.drop_constraint("fk_memos_contact_id_contacts", "memos", type_="foreignkey")
        op.drop_constraint("fk_memos_company_id_companies", "memos", type_="foreignkey")
        op.drop_column("memos", "audio_deleted_at")
        op.drop_column("memos", "contact_id")
        op.drop_column("memos", "company_id")
        op.drop_column("users", "audio_retention_days")
        op.drop_column("users", "calendar_token_hash")
    op.drop_table("contacts")
    op.drop_table("companies")
