"""Writes of a live block that had not reached the log when the app stopped, kept on
this machine until the next start saves them.

A shared log lives on a server, and servers go away (a restart, the gym's wifi).
The panel keeps counting and retries; a lifter who quits before the server is back
must not lose the sets they did. Each write the block's writer still held is kept
here, in order, with what the writer knew (the block's id, the flags waiting for
their set), in one private JSON file per log; the next start replays them through
a writer of its own and says so. Standard library only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.set_rating import SetRating
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import tempo_text
from bfr_tui.store.paths import APP_NAME
from bfr_tui.training_log import LoggedSet, RaisedFlag, stored_protocol

SPOOL_FOLDER = "unsaved"
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
# Bumped if the file's shape changes, so an older bfr-tui never misreads a newer file.
SPOOL_FORMAT = 3
# Format 2 lacks only what format 3 added (a block's cuff, target and tempo, a set's
# ratings), which reads back as not recorded: sets kept by the bfr-tui before are saved.
READABLE_FORMATS = frozenset({2, SPOOL_FORMAT})


def spool_file(location: str, lifter_id: int) -> Path:
    """Where a lifter's unsaved writes to the log at ``location`` are kept on this machine.

    One file per lifter: two lifters' blocks on one log may be kept at once.
    """
    digest = hashlib.sha256(f"{location}\n{lifter_id:d}".encode()).hexdigest()[:20]
    return user_data_path(APP_NAME, appauthor=False) / SPOOL_FOLDER / f"{digest}.json"


@dataclass(frozen=True, slots=True)
class KeptWrite:
    """One write of the block's writer, as the writer was asked for it."""

    kind: str
    """The writer's method: ``start_block``, ``log_set``, ``raise_flag``..."""
    what: str
    """The write in the lifter's words ("set 3", "the cuff-off")."""
    fields: dict[str, Any]
    """The method's arguments, as JSON values."""


@dataclass(slots=True)
class Spool:
    """The unsaved writes of one block, and what the writer knew when it stopped."""

    location: str
    lifter_id: int
    block_id: int | None
    flags_to_link: list[int] = field(default_factory=list)
    writes: list[KeptWrite] = field(default_factory=list)


def save(spool: Spool, path: Path) -> None:
    """Write ``spool`` whole or not at all, readable by the owner only."""
    path.parent.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    text = json.dumps({
        "format": SPOOL_FORMAT,
        "location": spool.location,
        "lifter_id": spool.lifter_id,
        "block_id": spool.block_id,
        "flags_to_link": spool.flags_to_link,
        "writes": [
            {"kind": w.kind, "what": w.what, "fields": w.fields} for w in spool.writes
        ],
    }, indent=1)
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def load(path: Path) -> Spool | None:
    """The spool at ``path``, or None when there is none."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if raw.get("format") not in READABLE_FORMATS:
        raise ValueError(f"{path} was written by another version of bfr-tui")
    return Spool(
        location=str(raw["location"]),
        lifter_id=int(raw["lifter_id"]),
        block_id=raw["block_id"],
        flags_to_link=[int(i) for i in raw["flags_to_link"]],
        writes=[KeptWrite(str(w["kind"]), str(w["what"]), dict(w["fields"]))
                for w in raw["writes"]],
    )


def discard(path: Path) -> None:
    """The spool's writes are all in the log: forget them."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# --- the writer's arguments as JSON, and back -------------------------------------------


def moment(value: datetime) -> str:
    """A time with its offset, so it reads back as the same instant anywhere."""
    return value.isoformat()


def from_moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def plan_fields(plan: BlockPlan) -> dict[str, Any]:
    protocol = plan.protocol
    return {
        "exercise_id": plan.exercise_id, "exercise_name": plan.exercise_name,
        "limb": plan.limb, "side": plan.side, "protocol_name": protocol.name,
        "protocol_reps": protocol.reps_text, "rest_s": protocol.rest_s, "load": plan.load,
        "unit": plan.unit, "one_rm": plan.one_rm, "tightness": plan.tightness,
        "pulse_felt": plan.pulse_felt, "skin_normal": plan.skin_normal,
        "pressure_mmhg": plan.pressure_mmhg, "lop_percent": plan.lop_percent,
        "cuff_width_cm": plan.cuff_width_cm, "cuff_id": plan.cuff_id,
        "target_mmhg": plan.target_mmhg, "tempo": tempo_text(protocol.tempo),
    }


def plan_from(fields: dict[str, Any]) -> BlockPlan:
    kept = dict(fields)
    protocol = stored_protocol(
        name=kept.pop("protocol_name"), reps_text=kept.pop("protocol_reps"),
        rest_s=kept.pop("rest_s"), tempo=kept.pop("tempo", None),
    )
    return BlockPlan(protocol=protocol, **kept)


def set_fields(logged: LoggedSet) -> dict[str, Any]:
    return {
        "set_number": logged.set_number, "target_reps": logged.target_reps,
        "reps": logged.reps, "load": logged.load, "started_at": moment(logged.started_at),
        "ended_at": moment(logged.ended_at), "rest_before_s": logged.rest_before_s,
        "rpe": logged.rpe, "discomfort": logged.discomfort,
    }


def set_from(fields: dict[str, Any]) -> LoggedSet:
    return LoggedSet(
        set_number=fields["set_number"], target_reps=fields["target_reps"],
        reps=fields["reps"], load=fields["load"],
        started_at=from_moment(fields["started_at"]),
        ended_at=from_moment(fields["ended_at"]), rest_before_s=fields["rest_before_s"],
        rpe=fields.get("rpe"), discomfort=fields.get("discomfort"),
    )


def rating_fields(rating: SetRating) -> dict[str, Any]:
    return {"rpe": rating.rpe, "discomfort": rating.discomfort}


def rating_from(fields: dict[str, Any]) -> SetRating:
    return SetRating(rpe=fields["rpe"], discomfort=fields["discomfort"])


def flag_fields(flag: RaisedFlag) -> dict[str, Any]:
    return {"kind": flag.kind.value, "raised_at": moment(flag.raised_at), "note": flag.note}


def flag_from(fields: dict[str, Any]) -> RaisedFlag:
    return RaisedFlag(
        kind=SymptomKind(fields["kind"]), raised_at=from_moment(fields["raised_at"]),
        note=fields["note"],
    )
