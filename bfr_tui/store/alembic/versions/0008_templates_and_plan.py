"""Session templates and the weekly plan.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

A lifter's session templates (``session_template``), each an ordered list of blocks
(``template_block``: exercise, side, and the protocol as a block stores it), and
their weekly plan (``plan_entry``: a template on a weekday, or a number of times a
week). They are the lifter's own like the rest of their training. Nothing already in
the log changes.

On PostgreSQL the three tables get the row-level security of revision 0006, and the
roles already granted the log are granted them too, as revision 0007 did for cuffs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Written out rather than taken from the store: a revision is history.
TEMPLATE_NAME_MAX = 40
NEW_LIFTER_TABLES = ("session_template", "template_block", "plan_entry")
POLICY = "bfr_own_rows"
_IS_COACH = "EXISTS (SELECT 1 FROM coach_role WHERE role_name = current_user)"
_OWN_ROWS = (
    f"{_IS_COACH} OR lifter_id IN (SELECT id FROM lifter WHERE db_role = current_user)"
)
# Every role the owner granted a lifter's or a coach's rights (row_security.py), if the
# server still has it: a role dropped since must not fail the upgrade.
_GRANTED_ROLES = (
    "SELECT db_role FROM lifter WHERE db_role IS NOT NULL "
    "UNION SELECT role_name FROM coach_role"
)


def _lifter_id() -> sa.Column[int]:
    return sa.Column("lifter_id", sa.Integer(), sa.ForeignKey("lifter.id"), nullable=False)


def _template_of_same_lifter(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["template_id", "lifter_id"], ["session_template.id", "session_template.lifter_id"],
        name=f"fk_{table}_template_lifter",
    )


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
        "session_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lifter_id(),
        sa.Column("name", sa.String(TEMPLATE_NAME_MAX), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("lifter_id", "name", name="uq_session_template_lifter_name"),
        sa.UniqueConstraint("id", "lifter_id", name="uq_session_template_id_lifter"),
    )
    op.create_table(
        "template_block",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lifter_id(),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), sa.ForeignKey("exercise.id"), nullable=False),
        sa.Column("side", sa.String(), nullable=False),
        sa.Column("protocol_name", sa.String(), nullable=False),
        sa.Column("protocol_reps", sa.String(), nullable=False),
        sa.Column("rest_target_s", sa.Integer(), nullable=False),
        sa.Column("tempo", sa.String(), nullable=False),
        sa.UniqueConstraint("template_id", "position", name="uq_template_block_position"),
        _template_of_same_lifter("template_block"),
    )
    op.create_index("ix_template_block_exercise_id", "template_block", ["exercise_id"])
    op.create_table(
        "plan_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lifter_id(),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=True),
        sa.Column("times_per_week", sa.SmallInteger(), nullable=True),
        _template_of_same_lifter("plan_entry"),
        sa.CheckConstraint(
            "(weekday IS NULL) <> (times_per_week IS NULL)", name="ck_plan_entry_when"
        ),
    )
    op.create_index("ix_plan_entry_lifter", "plan_entry", ["lifter_id"])
    if op.get_context().dialect.name == "postgresql":
        _protect_on_server()


def downgrade() -> None:
    # Dropping the tables drops their policies and grants with them.
    op.drop_index("ix_plan_entry_lifter", "plan_entry")
    op.drop_table("plan_entry")
    op.drop_index("ix_template_block_exercise_id", "template_block")
    op.drop_table("template_block")
    op.drop_table("session_template")
