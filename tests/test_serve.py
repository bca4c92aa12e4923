"""``bfr-tui serve`` as its own process: who gets in, what a tab costs, how it stops.

Requests go over 127.0.0.1 to the real server, with a WebSocket handshake made by
hand where the browser would make one; the browser itself is in test_serve_browser.py.
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bfr_tui.web.access import is_loopback, new_token, token_matches
from tests.browser import ServedApp, environment_for_serve
from tests.cli_runs import ERROR_PREFIX, run

TAB_START_TIMEOUT_S = 30.0

StartServer = Callable[..., ServedApp]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start ``bfr-tui serve`` on a fresh log under ``tmp_path``; stopped at the end."""
    started: list[ServedApp] = []

    def start(*args: str, environment: dict[str, str] | None = None) -> ServedApp:
        served = ServedApp(
            "--db", str(tmp_path / "log.db"), *args,
            environment=environment or environment_for_serve(tmp_path), cwd=tmp_path,
        )
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


def request(
    served: ServedApp, path: str, *, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    """GET ``path`` from the server: the status and the start of the body."""
    address = urlsplit(served.origin)
    assert address.hostname == "127.0.0.1" and address.port is not None
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(2000).decode("utf-8", "replace")
    finally:
        connection.close()


def open_tab(served: ServedApp, path: str, *, cookie: str | None = None) -> tuple[
    int, http.client.HTTPConnection
]:
    """The handshake a browser's tab makes for its app; the status and the connection."""
    address = urlsplit(served.origin)
    assert address.hostname is not None and address.port is not None
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(secrets.token_bytes(16)).decode(),
    }
    if cookie is not None:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    return connection.getresponse().status, connection


def wait_until(ready: Callable[[], bool], what: str, timeout: float = TAB_START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_the_token_rules() -> None:
    token = new_token()
    assert len(token) >= 40 and token != new_token()
    assert token_matches(token, token)
    assert not token_matches(token[:-1], token)
    assert not token_matches(None, token) and not token_matches("", token)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert not is_loopback("gym.example.org")


def test_without_the_token_every_door_is_shut_and_no_app_starts(
    start_server: StartServer,
) -> None:
    served = start_server()
    wrong = new_token()
    for path in ("/", f"/?token={wrong}", "/static/js/textual.js", "/download/anything",
                 f"/download/anything?token={wrong}"):
        status, body = request(served, path)
        assert status == 403, path
        assert "access token" in body
    for path, cookie in (("/ws", None), (f"/ws?token={wrong}", None),
                         ("/ws", f"bfr_tui_token_{urlsplit(served.origin).port}={wrong}")):
        status, connection = open_tab(served, path, cookie=cookie)
        connection.close()
        assert status == 403, (path, cookie)
    assert served.tab_processes() == []


def test_the_printed_url_opens_the_page_and_a_tab_runs_its_own_app_until_it_goes(
    start_server: StartServer,
) -> None:
    served = start_server()
    started = time.monotonic()
    status, body = request(served, f"/?token={served.token}")
    answered = time.monotonic() - started
    assert status == 200 and "textual.js" in body
    assert served.token not in body  # the page itself never shows the token
    assert answered < 5.0

    status, connection = open_tab(served, f"/ws?token={served.token}&width=100&height=30")
    assert status == 101
    wait_until(lambda: len(served.tab_processes()) == 1, "the tab's app to start")
    (app,) = served.tab_processes()
    assert "bfr_tui" in Path(f"/proc/{app}/cmdline").read_text()
    # The browser goes away: its app is hung up, as a closed terminal is.
    connection.close()
    wait_until(lambda: served.tab_processes() == [], "the tab's app to end")
    assert served.stop() == 0


def test_the_token_can_be_given_and_from_the_environment(
    start_server: StartServer, tmp_path: Path
) -> None:
    chosen = "rack-side-tablet-" + secrets.token_hex(8)
    served = start_server(environment=environment_for_serve(
        tmp_path, {"BFR_TUI_SERVE_TOKEN": chosen}
    ))
    assert served.token == chosen
    assert request(served, f"/?token={chosen}")[0] == 200
    given = start_server("--token", chosen + "-given")
    assert given.token == chosen + "-given"


def test_sigterm_with_no_tab_open_exits_0(start_server: StartServer) -> None:
    served = start_server()
    assert served.stop(signal.SIGTERM) == 0


def test_another_address_says_to_put_it_behind_https(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, own_environment: None
) -> None:
    # A name that never resolves (RFC 6761): the warning comes, and nothing listens.
    code, out, err = run(capsys, "serve", "--db", str(tmp_path / "log.db"),
                         "--host", "gym-laptop.invalid", "--port", "0")
    https_lines = [line for line in out.splitlines() if "HTTPS" in line]
    assert len(https_lines) == 1 and "gym-laptop.invalid" in https_lines[0]
    assert code == 2 and err.startswith(ERROR_PREFIX)


def test_the_default_is_this_machine_only_and_says_nothing_of_https(
    start_server: StartServer,
) -> None:
    served = start_server()
    assert served.url.startswith("http://127.0.0.1:")
    assert not any("HTTPS" in line for line in served.said)


@pytest.mark.parametrize("token", ["short", "has a space in it somewhere"])
def test_a_weak_token_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, own_environment: None, token: str
) -> None:
    code, out, err = run(capsys, "serve", "--db", str(tmp_path / "log.db"), "--token", token)
    assert code == 2 and err.startswith(ERROR_PREFIX) and "token" in err
    assert out == "" and not (tmp_path / "log.db").exists()


def test_the_log_is_checked_before_anything_listens(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, own_environment: None
) -> None:
    not_a_log = tmp_path / "notes.db"
    not_a_log.write_text("shopping list\n", encoding="utf-8")
    code, out, err = run(capsys, "serve", "--db", str(not_a_log), "--port", "0")
    assert code == 2 and err.startswith(ERROR_PREFIX)
    assert "Open http" not in out
    assert os.path.getsize(not_a_log) == len("shopping list\n")
