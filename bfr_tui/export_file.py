"""Writing an export: owner-only, whole or not at all.

A lifter's training and plans are health data, so an export is readable by its owner
only (0o600). It is written to a temporary file in the same folder and moved into
place only when complete, so a failure never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from bfr_tui.training_log import OVERWRITE_HINT, ExportError, check_export_path

EXPORT_FILE_MODE = 0o600


@contextlib.contextmanager
def private_export(path: Path, *, force: bool) -> Iterator[TextIO]:
    """A text file to write the export into, put at ``path`` when the block ends well;
    ExportError for a target ``check_export_path`` refuses or a folder it cannot write
    in. An existing file is only replaced with ``force``."""
    check_export_path(path, force=force)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"cannot write in {path.parent}: {error.strerror}.") from error
    temp = Path(temp_name)
    try:
        # mkstemp already makes it 0o600; say so for filesystems that ignore its mode.
        os.chmod(temp, EXPORT_FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        _move_into_place(temp, path, force=force)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def _move_into_place(temp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temp, path)
        return
    # A hard link fails if the name was taken meanwhile, so nothing is ever overwritten.
    try:
        os.link(temp, path)
    except FileExistsError as error:
        raise ExportError(f"{path} already exists; {OVERWRITE_HINT}.") from error
    except OSError:
        # Filesystems without hard links: the check above is the best we can do.
        if path.exists():
            raise ExportError(f"{path} already exists; {OVERWRITE_HINT}.") from None
        os.replace(temp, path)
        return
    temp.unlink()
