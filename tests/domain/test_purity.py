"""The domain layer imports no UI and no database library (see STYLE.md)."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("textual", "sqlmodel", "sqlalchemy", "alembic", "pydantic", "rich")

# Runs in a fresh interpreter: the test session has already imported Textual.
PROBE = """
import importlib, json, pkgutil, sys
import bfr_tui.domain as domain
names = [domain.__name__]
for info in pkgutil.walk_packages(domain.__path__, domain.__name__ + "."):
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_domain_imports_no_ui_or_database_library() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    report = json.loads(run.stdout)
    expected = {
        "units",
        "limbs",
        "symptoms",
        "protocol",
        "clock",
        "load",
        "estimate",
        "progression",
        "cuff",
        "occlusion",
        "screening",
        "adherence",
        "limits",
        "cuff_profile",
        "lop",
        "pressure_prescription",
        "set_rating",
        "next_cuff_setting",
        "tempo",
        "tempo_rep_counter",
    }
    assert {f"bfr_tui.domain.{name}" for name in expected} <= set(report["imported"])
    leaked = [name for name in report["loaded"] if name.split(".")[0].lower().startswith(FORBIDDEN)]
    assert leaked == []
