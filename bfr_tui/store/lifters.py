"""Whose log: the lifter a log is opened for, and the first lifter's name.

The standard library only: the app chooses its lifter before SQLAlchemy loads.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from typing import Protocol

from bfr_tui.store.names import clean_name, name_key
from bfr_tui.training_log import AccessRefused, LifterFacts, StoreError

# When the machine cannot say who is logged in.
FALLBACK_LIFTER_NAME = "Lifter"


def default_lifter_name() -> str:
    """The first lifter of a log: the machine's login, until renamed."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        return FALLBACK_LIFTER_NAME
    return clean_name(login, what="A lifter") if login.strip() else FALLBACK_LIFTER_NAME


def lifter_named(lifters: Sequence[LifterFacts], name: str) -> LifterFacts:
    """The lifter called ``name`` (any case, any spacing); StoreError naming who there is."""
    key = name_key(name)
    found = next((lifter for lifter in lifters if name_key(lifter.name) == key), None)
    if found is not None:
        return found
    there = ", ".join(repr(lifter.name) for lifter in lifters) or "none yet"
    raise StoreError(
        f"no lifter called {' '.join(name.split())!r} in this log (lifters: {there}); "
        f"bfr-tui lifters add NAME adds one"
    )


def several_lifters(lifters: Sequence[LifterFacts]) -> StoreError:
    """The error of a command that needs one lifter, in a log of several, naming none."""
    names = ", ".join(repr(lifter.name) for lifter in lifters)
    return StoreError(f"this log has several lifters ({names}); say whose with --lifter NAME")


class LogOfLifters(Protocol):
    """What choosing a lifter asks of a training log."""

    def lifters(self) -> list[LifterFacts]: ...

    def add_lifter(self, name: str) -> LifterFacts: ...

    def use_lifter(self, lifter: LifterFacts) -> None: ...


def choose_lifter(
    log: LogOfLifters, wanted: str | None, *, required: bool = False
) -> LifterFacts | None:
    """Point ``log`` at the lifter it is opened for, and return them.

    The lifter named, else the only one (a lifter's own role on a server sees only
    them). A log with no lifter yet gets its first, named after the machine's login, as
    a first start always did without asking; a server's role that may not add one is
    told to ask for a lifter of its own. When the
    log holds several and none was named: None (the app asks who is training), or
    with ``required`` a StoreError saying to name one.
    """
    lifters = log.lifters()
    if wanted is not None and wanted.strip():
        chosen = lifter_named(lifters, wanted)
    elif len(lifters) == 1:
        chosen = lifters[0]
    elif not lifters:
        try:
            chosen = log.add_lifter(default_lifter_name())
        except AccessRefused as refused:
            # A role under row-level security that is no lifter's: the log is not empty,
            # none of it is theirs, and it may not add a lifter of its own.
            raise StoreError(
                f"no lifter in {refused.location} is yours ({refused.role}); ask its owner "
                f"to run bfr-tui db grant --lifter NAME --role {refused.role}"
            ) from refused
    elif required:
        raise several_lifters(lifters)
    else:
        return None
    log.use_lifter(chosen)
    return chosen
