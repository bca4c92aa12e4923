"""The key footer shows the screen's keys and is rebuilt only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from bfr_tui.widgets.key_footer import KeyFooter


class KeysApp(App[None]):
    BINDINGS = [
        Binding("f2", "history", "History"),
        Binding("f3", "export", "Export"),
        Binding("f4", "zoom", "Zoom", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rebuilds = 0
        self.can_export = True

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield KeyFooter()

    def on_mount(self) -> None:
        footer = self.query_one(KeyFooter)
        original = footer.recompose

        async def counted() -> None:
            self.rebuilds += 1
            await original()

        footer.recompose = counted  # type: ignore[method-assign]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown greyed out.
        return None if action == "export" and not self.can_export else True


def shown(app: App[None]) -> list[tuple[str, bool]]:
    return [(key.description, key.has_class("-disabled")) for key in app.query(FooterKey)
            if key.description]


async def test_the_footer_shows_the_keys_and_follows_a_change() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        before = shown(app)
        assert isinstance(app.query_one(Footer), KeyFooter)
        rebuilds = app.rebuilds
        app.can_export = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        after = shown(app)

    assert ("History", False) in before and ("Export", False) in before
    assert "Zoom" not in [description for description, _ in before]
    assert ("Export", True) in after
    assert app.rebuilds == rebuilds + 1


async def test_a_focus_change_that_keeps_the_keys_does_not_rebuild_them() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        rebuilds = app.rebuilds
        # Back and forth between fields where the same keys apply.
        for field in ("#second", "#first", "#second", "#first"):
            app.query_one(field, Input).focus()
            await pilot.pause()
        app.refresh_bindings()
        await pilot.pause()

    assert app.rebuilds == rebuilds
