"""The whole schema of a training log, from an empty database.

Revision ID: 0003
Revises:
Create Date: 2026-03-02

Schema 3 is where bfr-tui moved to Alembic: a new log of any engine is built here,
and a SQLite log of schema 1 or 2 from an earlier bfr-tui is brought to the same
tables by store/migrations.py before being marked as this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = None
branch_labels = None
depends_on = None

# Written out rather than taken from the models: a revision is history, and must
# build the same tables after the models have moved on.
NAME_MAX = 80
_OPEN_BLOCKS = sa.text("cuff_off_at IS NULL")


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "exercise",
        _id(),
        sa.Column("name", sa.String(NAME_MAX), nullable=False),
        sa.Column("limb", sa.String(), nullable=False),
        sa.Column("muscle_group", sa.String(), nullable=False),
        sa.Column("compound", sa.Boolean(), nullable=False),
        sa.Column("suitability_note", sa.String(), nullable=False),
        sa.Column("load_step", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        # Logs of schema 1 gained this column by ALTER TABLE, which needs a default.
        sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "profile",
        _id(),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("screening_answers", sa.String(), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=True),
        sa.Column("cleared_by_professional", sa.Boolean(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
    )
    op.create_table(
        "training_session",
        _id(),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
    )
    op.create_index("ix_training_session_started_at", "training_session", ["started_at"])
    op.create_table(
        "block",
        _id(),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(), nullable=False),
        sa.Column("protocol_name", sa.String(), nullable=False),
        sa.Column("protocol_reps", sa.String(), nullable=False),
        sa.Column("rest_target_s", sa.Integer(), nullable=False),
        sa.Column("load", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("one_rm", sa.Float(), nullable=True),
        sa.Column("tightness", sa.Integer(), nullable=False),
        sa.Column("pulse_felt", sa.Boolean(), nullable=False),
        sa.Column("skin_normal", sa.Boolean(), nullable=False),
        sa.Column("pressure_mmhg", sa.Float(), nullable=True),
        sa.Column("lop_percent", sa.Float(), nullable=True),
        sa.Column("cuff_width_cm", sa.Float(), nullable=True),
        sa.Column("cuff_on_at", sa.DateTime(), nullable=False),
        sa.Column("cuff_off_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["training_session.id"]),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercise.id"]),
    )
    op.create_index("ix_block_cuff_on_at", "block", ["cuff_on_at"])
    op.create_index("ix_block_session_id", "block", ["session_id"])
    op.create_index("ix_block_exercise_id", "block", ["exercise_id"])
    # History and "last block" look-ups filter by exercise and sort by time.
    op.create_index("ix_block_exercise_cuff_on", "block", ["exercise_id", "cuff_on_at"])
    # Every start looks for a block left open by a crash: only open blocks are indexed,
    # so the look-up is instant however many closed blocks the log holds (issue #5).
    op.create_index(
        "ix_block_open", "block", ["cuff_on_at"],
        sqlite_where=_OPEN_BLOCKS, postgresql_where=_OPEN_BLOCKS,
    )
    op.create_table(
        "one_rep_max",
        _id(),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercise.id"]),
    )
    op.create_index("ix_one_rep_max_exercise_id", "one_rep_max", ["exercise_id"])
    op.create_table(
        "set_entry",
        _id(),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("load", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("rest_before_s", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["block_id"], ["block.id"]),
    )
    op.create_index("ix_set_entry_block_id", "set_entry", ["block_id"])
    # One row per set number in a block: a retried write can never log a set twice.
    op.create_index(
        "ux_set_entry_block_set", "set_entry", ["block_id", "set_number"], unique=True
    )
    op.create_table(
        "symptom_flag",
        _id(),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["block_id"], ["block.id"]),
        sa.ForeignKeyConstraint(["set_id"], ["set_entry.id"]),
    )
    op.create_index("ix_symptom_flag_block_id", "symptom_flag", ["block_id"])


def downgrade() -> None:
    for table in (
        "symptom_flag", "set_entry", "one_rep_max", "block", "training_session", "profile",
        "exercise",
    ):
        op.drop_table(table)
