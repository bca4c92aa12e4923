"""Running ``bfr-tui`` in the test's process, on the test's log and nobody else's."""

from __future__ import annotations

import pytest

from bfr_tui.cli import main
from bfr_tui.store.paths import path_from_url

ERROR_PREFIX = "bfr-tui: error: "


def db(log_url: str) -> str:
    """``--db``'s value for the test's log: the file's path, or the server's URL."""
    return str(path_from_url(log_url)) if log_url.startswith("sqlite") else log_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``bfr-tui ARGV``: its exit status, standard output and standard error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
