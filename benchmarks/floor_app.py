"""The start-up floors: the least any Textual app (with or without sqlmodel) can do.

``python -m benchmarks.floor_app bare`` paints one Static and waits for the
driver to end it. ``python -m benchmarks.floor_app sqlmodel DB`` first imports
sqlmodel and runs one query on the log file, then paints the answer. The app's
own start-up is judged against these, measured in the same run on the same machine.
"""

from __future__ import annotations

import sys

FLOOR_TEXT = "floor painted"


def _count_exercises(path: str) -> int:
    from sqlmodel import Session, create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        count = int(session.execute(text("SELECT count(*) FROM exercise")).scalar_one())
    engine.dispose()
    return count


def main(argv: list[str]) -> int:
    """Run the floor named by ``argv[0]`` (``bare`` or ``sqlmodel DB``)."""
    line = FLOOR_TEXT
    if argv[:1] == ["sqlmodel"]:
        line = f"{FLOOR_TEXT}: {_count_exercises(argv[1])} exercises"
    elif argv[:1] != ["bare"]:
        print("usage: python -m benchmarks.floor_app bare | sqlmodel DB", file=sys.stderr)
        return 2

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class FloorApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(line)

    FloorApp().run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
