"""Who may read and write a log on a PostgreSQL server: lifters' roles and coaches' roles.

Revision 0006 holds every role but the tables' owner to the rows of its own lifter
(``lifter.db_role``), or to every lifter's for a role listed in ``coach_role``. What a
role may do at all is the privileges granted here: what the app needs to read and
write a lifter's training, and the shared exercise library (lifters add exercises
too). Creating roles, and letting them into the database, is the server
administrator's work; granting them the log is its owner's (``bfr-tui db grant``).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from bfr_tui.store.migrations import VERSION_TABLE
from bfr_tui.store.models import Exercise, Lifter, lifter_tables
from bfr_tui.training_log import RoleRevoked, StoreError

# Made by revision 0006 on PostgreSQL only, and kept out of the models (see there).
ROLE_COLUMN = "db_role"
COACH_TABLE = "coach_role"

_TRAINING_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


def _privileges(*, coach: bool) -> dict[str, str]:
    """What a role is granted on each table: a lifter may change their own settings
    and screening, never add or remove lifters; a coach may."""
    return {
        **{table.name: _TRAINING_RIGHTS for table in lifter_tables()},
        str(Lifter.__tablename__): _TRAINING_RIGHTS if coach else "SELECT, UPDATE",
        str(Exercise.__tablename__): "SELECT, INSERT, UPDATE",
        # The policies ask it whether the role is a coach (each role sees its own row).
        COACH_TABLE: "SELECT",
        # Every start checks the schema is this bfr-tui's.
        VERSION_TABLE: "SELECT",
    }


def _quoted(connection: Connection, role: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(role)


def _schema(connection: Connection) -> str:
    return _quoted(connection, str(connection.execute(text("SELECT current_schema()")).scalar()))


def _check_granting(connection: Connection, role: str) -> None:
    """Refuse a role the server does not know, or a grant by anyone but the owner."""
    owner, may = connection.execute(
        text(
            "SELECT tableowner, pg_has_role(current_user, tableowner, 'USAGE') "
            "FROM pg_tables WHERE schemaname = current_schema() AND tablename = :table"
        ),
        {"table": Lifter.__tablename__},
    ).one()
    if not may:
        raise StoreError(
            f"only the owner of the log's tables ({owner}) can grant or revoke roles; "
            f"run it connected as {owner}"
        )
    known = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).first()
    if known is None:
        raise StoreError(
            f'role "{role}" does not exist; create it first: '
            f"CREATE ROLE {_quoted(connection, role)} LOGIN PASSWORD '...'"
        )


def _grant(connection: Connection, role: str, *, coach: bool) -> None:
    grantee, schema = _quoted(connection, role), _schema(connection)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}"))
    for table, rights in _privileges(coach=coach).items():
        connection.execute(text(f"GRANT {rights} ON {table} TO {grantee}"))
    # New rows take their ids from the sequences.
    connection.execute(
        text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")
    )


def grant_lifter(connection: Connection, *, lifter_id: int, role: str) -> str | None:
    """Make ``role`` the lifter's own: it reads and writes their rows only. Returns the
    role that was theirs until now, if another (it sees nothing of theirs any more)."""
    _check_granting(connection, role)
    taken = connection.execute(
        text(f"SELECT name FROM lifter WHERE {ROLE_COLUMN} = :role AND id <> :id"),
        {"role": role, "id": lifter_id},
    ).first()
    if taken is not None:
        raise StoreError(
            f'role "{role}" is already {taken[0]}\'s, and a role is one lifter\'s; '
            f"bfr-tui db revoke --role {role} takes it back first"
        )
    before = connection.execute(
        text(f"SELECT {ROLE_COLUMN} FROM lifter WHERE id = :id FOR UPDATE"), {"id": lifter_id}
    ).scalar()
    connection.execute(
        text(f"UPDATE lifter SET {ROLE_COLUMN} = :role WHERE id = :id"),
        {"role": role, "id": lifter_id},
    )
    _grant(connection, role, coach=False)
    return None if before in (None, role) else str(before)


def grant_coach(connection: Connection, *, role: str) -> None:
    """Let ``role`` read and write every lifter's rows, and add and remove lifters."""
    _check_granting(connection, role)
    connection.execute(
        text(f"INSERT INTO {COACH_TABLE} (role_name) VALUES (:role) ON CONFLICT DO NOTHING"),
        {"role": role},
    )
    _grant(connection, role, coach=True)


def revoke(connection: Connection, *, role: str) -> RoleRevoked:
    """Take back from ``role`` whatever :func:`grant_lifter` or :func:`grant_coach` gave."""
    _check_granting(connection, role)
    lifter = connection.execute(
        text(f"UPDATE lifter SET {ROLE_COLUMN} = NULL WHERE {ROLE_COLUMN} = :role RETURNING name"),
        {"role": role},
    ).scalar()
    coach = connection.execute(
        text(f"DELETE FROM {COACH_TABLE} WHERE role_name = :role RETURNING role_name"),
        {"role": role},
    ).first() is not None
    grantee, schema = _quoted(connection, role), _schema(connection)
    for table in _privileges(coach=True):
        connection.execute(text(f"REVOKE ALL ON {table} FROM {grantee}"))
    connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}"))
    connection.execute(text(f"REVOKE USAGE ON SCHEMA {schema} FROM {grantee}"))
    return RoleRevoked(role=role, lifter=None if lifter is None else str(lifter), coach=coach)


def sees_all_training(session: Session) -> bool:
    """Whether this connection sees every lifter's blocks: on a file, and on a server
    as the tables' owner or a coach; a lifter's role sees their own only."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.execute(text(
        f"SELECT NOT row_security_active('block') OR EXISTS (SELECT 1 FROM {COACH_TABLE})"
    )).scalar())
