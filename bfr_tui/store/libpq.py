"""The first screen's reads on a PostgreSQL server, through libpq itself with ctypes.

Importing psycopg takes longer than connecting and reading everything the first screen
shows (half a second on a slow machine, a quarter of it its own libpq layer), while
ctypes imports in milliseconds. So the schema check, the profile, the exercise list and
the crash check go straight to libpq: the copy psycopg's binary package ships, found
without importing it, else the system's. Where neither loads, ``postgres_connect``
reads them through psycopg instead.

Each value comes back as psycopg's text loader makes it for the column's type
(``_LOADERS``), so ``first_reads`` cannot tell the two apart; a test runs the first
reads both ways on a real server. libpq calls made through ctypes let go of the
interpreter lock, so connecting overlaps the app's imports.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, Self

# From libpq-fe.h: ConnStatusType's CONNECTION_OK, ExecStatusType's results that carry
# no error, and the error fields holding the SQLSTATE and the (translated) severity.
_CONNECTION_OK = 0
_RESULTS_WITHOUT_ERROR = frozenset({1, 2})  # PGRES_COMMAND_OK, PGRES_TUPLES_OK
_PG_DIAG_SQLSTATE = ord("C")
_PG_DIAG_SEVERITY = ord("S")
# Results as text (0), not binary (1).
_TEXT = 0

# The folders where psycopg's binary wheels keep the libraries they ship: auditwheel's
# on Linux and delvewheel's on Windows, next to the package; delocate's on macOS, inside.
_BUNDLED_FOLDERS: tuple[Callable[[Path], Path], ...] = (
    lambda package: package.parent / f"{package.name}.libs",
    lambda package: package / ".dylibs",
)
# libpq-e9b5c9ac.so.5.18, libpq.5.dylib, libpq-0a1b2c3d.dll
_LIBPQ_FILES = "libpq[-.]*"

def _numeric(text: str) -> Any:
    # Imported here: none of the first reads has a numeric column.
    from decimal import Decimal

    return Decimal(text)


# psycopg's text loaders for the types these reads return, by type OID (pg_type.dat).
# The server writes times in ISO (``postgres_connect.session_settings`` asks it to).
_LOADERS: dict[int, Callable[[str], Any]] = {
    16: lambda text: text == "t",  # bool
    18: str,  # "char"
    19: str,  # name
    20: int,  # int8
    21: int,  # int2
    23: int,  # int4
    25: str,  # text
    26: int,  # oid
    700: float,  # float4
    701: float,  # float8
    1042: str,  # bpchar
    1043: str,  # varchar
    1082: date.fromisoformat,  # date
    1114: datetime.fromisoformat,  # timestamp
    1184: datetime.fromisoformat,  # timestamptz, with the session zone's offset
    1700: _numeric,  # numeric
}


class ConnectionFailed(Exception):
    """The server could not be reached or refused the connection, in libpq's words."""


class Libpq:
    """The libpq functions the first reads call, typed for ctypes."""

    def __init__(self, library: ctypes.CDLL) -> None:
        handle, text = ctypes.c_void_p, ctypes.c_char_p
        number = ctypes.c_int
        self._library = library
        self.connectdb_params = self._function(
            "PQconnectdbParams", handle, ctypes.POINTER(text), ctypes.POINTER(text), number
        )
        self.status = self._function("PQstatus", number, handle)
        self.error_message = self._function("PQerrorMessage", text, handle)
        self.finish = self._function("PQfinish", None, handle)
        self.exec_params = self._function(
            "PQexecParams", handle, handle, text, number, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_void_p, ctypes.c_void_p, number,
        )
        self.result_status = self._function("PQresultStatus", number, handle)
        self.result_error_message = self._function("PQresultErrorMessage", text, handle)
        self.result_error_field = self._function("PQresultErrorField", text, handle, number)
        self.ntuples = self._function("PQntuples", number, handle)
        self.nfields = self._function("PQnfields", number, handle)
        self.ftype = self._function("PQftype", ctypes.c_uint, handle, number)
        self.getvalue = self._function("PQgetvalue", text, handle, number, number)
        self.getisnull = self._function("PQgetisnull", number, handle, number, number)
        self.clear = self._function("PQclear", None, handle)

    def _function(self, name: str, returns: Any, *takes: Any) -> Any:
        found = getattr(self._library, name)
        found.restype, found.argtypes = returns, takes
        return found

    def connect(self, settings: Mapping[str, str]) -> ServerConnection:
        """A connection opened with ``settings`` (libpq's keywords; a ``dbname`` that is
        a ``postgresql://`` URL first, which the later keywords override, as psycopg
        merges them), or ``ConnectionFailed``."""
        return ServerConnection(self, settings)


def _found_libraries() -> Iterator[str]:
    """Where libpq may be, best first: psycopg's own copy, then the system's."""
    # find_spec locates the package without running it (no psycopg import).
    spec = importlib.util.find_spec("psycopg_binary")
    for location in (spec.submodule_search_locations or []) if spec else []:
        for folder in _BUNDLED_FOLDERS:
            yield from sorted(str(path) for path in folder(Path(location)).glob(_LIBPQ_FILES))
    # Imported here: it brings subprocess, which only the search below needs.
    import ctypes.util

    system = ctypes.util.find_library("pq")
    if system is not None:
        yield system


@cache
def client_library() -> Libpq | None:
    """libpq, loaded once; None where no copy of it loads."""
    for path in _found_libraries():
        try:
            return Libpq(ctypes.CDLL(path))
        except (OSError, AttributeError):
            continue
    return None


class Rows:
    """The rows of one statement, as psycopg's cursor hands them over."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)

    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row, or None after the last."""
        return next(self._rows, None)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self._rows


class ServerConnection:
    """One libpq connection; each statement commits on its own, as psycopg's with
    ``autocommit=True`` does."""

    def __init__(self, libpq: Libpq, settings: Mapping[str, str]) -> None:
        self._libpq = libpq
        keywords = (ctypes.c_char_p * (len(settings) + 1))(
            *(key.encode() for key in settings), None
        )
        values = (ctypes.c_char_p * (len(settings) + 1))(
            *(value.encode() for value in settings.values()), None
        )
        handle = libpq.connectdb_params(keywords, values, 1)
        if handle is None:
            raise ConnectionFailed("connection failed: out of memory")
        if libpq.status(handle) != _CONNECTION_OK:
            message = _text(libpq.error_message(handle))
            libpq.finish(handle)
            # psycopg's words for the same failure.
            raise ConnectionFailed(f"connection failed: {message}")
        self._handle: int | None = handle

    @property
    def closed(self) -> bool:
        """True once ``close`` was called."""
        return self._handle is None

    @property
    def broken(self) -> bool:
        """True when the server dropped the connection (a restart, the network)."""
        return self._handle is not None and self._libpq.status(self._handle) != _CONNECTION_OK

    def execute(self, query: str, params: Mapping[str, Any] | None = None, /) -> Rows:
        """Run ``query``, its ``%(name)s`` placeholders (psycopg's) given by ``params``
        as text; a refusal is raised as the error psycopg raises for the same SQLSTATE."""
        libpq, handle = self._libpq, self._handle
        if handle is None:
            raise _psycopg_error(None, "the connection is closed")
        statement, values = _numbered(query, params or {})
        texts = (ctypes.c_char_p * max(len(values), 1))(
            *(None if value is None else str(value).encode() for value in values)
        )
        result = libpq.exec_params(
            handle, statement.encode(), len(values), None, texts if values else None, None,
            None, _TEXT,
        )
        if result is None:
            raise _psycopg_error(None, _text(libpq.error_message(handle)))
        try:
            if libpq.result_status(result) not in _RESULTS_WITHOUT_ERROR:
                raise _refusal(libpq, result)
            return Rows(_loaded_rows(libpq, result))
        finally:
            libpq.clear(result)

    def close(self) -> None:
        """Close the connection (again is fine)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._libpq.finish(handle)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _numbered(query: str, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """psycopg's ``%(name)s`` placeholders as libpq's ``$1``, ``$2``..., and their values
    in that order (each name once, however often it appears)."""
    if not params:
        return query, []
    names: list[str] = []

    def number(found: re.Match[str]) -> str:
        name = found.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PLACEHOLDER.sub(number, query), [params[name] for name in names]


# A named placeholder, or the ``%%`` that stands for one ``%`` in psycopg's text.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _loaded_rows(libpq: Libpq, result: int) -> list[tuple[Any, ...]]:
    columns = range(libpq.nfields(result))
    loaders = [_loader(libpq.ftype(result, column)) for column in columns]
    return [
        tuple(
            None if libpq.getisnull(result, row, column)
            else loaders[column](libpq.getvalue(result, row, column).decode())
            for column in columns
        )
        for row in range(libpq.ntuples(result))
    ]


def _loader(type_oid: int) -> Callable[[str], Any]:
    try:
        return _LOADERS[type_oid]
    except KeyError:
        raise TypeError(
            f"the first reads have no loader for PostgreSQL type {type_oid}: add psycopg's "
            "to libpq._LOADERS"
        ) from None


def _refusal(libpq: Libpq, result: int) -> Exception:
    """A failed statement's error, its message as psycopg words it (without the
    "ERROR:  " in front)."""
    state = libpq.result_error_field(result, _PG_DIAG_SQLSTATE)
    severity = _text(libpq.result_error_field(result, _PG_DIAG_SEVERITY))
    message = _text(libpq.result_error_message(result))
    if severity and message.startswith(f"{severity}:"):
        message = message[len(severity) + 1:].strip()
    return _psycopg_error(None if state is None else state.decode(), message)


def _text(message: bytes | None) -> str:
    return (message or b"").decode("utf-8", "replace").strip()


def _psycopg_error(state: str | None, message: str) -> Exception:
    """The error psycopg raises for ``state`` (OperationalError without one: the server
    could not answer), so a refusal reads and is handled the same either way.

    Imports psycopg, which is fine only here: something already went wrong.
    """
    import psycopg.errors

    if state is None:
        return psycopg.OperationalError(message)
    try:
        return psycopg.errors.lookup(state)(message)
    except KeyError:
        return psycopg.DatabaseError(message)
