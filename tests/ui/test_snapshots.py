"""SVG snapshots of every scene: the same scenes that draw screenshots/.

Regenerate after a deliberate change with
``uv run pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bfr_tui.showcase.scenes import SCENES, SNAPSHOT_SIZE, Scene, scene_app, steady_environment


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_scene_looks_as_approved(
    scene: Scene, tmp_path: Path, snap_compare: Callable[..., bool]
) -> None:
    path = tmp_path / "log.db"
    scene.build_db(path)
    app = scene_app(path)
    try:
        with steady_environment():
            assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=scene.run_before)
    finally:
        app.training_log.close()
