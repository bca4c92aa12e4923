"""Times in UTC: every stored time becomes the instant it was, in UTC.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Up to schema 3 a time was the lifter's wall clock, stored without an offset. Those
times were written on this machine, so they are read in its zone (with its summer
time rules for each date) and rewritten in UTC. SQLite converts them itself
(``strftime`` with the ``utc`` modifier uses the machine's zone, as the app does);
the fraction of a second, which no zone changes, is kept as it was. On PostgreSQL
the columns become ``timestamp with time zone``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Written out rather than taken from the models: a revision is history.
TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "exercise": ("created_at",),
    "training_session": ("started_at", "ended_at"),
    "block": ("cuff_on_at", "cuff_off_at"),
    "set_entry": ("started_at", "ended_at"),
    "symptom_flag": ("raised_at",),
}


def _convert_sqlite(modifier: str) -> None:
    for table, columns in TIME_COLUMNS.items():
        for column in columns:
            op.execute(
                f"UPDATE {table} SET {column} = "
                f"strftime('%Y-%m-%d %H:%M:%S', {column}, '{modifier}') || substr({column}, 20) "
                f"WHERE {column} IS NOT NULL"
            )


def _alter_columns(*, timezone: bool) -> None:
    for table, columns in TIME_COLUMNS.items():
        for column in columns:
            op.alter_column(
                table, column,
                type_=sa.DateTime(timezone=timezone),
                postgresql_using=f"{column} AT TIME ZONE 'UTC'",
            )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _convert_sqlite("utc")
    else:
        # Elsewhere a log is built from empty by revision 0003, with naive columns.
        _alter_columns(timezone=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _convert_sqlite("localtime")
    else:
        _alter_columns(timezone=False)
