"""Where the training log lives: the user data dir, unless told otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote

from platformdirs import user_data_path

APP_NAME = "bfr-tui"
DB_FILENAME = "bfr.db"
DB_ENV_VAR = "BFR_TUI_DB"


def default_db_path() -> Path:
    """The platform's per-user data dir, e.g. ``~/.local/share/bfr-tui/bfr.db``."""
    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(cli_path: str | os.PathLike[str] | None = None,
                    environ: Mapping[str, str] | None = None) -> Path:
    """``--db`` wins, then ``BFR_TUI_DB``, then the default location."""
    env = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path).expanduser()
    if env.get(DB_ENV_VAR):
        return Path(env[DB_ENV_VAR]).expanduser()
    return default_db_path()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file (a ``?`` or ``#`` in the name stays part of it)."""
    # What sqlalchemy's URL.render_as_string writes, without importing SQLAlchemy
    # before the app's first frame (issue #5); tests check the two agree.
    return "sqlite:///" + quote(str(path), safe=" +/")


def path_from_url(url: str) -> Path:
    """The file behind a ``sqlite:///`` URL, read back as SQLAlchemy reads it."""
    # Without SQLAlchemy for the same reason as sqlite_url; tests check the two agree.
    prefix = "sqlite:///"
    database = unquote(url[len(prefix):].partition("?")[0]) if url.startswith(prefix) else ""
    if not database:
        raise ValueError(f"not a SQLite file URL: {url}")
    return Path(database)


def is_url(named: str) -> bool:
    """``--db`` names a log by URL (``postgresql://...``, ``sqlite:///...``), not a file."""
    scheme, separator, _ = named.partition("://")
    return bool(separator) and scheme.replace("+", "").isalnum()
