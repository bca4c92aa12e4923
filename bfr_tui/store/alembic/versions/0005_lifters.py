"""Lifters: a log holds one or more, and every piece of training belongs to one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

The one-row ``profile`` becomes the first row of ``lifter``, named after the machine's
login (renamed with ``bfr-tui lifters rename``), and every 1RM, visit, block, set and
symptom flag already in the log becomes that lifter's. A log with nothing in it gets
no lifter here: the app makes the first one when it opens the log. Sets and flags
point at their block through (block, lifter), so no row can join another lifter's
block, whatever a client sends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bfr_tui.store.lifters import default_lifter_name

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NAME_MAX = 80
FIRST_LIFTER_ID = 1
_OPEN_BLOCKS = sa.text("cuff_off_at IS NULL")
# Written out rather than taken from the models: a revision is history.
LIFTER_TABLES = ("one_rep_max", "training_session", "block", "set_entry", "symptom_flag")
_JOINED_TO_BLOCK = ("set_entry", "symptom_flag")


def _first_lifter() -> None:
    # In SQL rather than by reading rows here: ``alembic upgrade --sql`` renders it with
    # no database to read from. The profile's values go over as each engine stored them.
    name = default_lifter_name()
    columns = "id, name, unit, screening_answers, screened_on, cleared_by_professional, theme"
    op.execute(sa.text(
        f"INSERT INTO lifter ({columns}) "
        f"SELECT {FIRST_LIFTER_ID:d}, :name, unit, screening_answers, screened_on, "
        "cleared_by_professional, theme FROM profile ORDER BY id LIMIT 1"
    ).bindparams(name=name))
    # Training without a profile still needs its lifter; an empty log gets none.
    training = " OR ".join(f"EXISTS (SELECT 1 FROM {table})" for table in LIFTER_TABLES)
    op.execute(sa.text(
        f"INSERT INTO lifter ({columns}) "
        f"SELECT {FIRST_LIFTER_ID:d}, :name, 'kg', '', NULL, :no, 'textual-dark' "
        f"WHERE NOT EXISTS (SELECT 1 FROM lifter) AND ({training})"
    ).bindparams(name=name, no=False))
    if op.get_context().dialect.name == "postgresql":
        # The id was given, not drawn: the next lifter's must come after it (and an
        # empty table's first must still be 1).
        op.execute(
            "SELECT setval(pg_get_serial_sequence('lifter', 'id'), "
            "COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM lifter"
        )


def upgrade() -> None:
    op.create_table(
        "lifter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(NAME_MAX), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("screening_answers", sa.String(), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=True),
        sa.Column("cleared_by_professional", sa.Boolean(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
        sa.UniqueConstraint("name"),
    )
    _first_lifter()
    for table in LIFTER_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("lifter_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET lifter_id = {FIRST_LIFTER_ID}")
    op.drop_index("ix_block_exercise_cuff_on", "block")
    op.drop_index("ix_block_open", "block")
    with op.batch_alter_table("block") as batch:
        batch.alter_column("lifter_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_block_lifter_id_lifter", "lifter", ["lifter_id"], ["id"])
        batch.create_unique_constraint("uq_block_id_lifter", ["id", "lifter_id"])
    # History, the exercise list and the 36 h check read one lifter's blocks by time.
    op.create_index(
        "ix_block_lifter_exercise_cuff_on", "block", ["lifter_id", "exercise_id", "cuff_on_at"]
    )
    op.create_index("ix_block_lifter_cuff_on", "block", ["lifter_id", "cuff_on_at"])
    op.create_index(
        "ix_block_open", "block", ["lifter_id", "cuff_on_at"],
        sqlite_where=_OPEN_BLOCKS, postgresql_where=_OPEN_BLOCKS,
    )
    for table in ("one_rep_max", "training_session"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("lifter_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_lifter_id_lifter",
                "lifter", ["lifter_id"], ["id"]
            )
    op.create_index(
        "ix_one_rep_max_lifter_exercise", "one_rep_max",
        ["lifter_id", "exercise_id", "recorded_on"],
    )
    op.create_index("ix_training_session_lifter", "training_session", ["lifter_id", "started_at"])
    for table in _JOINED_TO_BLOCK:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("lifter_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_lifter_id_lifter",
                "lifter", ["lifter_id"], ["id"]
            )
            batch.create_foreign_key(
                f"fk_{table}_block_lifter", "block", ["block_id", "lifter_id"],
                ["id", "lifter_id"],
            )
    op.drop_table("profile")


def downgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("screening_answers", sa.String(), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=True),
        sa.Column("cleared_by_professional", sa.Boolean(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
    )
    # One lifter is all schema 4 can hold: the first one's settings become the profile.
    op.execute(
        "INSERT INTO profile (id, unit, screening_answers, screened_on, "
        "cleared_by_professional, theme) SELECT 1, unit, screening_answers, screened_on, "
        "cleared_by_professional, theme FROM lifter ORDER BY id LIMIT 1"
    )
    for table in (*reversed(_JOINED_TO_BLOCK), "training_session", "one_rep_max"):
        with op.batch_alter_table(table) as batch:
            if table in _JOINED_TO_BLOCK:
                batch.drop_constraint(f"fk_{table}_block_lifter", type_="foreignkey")
            batch.drop_constraint(f"fk_{table}_lifter_id_lifter", type_="foreignkey")
    op.drop_index("ix_one_rep_max_lifter_exercise", "one_rep_max")
    op.drop_index("ix_training_session_lifter", "training_session")
    op.drop_index("ix_block_open", "block")
    op.drop_index("ix_block_lifter_cuff_on", "block")
    op.drop_index("ix_block_lifter_exercise_cuff_on", "block")
    with op.batch_alter_table("block") as batch:
        batch.drop_constraint("uq_block_id_lifter", type_="unique")
        batch.drop_constraint("fk_block_lifter_id_lifter", type_="foreignkey")
    for table in reversed(LIFTER_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("lifter_id")
    op.create_index("ix_block_exercise_cuff_on", "block", ["exercise_id", "cuff_on_at"])
    op.create_index(
        "ix_block_open", "block", ["cuff_on_at"],
        sqlite_where=_OPEN_BLOCKS, postgresql_where=_OPEN_BLOCKS,
    )
    op.drop_table("lifter")
