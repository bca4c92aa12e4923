"""The web server behind ``bfr-tui serve``: every browser tab runs its own bfr-tui.

textual-serve carries a Textual app to the browser: the page, the terminal in it and
the protocol between the server and each app process. What is bfr-tui's own here:

- a tab is the ``bfr-tui`` command itself (``python -m bfr_tui``) on the served log,
  in a process group of its own, so a ctrl+c at the server's terminal reaches the
  server alone and the server decides how each tab ends;
- every request (page, connection, download, static file) needs the token, from the
  printed URL or from the cookie that URL sets: without it a 403 page, and no process;
- a tab whose browser goes away is hung up like a terminal that was closed (SIGHUP):
  a block under way ends with its cuff-off recorded;
- SIGTERM, SIGINT or SIGHUP to the server ends every tab the same way (SIGTERM to each
  app: the cuff-off recorded, every set written), then the server stops.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

from bfr_tui.web.access import TOKEN_ENV_VAR, TOKEN_QUERY, token_matches

TEMPLATES = Path(__file__).parent / "templates"
# A tab's app needs up to its own grace for the block's last writes after a signal
# (bfr_tui.app.SIGNAL_GRACE_S, 10 s); past this it is killed.
TAB_END_TIMEOUT_S = 15.0
# Connections still open once every tab has ended get this long to close.
SHUTDOWN_TIMEOUT_S = 5.0
# As textual-serve: a connection a phone dropped (asleep, out of range) is noticed.
HEARTBEAT_S = 15.0
DEFAULT_FONT_SIZE = 16
DEFAULT_COLUMNS, DEFAULT_ROWS = 80, 24
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

FORBIDDEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bfr-tui: no access</title></head>
<body style="font-family: sans-serif; margin: 3em;">
<h1>No access</h1>
<p>This address needs the access token. Open the full URL that <code>bfr-tui serve</code>
printed when it started: it ends with <code>?token=</code>&hellip;</p>
</body></html>
"""

log = logging.getLogger("textual-serve")


@dataclass(frozen=True)
class TabCommand:
    """How to start one tab's app: its command line and what it adds to the environment."""

    argv: tuple[str, ...]
    environment: Mapping[str, str]


def tab_command(*, log_url: str, lifter: str | None) -> TabCommand:
    """``bfr-tui`` on ``log_url`` (for ``lifter``), as each tab runs it.

    The log goes by environment, not argument: a server's URL may hold a password, and a
    process's arguments are readable by every user of the machine.
    """
    environment = {"BFR_TUI_DB": log_url}
    if lifter is not None:
        environment["BFR_TUI_LIFTER"] = lifter
    return TabCommand(argv=(sys.executable, "-m", "bfr_tui"), environment=environment)


class TabProcess(AppService):
    """One browser tab's bfr-tui: started without a shell, ended like a terminal."""

    def __init__(
        self,
        command: TabCommand,
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[Any]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(command.argv), write_bytes=write_bytes, write_str=write_str,
            close=close, download_manager=download_manager,
        )
        self._tab_command = command

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        environment.update(self._tab_command.environment)
        # The token opens the server, never a tab's app: it has no use for it.
        environment.pop(TOKEN_ENV_VAR, None)
        self._process = process = await asyncio.create_subprocess_exec(
            *self._tab_command.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def running(self) -> bool:
        """The tab's app process is alive."""
        return self._process is not None and self._process.returncode is None

    async def end(self, stop: signal.Signals) -> int:
        """Send ``stop`` to the tab's app and wait for it to exit; its exit status.

        An app that has not finished by ``TAB_END_TIMEOUT_S`` is killed (status -9).
        """
        process = self._process
        if process is None:
            return 0
        if process.returncode is None:
            with suppress(ProcessLookupError):
                process.send_signal(stop)
        try:
            return await asyncio.wait_for(process.wait(), TAB_END_TIMEOUT_S)
        except TimeoutError:
            with suppress(ProcessLookupError):
                process.kill()
            return await process.wait()

    async def stop(self) -> None:
        """The browser went away: hang the app up, as closing its terminal would."""
        if self._task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.end(signal.SIGHUP)
        await self._task
        self._task = None


@dataclass(eq=False)
class _Tab:
    """A tab being served: its app and its connection (each tab counted once)."""

    process: TabProcess
    websocket: web.WebSocketResponse


class BrowserServer(Server):
    """textual-serve's server, serving bfr-tui to whoever holds the token."""

    def __init__(
        self,
        command: TabCommand,
        *,
        host: str,
        port: int,
        token: str,
        public_url: str | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        super().__init__(
            " ".join(command.argv), host=host, port=port, title="bfr-tui",
            public_url=public_url, templates_path=TEMPLATES,
        )
        self.tab_command = command
        self.token = token
        self.named_public_url = public_url.rstrip("/") if public_url else None
        self.say = say
        # Per port: a browser keeps cookies per host, and two servers may share one.
        self.cookie = f"bfr_tui_token_{port}"
        self._tabs: set[_Tab] = set()
        self._closing = False

    # -- access ---------------------------------------------------------------------------

    def _allowed(self, request: web.Request) -> bool:
        return token_matches(request.query.get(TOKEN_QUERY), self.token) or token_matches(
            request.cookies.get(self.cookie), self.token
        )

    @web.middleware
    async def _require_token(
        self, request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        if not self._allowed(request):
            return web.Response(status=403, text=FORBIDDEN_PAGE, content_type="text/html")
        return await handler(request)

    # -- the routes -----------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._require_token])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        return app

    def _base_url(self, request: web.Request) -> str:
        """Where the browser reaches us: the public URL named, else the page's own origin."""
        if self.named_public_url is not None:
            return self.named_public_url
        return str(request.url.origin())

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        base = self._base_url(request)
        scheme, rest = base.split(":", 1)
        websocket_scheme = "wss" if scheme == "https" else "ws"
        path = urlsplit(base).path.rstrip("/")
        response = aiohttp_jinja2.render_template(
            "app_index.html",
            request,
            {
                "title": "bfr-tui",
                "token_query": TOKEN_QUERY,
                "font_size": to_int(request.query.get("fontsize", ""), DEFAULT_FONT_SIZE),
                "static_url": f"{path}/static/",
                "websocket_url": f"{websocket_scheme}:{rest}/ws",
            },
        )
        response.set_cookie(
            self.cookie, self.token, httponly=True, samesite="Strict", path="/",
            secure=scheme == "https",
        )
        # The page holds the token in its cookie: no cache keeps a copy of it.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self._closing:
            raise web.HTTPServiceUnavailable(text="bfr-tui serve is stopping")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_S)
        width = to_int(request.query.get("width", ""), DEFAULT_COLUMNS)
        height = to_int(request.query.get("height", ""), DEFAULT_ROWS)
        await websocket.prepare(request)
        process = TabProcess(
            self.tab_command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        tab = _Tab(process, websocket)
        self._tabs.add(tab)
        try:
            await process.start(width, height)
            await self._process_messages(websocket, process)
        except (ConnectionError, ValueError) as error:
            log.warning("A tab's connection broke: %s", error)
        finally:
            self._tabs.discard(tab)
            await process.stop()
            await websocket.close()
        return websocket

    # -- running --------------------------------------------------------------------------

    def url(self, port: int) -> str:
        """The address to open, token included."""
        base = self.named_public_url or f"http://{_host_in_url(self.host)}:{port}"
        return f"{base}/?{TOKEN_QUERY}={quote(self.token, safe='')}"

    async def end_tabs(self) -> list[int]:
        """End every tab's app as a shutdown does (SIGTERM); their exit statuses."""
        self._closing = True
        tabs = list(self._tabs)
        statuses = await asyncio.gather(*(tab.process.end(signal.SIGTERM) for tab in tabs))
        for tab in tabs:
            await tab.websocket.close()
        return list(statuses)

    async def run(self) -> int:
        """Serve until a stop signal, then end every tab; the exit status."""
        runner = web.AppRunner(
            await self._make_app(), handle_signals=False, access_log=None,
            shutdown_timeout=SHUTDOWN_TIMEOUT_S,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            port = _bound_port(runner, self.port)
            self.cookie = f"bfr_tui_token_{port}"
            stopping = asyncio.Event()
            loop = asyncio.get_running_loop()
            for stop in STOP_SIGNALS:
                loop.add_signal_handler(stop, stopping.set)
            self.say(f"Open {self.url(port)} in a browser: each tab runs its own bfr-tui.")
            await stopping.wait()
            statuses = await self.end_tabs()
        finally:
            await runner.cleanup()
        failed = [status for status in statuses if status != 0]
        if failed:
            self.say(f"{len(failed)} of {len(statuses)} tabs could not finish writing "
                     "their block before closing.")
            return failed[0] if failed[0] > 0 else 1
        if statuses:
            noun = "tab" if len(statuses) == 1 else "tabs"
            self.say(f"Closed {len(statuses)} {noun}; every open block has its cuff-off.")
        return 0


def _host_in_url(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    """The port really listened on: the one asked for, or the one given for port 0."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked


def serve(
    *, log_url: str, lifter: str | None, host: str, port: int, token: str,
    public_url: str | None,
) -> int:
    """Serve bfr-tui on ``log_url`` until stopped; the exit status."""
    logging.basicConfig(level=logging.WARNING, format="bfr-tui serve: %(message)s")
    server = BrowserServer(
        tab_command(log_url=log_url, lifter=lifter), host=host, port=port, token=token,
        public_url=public_url, say=_say,
    )
    return asyncio.run(server.run())


def _say(line: str) -> None:
    # A pipe (a service manager, a test) sees each line as it is said.
    with suppress(OSError):
        print(line, flush=True)
