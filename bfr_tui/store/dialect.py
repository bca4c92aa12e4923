"""The SQL that differs between SQLite and PostgreSQL, written once for each.

Queries elsewhere in the store are plain SQLAlchemy expressions that compile on both
engines. Where the two disagree (day arithmetic, a scalar minimum, an insert that
skips a row already there), the store calls a function here, and each engine gets
its own SQL from the compiler hooks below. An engine with no hook here is refused
when the statement is compiled, never sent SQL meant for another one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Float, Integer, String
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import SQLModel

# PostgreSQL's epoch (1970-01-01 00:00) as a Julian day, the number SQLite's
# julianday() counts from noon of 4714 BC.
_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_SECONDS_PER_DAY = 86400.0


class day_of(FunctionElement[date]):
    """The lifter's calendar day of a stored time: its date in the machine's zone.

    Times are stored in UTC, so a set at 18:30 in Chicago is stored on the next day;
    days are counted where the lifter lives. On PostgreSQL the session's ``TimeZone``
    is the machine's zone (set when the log connects).
    """

    type = Date()
    name = "day_of"
    inherit_cache = True


class julian_day(FunctionElement[float]):
    """A stored time, in the machine's zone, as a fractional Julian day number.

    As SQLite's ``julianday`` of the local time, so its whole part counts local days.
    """

    type = Float()
    name = "julian_day"
    inherit_cache = True


class utc_text(FunctionElement[str]):
    """A stored time as SQLite stores it: UTC text, ``2026-03-03 00:30:00.000000``.

    The export slices local times out of this text faster than Python converts
    datetimes (``export.iso_cell``), so every engine hands it the same text.
    """

    type = String()
    name = "utc_text"
    inherit_cache = True


class least(FunctionElement[Any]):
    """The smaller of two values (not the aggregate ``min``)."""

    name = "least"
    inherit_cache = True


class whole_part(FunctionElement[int]):
    """A number with its fraction dropped, as an integer (toward zero)."""

    type = Integer()
    name = "whole_part"
    inherit_cache = True


def _arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(day_of)
@compiles(julian_day)
@compiles(utc_text)
@compiles(least)
@compiles(whole_part)
def _no_hook(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(
        f"{element.name}() has no SQL for the {compiler.dialect.name} engine (store.dialect)"
    )


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({_arguments(element, compiler, **kw)}, 'localtime')"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    # A timestamptz cast to a date is the date in the session's zone.
    return f"CAST({_arguments(element, compiler, **kw)} AS DATE)"


@compiles(julian_day, "sqlite")
def _julian_day_sqlite(element: julian_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({_arguments(element, compiler, **kw)}, 'localtime')"


@compiles(julian_day, "postgresql")
def _julian_day_postgresql(element: julian_day, compiler: SQLCompiler, **kw: Any) -> str:
    # The local wall time, read as if it were UTC, counts the same days as SQLite's.
    moment = f"({_arguments(element, compiler, **kw)} AT TIME ZONE current_setting('TimeZone'))"
    return (
        f"(CAST(EXTRACT(EPOCH FROM {moment}) AS DOUBLE PRECISION) / {_SECONDS_PER_DAY!r}"
        f" + {_UNIX_EPOCH_JULIAN_DAY!r})"
    )


@compiles(utc_text, "sqlite")
def _utc_text_sqlite(element: utc_text, compiler: SQLCompiler, **kw: Any) -> str:
    # Already stored so.
    return _arguments(element, compiler, **kw)


@compiles(utc_text, "postgresql")
def _utc_text_postgresql(element: utc_text, compiler: SQLCompiler, **kw: Any) -> str:
    return (
        f"to_char({_arguments(element, compiler, **kw)} AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD HH24:MI:SS.US')"
    )


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's min() with two or more arguments is the scalar minimum.
    return f"min({_arguments(element, compiler, **kw)})"


@compiles(least, "postgresql")
def _least_postgresql(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({_arguments(element, compiler, **kw)})"


@compiles(whole_part, "sqlite")
def _whole_part_sqlite(element: whole_part, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's cast to INTEGER drops the fraction.
    return f"CAST({_arguments(element, compiler, **kw)} AS INTEGER)"


@compiles(whole_part, "postgresql")
def _whole_part_postgresql(element: whole_part, compiler: SQLCompiler, **kw: Any) -> str:
    # PostgreSQL's cast rounds to the nearest integer; trunc() drops the fraction first.
    return f"CAST(trunc({_arguments(element, compiler, **kw)}) AS INTEGER)"


def insert_unless_present(
    dialect_name: str, table: type[SQLModel], *, index_elements: list[str]
) -> Insert:
    """An INSERT into ``table`` that does nothing when the unique index already has the row.

    Both engines spell it ``ON CONFLICT (...) DO NOTHING``, each through its own
    SQLAlchemy construct.
    """
    if dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=index_elements)
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table).on_conflict_do_nothing(index_elements=index_elements)
    raise CompileError(f"no insert-unless-present for the {dialect_name} engine (store.dialect)")

