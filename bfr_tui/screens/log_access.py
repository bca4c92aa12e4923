"""How screens, dialogs and palette providers reach the training log, the clock and the app.

The app is a ``textual.App`` to them; what bfr-tui's app adds (the log, the clock,
the lifter's unit, starting a block) is named once here, as a Protocol, so a screen
reads ``self.training_log`` typed, without knowing the app's class (which imports
every screen) or the store behind the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

from bfr_tui.training_log import LogHost

if TYPE_CHECKING:
    from textual.app import App

    from bfr_tui.domain.clock import Clock
    from bfr_tui.domain.units import Unit
    from bfr_tui.training_log import LifterFacts, TrainingLog


class BfrHost(LogHost, Protocol):
    """What bfr-tui's app gives its screens besides the log and the clock."""

    unit: Unit
    """The unit the lifter logs in."""

    lifter_count: int
    """How many lifters the log holds."""

    beat_bell: bool
    """The live panel rings the bell on each beat of the tempo (for this run of the app)."""

    def start_block_for(self, exercise_id: int) -> None:
        """Begin the cuff check for an exercise."""
        ...

    def block_under_way(self) -> bool:
        """A cuff check or a live block is open in this window: the lifter may not change."""
        ...

    def checkpoint_log(self) -> object:
        """Fold the journal into the log, now that a block is over (a worker)."""
        ...

    def open_coach_overview(self, then: Callable[[LifterFacts | None], None]) -> None:
        """Every lifter at a glance; ``then`` hears the lifter opened there (None: back)."""
        ...


class UsesLog:
    """Mixin for screens and palette providers: typed access to what the app holds."""

    if TYPE_CHECKING:
        # Given by the Textual class this is mixed into (a screen, a widget, a provider).
        # An attribute, not a property: a screen's ``app`` is a writable descriptor that a
        # read-only declaration here would clash with; a provider's read-only one is fine.
        app: App[object]

    @property
    def host(self) -> BfrHost:
        """The app, as bfr-tui's screens know it."""
        return cast(BfrHost, self.app)

    @property
    def training_log(self) -> TrainingLog:
        """The training log (call it from workers)."""
        return self.host.training_log

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        return self.host.clock
