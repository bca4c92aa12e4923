"""Cuffs, limb occlusion pressures, effort and discomfort per set, and the block's tempo.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

A lifter's named cuffs (``cuff``) and the LOPs measured with them
(``lop_measurement``) are theirs like the rest of their training (R12, R14, R16). A
block may name the cuff it was done with, the target mmHg its % of LOP gave, and the
tempo it was lifted at (R15); a set may carry its effort (RPE) and cuff discomfort,
0-10 each (R13); a lifter has an LOP re-measure interval, 30 days until they change it.

Everything already in the log reads as before: the new block and set columns are NULL
for what was logged before them. A block's ``tempo`` is NULL only for those (the
protocol's default tempo applies to them, as when they were logged); a block started
with the beat turned off records ``off``.

On PostgreSQL the two new tables get the row-level security of revision 0006, and the
roles already granted the log are granted them too, so no lifter loses their cuffs to
an upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Written out rather than taken from the store: a revision is history.
CUFF_NAME_MAX = 40
WRAP_MARK_MAX = 120
REMEASURE_DAYS = 30
NEW_LIFTER_TABLES = ("cuff", "lop_measurement")
POLICY = "bfr_own_rows"
_IS_COACH = "EXISTS (SELECT 1 FROM coach_role WHERE role_name = current_user)"
_OWN_ROWS = (
    f"{_IS_COACH} OR lifter_id IN (SELECT id FROM lifter WHERE db_role = current_user)"
)
_OPEN_BLOCKS = sa.text("cuff_off_at IS NULL")
# Every role the owner granted a lifter's or a coach's rights (row_security.py), if the
# server still has it: a role dropped since must not fail the upgrade.
_GRANTED_ROLES = (
    "SELECT db_role FROM lifter WHERE db_role IS NOT NULL "
    "UNION SELECT role_name FROM coach_role"
)


def _lifter_id() -> sa.Column[int]:
    return sa.Column("lifter_id", sa.Integer(), sa.ForeignKey("lifter.id"), nullable=False)


def _protect_on_server() -> None:
    """Revision 0006's policy on the new tables, and the grants the roles already have."""
    for table in NEW_LIFTER_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} USING ({_OWN_ROWS}) WITH CHECK ({_OWN_ROWS})"
        )
    tables = ", ".join(NEW_LIFTER_TABLES)
    sequences = " || ', ' || ".join(
        f"pg_get_serial_sequence('{table}', 'id')" for table in NEW_LIFTER_TABLES
    )
    # In PL/pgSQL rather than by reading the roles here: ``alembic upgrade --sql``
    # renders it with no database to read from. Quoted by quote_ident, no bind markers.
    op.execute(
        "DO $grant$ DECLARE granted text; BEGIN "
        f"FOR granted IN SELECT roles.db_role FROM ({_GRANTED_ROLES}) AS roles "
        "JOIN pg_roles ON pg_roles.rolname = roles.db_role LOOP "
        f"EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO ' "
        "|| quote_ident(granted); "
        f"EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || {sequences} || ' TO ' "
        "|| quote_ident(granted); "
        "END LOOP; END $grant$"
    )


def upgrade() -> None:
    op.create_table(
        "cuff",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lifter_id(),
        sa.Column("name", sa.String(CUFF_NAME_MAX), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("width_cm", sa.Float(), nullable=False),
        sa.Column("wrap_mark", sa.String(WRAP_MARK_MAX), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("lifter_id", "name", name="uq_cuff_lifter_name"),
        sa.UniqueConstraint("id", "lifter_id", name="uq_cuff_id_lifter"),
    )
    op.create_table(
        "lop_measurement",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lifter_id(),
        sa.Column("limb", sa.String(), nullable=False),
        sa.Column("side", sa.String(), nullable=False),
        sa.Column("cuff_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("mmhg", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cuff_id", "lifter_id"], ["cuff.id", "cuff.lifter_id"],
            name="fk_lop_measurement_cuff_lifter",
        ),
    )
    op.create_index(
        "ix_lop_measurement_lifter", "lop_measurement", ["lifter_id", "measured_on"]
    )
    # A SQLite rebuild of block would not carry the partial index's condition over.
    op.drop_index("ix_block_open", "block")
    with op.batch_alter_table("block") as batch:
        batch.add_column(sa.Column("cuff_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("target_mmhg", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("tempo", sa.String(), nullable=True))
        batch.create_foreign_key(
            "fk_block_cuff_lifter", "cuff", ["cuff_id", "lifter_id"], ["id", "lifter_id"]
        )
    op.create_index(
        "ix_block_open", "block", ["lifter_id", "cuff_on_at"],
        sqlite_where=_OPEN_BLOCKS, postgresql_where=_OPEN_BLOCKS,
    )
    with op.batch_alter_table("set_entry") as batch:
        batch.add_column(sa.Column("rpe", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("discomfort", sa.SmallInteger(), nullable=True))
    with op.batch_alter_table("lifter") as batch:
        batch.add_column(sa.Column(
            "lop_remeasure_days", sa.Integer(), nullable=False,
            server_default=sa.text(str(REMEASURE_DAYS)),
        ))
    if op.get_context().dialect.name == "postgresql":
        _protect_on_server()


def downgrade() -> None:
    # Dropping the two tables drops their policies and grants with them.
    with op.batch_alter_table("lifter") as batch:
        batch.drop_column("lop_remeasure_days")
    with op.batch_alter_table("set_entry") as batch:
        batch.drop_column("discomfort")
        batch.drop_column("rpe")
    op.drop_index("ix_block_open", "block")
    with op.batch_alter_table("block") as batch:
        batch.drop_constraint("fk_block_cuff_lifter", type_="foreignkey")
        batch.drop_column("tempo")
        batch.drop_column("target_mmhg")
        batch.drop_column("cuff_id")
    op.create_index(
        "ix_block_open", "block", ["lifter_id", "cuff_on_at"],
        sqlite_where=_OPEN_BLOCKS, postgresql_where=_OPEN_BLOCKS,
    )
    op.drop_index("ix_lop_measurement_lifter", "lop_measurement")
    op.drop_table("lop_measurement")
    op.drop_table("cuff")
