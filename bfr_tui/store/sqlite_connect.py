"""How the store reaches a SQLite log with the standard library alone.

The start-up reads, the file checks and the import's dry run all open the log
with ``sqlite3`` before (or without) SQLAlchemy; they build its address here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

# What urllib.request.pathname2url is on each system, without importing urllib.request
# (http.client, email...: 14 ms before the app's first frame, issue #5).
if sys.platform == "win32":
    from nturl2path import pathname2url
else:
    from urllib.parse import quote as pathname2url

# Another window writing at the same moment waits this long before we give up.
BUSY_TIMEOUT_MS = 5000


def log_uri(path: Path, *, mode: Literal["ro", "rw"], as_it_lies: bool = False) -> str:
    """The ``file:`` URI that opens the log at ``path`` without ever creating it.

    ``mode="rw"`` is for readers too: a reader of a WAL log may need to create its
    -shm file. ``as_it_lies`` reads a log with no journal as an unchanging file,
    leaving no lock files beside it (nothing is in a journal and no one is writing).
    """
    # pathname2url quotes "?" and "#", which would otherwise end the file name.
    uri = f"file:{pathname2url(str(path.absolute()))}?mode={mode}"
    if as_it_lies and not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri
