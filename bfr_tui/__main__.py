"""``python -m bfr_tui``: the same as the ``bfr-tui`` command."""

from __future__ import annotations

import sys

from bfr_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
