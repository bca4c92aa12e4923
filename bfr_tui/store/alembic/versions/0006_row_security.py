"""Row-level security: on a server, a lifter's role reads and writes only their rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

PostgreSQL only. ``lifter.db_role`` names the database role that is that lifter, and
``coach_role`` lists the roles that see every lifter (``bfr-tui db grant`` fills both).
Every table of a lifter's training and health data, and ``lifter`` itself, then shows a
role only the rows of its own lifter, or every row to a coach, and refuses to write
any other: the server enforces it, whatever a client sends. The exercise library is
shared and stays open to every role granted the log.

The owner of the tables (whoever ran the migrations) is not held to the policies
(they are not forced), so a log used as its owner works exactly as before.

Who may see what is the server's business, not the log's: the column and the table
are not in the models, so a copy, a backup or an export never carries one server's
roles into another log. On SQLite this revision changes nothing but the number: a
SQLite file has one owner.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Written out rather than taken from the store: a revision is history.
LIFTER_DATA_TABLES = ("one_rep_max", "training_session", "block", "set_entry", "symptom_flag")
POLICY = "bfr_own_rows"
_IS_COACH = "EXISTS (SELECT 1 FROM coach_role WHERE role_name = current_user)"
# The coach test is uncorrelated and the lifter subquery too, so the server plans each
# once per statement (an InitPlan and a hashed SubPlan), not once per row.
_OWN_LIFTER = "db_role = current_user"
_OWN_ROWS = f"{_IS_COACH} OR lifter_id IN (SELECT id FROM lifter WHERE {_OWN_LIFTER})"


def _protect(table: str, rows: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {POLICY} ON {table} USING ({rows}) WITH CHECK ({rows})")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE lifter ADD COLUMN db_role text UNIQUE")
    op.execute("CREATE TABLE coach_role (role_name text PRIMARY KEY)")
    # A role sees its own row of coach_role only: whether it is a coach, never who else is.
    _protect("coach_role", "role_name = current_user")
    # Not through the data tables' subquery on lifter: a policy on lifter that read
    # lifter would recurse into itself.
    _protect("lifter", f"{_OWN_LIFTER} OR {_IS_COACH}")
    for table in LIFTER_DATA_TABLES:
        _protect(table, _OWN_ROWS)


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in (*LIFTER_DATA_TABLES, "lifter"):
        op.execute(f"DROP POLICY {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP TABLE coach_role")
    op.execute("ALTER TABLE lifter DROP COLUMN db_role")
