"""Names of exercises and lifters: how one is cleaned and compared.

The standard library only: the app checks a lifter's name before SQLAlchemy loads.
"""

from __future__ import annotations

# The longest name of an exercise or a lifter.
NAME_MAX = 80


def clean_name(name: str, *, what: str) -> str:
    """``name`` with runs of spaces made one; ValueError when empty or too long.

    ``what`` is what is being named, as a sentence starts it ("An exercise").
    """
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError(f"{what} needs a name.")
    if len(cleaned) > NAME_MAX:
        raise ValueError(f"Keep the name to {NAME_MAX} characters (this one has {len(cleaned)}).")
    return cleaned


def name_key(name: str) -> str:
    """What two names must differ in: not case, not spacing."""
    return " ".join(name.split()).casefold()
