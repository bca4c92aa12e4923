"""Times on disk are UTC; times in the app are the lifter's local time.

A log is read on more than one machine (a laptop that crosses time zones, a shared
server), so the instant is what is stored: UTC, timezone-aware where the engine has
the type (PostgreSQL's ``timestamptz``), and as UTC text on SQLite, which has no time
type. Everything the store hands back is timezone-aware in the machine's zone, so a
screen shows it as it is, and a time written without an offset (an older export, a
foreign app's CSV, a test) is taken as the lifter's wall clock.

Standard library only: the first read and the export use it before, or without,
SQLAlchemy. The column type that applies it to every query is ``models.UtcDateTime``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

# How SQLAlchemy writes a time into SQLite: "2026-03-03 00:30:00.000000".
STORED_LENGTH = 26


def aware(moment: datetime) -> datetime:
    """``moment`` with its zone; a naive time is the machine's local wall clock."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def local(moment: datetime) -> datetime:
    """``moment`` in the machine's zone (a naive one is taken to be local already)."""
    return moment.astimezone()


def start_of_local_day(day: date) -> datetime:
    """Midnight at the start of ``day``, in the machine's zone."""
    return datetime.combine(day, time()).astimezone()


def from_stored_text(stored: str) -> datetime:
    """A time read as text from SQLite, in the machine's zone."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone()


def from_driver(moment: datetime) -> datetime:
    """A time as the engine's driver hands it back, in the machine's zone: aware from
    PostgreSQL's ``timestamptz`` (in the session's zone), naive UTC from SQLite's DATETIME."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone()


def stored_time(moment: datetime, *, engine: str) -> str | datetime:
    """``moment`` as the engine's driver compares it with a stored time: SQLite's UTC
    text (``models.UtcDateTime``), or the datetime itself for PostgreSQL's timestamptz."""
    if engine == "sqlite":
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


def is_stored_shape(stored: str) -> bool:
    """True for the usual stored text, which can be sliced instead of parsed."""
    return (
        len(stored) == STORED_LENGTH and stored[10] == " " and stored[19] == "."
        and stored[0] in "123456789"
    )
