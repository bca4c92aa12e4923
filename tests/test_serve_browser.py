"""bfr-tui in a real browser: Debian's Chromium, driven by Playwright, on ``bfr-tui serve``.

A lifter's first evening at the rack with a tablet: the screening, a 1RM, a block
and its first set, each with the keys (or a tap) a lifter would use, then the export
downloaded to the browser. And the end of the evening: the server stopped with two
lifters mid-block in two tabs, each block closed with its cuff-off.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, sync_playwright

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from tests.browser import (
    Browser,
    BrowserTab,
    ServedApp,
    chromium,
    environment_for_serve,
    export_csv,
    why_no_browser,
)

# Set to a file name to keep the picture of the live panel in the browser (the README's).
SCREENSHOT_ENV_VAR = "BFR_TUI_BROWSER_SCREENSHOT"


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright, for the browser tests; in CI, a missing Chromium fails them."""
    reason = why_no_browser()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    with sync_playwright() as running:
        yield running


@pytest.fixture
def browser(playwright: Playwright, tmp_path: Path) -> Iterator[Browser]:
    """Chromium on a fresh profile; after the test, it has reached only 127.0.0.1."""
    with chromium(playwright, tmp_path / "profile", tmp_path / "downloads") as started:
        yield started
        assert started.elsewhere == []


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "home").mkdir()
    return environment_for_serve(tmp_path)


@pytest.fixture
def served(tmp_path: Path, environment: dict[str, str]) -> Iterator[ServedApp]:
    """``bfr-tui serve`` on a fresh log under ``tmp_path``, stopped at the end."""
    server = ServedApp("--db", str(tmp_path / "log.db"), environment=environment,
                       cwd=tmp_path)
    try:
        yield server
    finally:
        server.stop()


def answer_the_screening(tab: BrowserTab) -> None:
    questions = len(SCREENING_QUESTIONS)
    tab.wait_for("a short health check", f"({questions} left)")
    for left in range(questions, 0, -1):
        tab.wait_for(f"({left} left)")
        tab.press("n")
    tab.wait_for_gone("left): y for yes")
    tab.press("Control+s")
    tab.wait_for_gone("a short health check")


def start_a_curl_block(tab: BrowserTab) -> None:
    """From the exercise list, with a 1RM on record: the cuff check, then cuffs on."""
    tab.press("Enter")
    tab.wait_for("Cuff check: Dumbbell curl")
    # Tapped, as on a tablet: the boxes are found by their labels wherever the form
    # puts them.
    tab.click_text("I can feel a pulse")
    # The verdict loses a line and the dialog settles again before the next tap.
    tab.wait_for_gone("Tick “I can feel a pulse”")
    tab.click_text("Skin colour is normal")
    tab.wait_for("Ready:")
    tab.press("Control+s")
    tab.wait_for("Set 1 of 4")


def log_the_first_set(tab: BrowserTab, reps: int) -> None:
    tab.type(str(reps))
    tab.press("Enter", "Enter")
    tab.wait_for("Set 1 logged.")


def exported_sets(log: Path, environment: dict[str, str]) -> list[dict[str, str]]:
    text = export_csv(log, environment=environment).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_lifter_trains_in_the_browser_and_downloads_the_export(
    browser: Browser, served: ServedApp, tmp_path: Path, environment: dict[str, str]
) -> None:
    log = tmp_path / "log.db"
    tab = browser.new_tab()
    tab.open(served.url)
    # The token has moved from the address bar to the tab's cookie.
    assert "token" not in tab.page.url

    answer_the_screening(tab)
    tab.wait_for("Exercises", "Dumbbell curl")
    # A tap in the filter box, then the name, as on a tablet's keyboard.
    tab.click_text("filter by name")
    tab.type("dumbbell curl")
    tab.wait_for("Dumbbell preacher curl")
    tab.press("Enter", "m")
    tab.wait_for("Record a 1RM: Dumbbell curl")
    tab.type("30")
    tab.press("Tab")
    tab.type("10")
    tab.press("Control+s")
    tab.wait_for("1RM saved: 40 kg", "8.75-11.25 kg")

    start_a_curl_block(tab)
    log_the_first_set(tab, 30)
    tab.wait_for("logged ✓")
    if os.environ.get(SCREENSHOT_ENV_VAR):
        tab.wait_for_gone("1RM saved")  # the panel alone, without the last toast
        tab.page.screenshot(path=os.environ[SCREENSHOT_ENV_VAR])

    # The set is in the log while the cuff is still on.
    (row,) = exported_sets(log, environment)
    assert (row["exercise"], row["set_number"], row["reps"], row["load"]) == (
        "Dumbbell curl", "1", "30", "8.75"
    )
    assert row["end_reason"] == ""

    tab.press("c")
    tab.wait_for("Cuff off and end this block?")
    tab.press("y")
    tab.wait_for("Block summary")
    tab.press("Escape")
    tab.wait_for("Exercises")
    # The footer's keys work by a tap as well as by their key.
    tab.click_text("? Help")
    tab.wait_for("keys and the BFR rules")
    tab.press("Escape")
    tab.wait_for_gone("keys and the BFR rules")

    tab.press("x")
    tab.wait_for("Export to CSV", "Your browser downloads it as", "(1 block)")
    tab.press("Control+s")
    download = browser.wait_for_download()
    assert download.suggested_filename == f"bfr-export-{date.today().isoformat()}.csv"
    assert Path(download.path()).read_bytes() == export_csv(log, environment=environment)
    tab.wait_for("Downloading 1 set as")
    # Nothing was written on the server's side: the CSV went to the browser only.
    assert list((tmp_path / "home").rglob("*.csv")) == []
    assert list(tmp_path.glob("*.csv")) == []


def test_a_wrong_token_gets_a_403_page_in_the_browser(
    browser: Browser, served: ServedApp
) -> None:
    tab = browser.new_tab()
    response = tab.page.goto(f"{served.origin}/?token=not-the-token")
    assert response is not None and response.status == 403
    assert "No access" in tab.page.content()
    assert served.tab_processes() == []


def screened_lifters_with_a_curl_1rm(log: Path, names: list[str]) -> None:
    """A log where each of ``names`` is screened and has a 40 kg curl 1RM."""
    training_log = open_log(sqlite_url(log))
    try:
        training_log.upgrade()
        training_log.seed_library_if_empty(now=datetime.now())
        curl = training_log.find_exercise("Dumbbell curl")
        assert curl is not None
        for name in names:
            training_log.use_lifter(training_log.add_lifter(name))
            training_log.save_screening(
                answers={q.key: False for q in SCREENING_QUESTIONS}, screened_on=date.today(),
                cleared=False, unit=Unit.KG,
            )
            training_log.record_one_rep_max(
                exercise_id=curl.id, value=40, unit=Unit.KG, recorded_on=date.today(),
                method=OneRepMaxMethod.TESTED, source="test",
            )
    finally:
        training_log.close()


def blocks(log: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(log)) as connection:
        return list(connection.execute(
            "SELECT l.name, b.cuff_off_at IS NOT NULL, b.end_reason, count(s.id)"
            " FROM block b JOIN lifter l ON l.id = b.lifter_id"
            " LEFT JOIN set_entry s ON s.block_id = b.id GROUP BY b.id ORDER BY l.name"
        ).fetchall())


def test_sigterm_ends_every_tabs_block_with_its_cuff_off_then_exits_0(
    browser: Browser, tmp_path: Path, environment: dict[str, str]
) -> None:
    log = tmp_path / "log.db"
    screened_lifters_with_a_curl_1rm(log, ["Ana", "Kim"])
    server = ServedApp("--db", str(log), environment=environment, cwd=tmp_path)
    try:
        tabs = []
        for name, other in (("Ana", "Kim"), ("Kim", "Ana")):
            tab = browser.new_tab()
            tab.open(server.url)
            tab.wait_for("Who is training?", other)
            tab.click_text("Type to filter")
            tab.type(name)
            tab.wait_for_gone(other)
            tab.press("Enter")
            tab.wait_for(f"{name} ·", "Dumbbell curl", "40 kg")
            tab.click_text("filter by name")
            tab.type("dumbbell curl")
            tab.wait_for("Dumbbell preacher curl")
            tab.press("Enter")  # from the filter box to the list
            start_a_curl_block(tab)
            log_the_first_set(tab, 25)
            tabs.append(tab)
        assert len(server.tab_processes()) == 2

        assert server.stop(signal.SIGTERM) == 0
    finally:
        server.stop()
    assert blocks(log) == [("Ana", 1, "signal", 1), ("Kim", 1, "signal", 1)]
    assert server.tab_processes() == []
    for tab in tabs:
        tab.page.wait_for_selector("body.-closed", state="attached")
    assert any("Closed 2 tabs" in line for line in server.said)
