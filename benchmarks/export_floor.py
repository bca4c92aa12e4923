"""The export floor: the native CSV's join, run with nothing but ``sqlite3`` and ``csv``.

``python -m benchmarks.export_floor DB OUT`` writes one row per set (and one per
block without a set) with the columns of ``bfr-tui export``, in the same order.
It does the least the export has to do: one joined query, the symptom flags
gathered per set, and ``csv.writer`` over the values much as SQLite returns them.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from datetime import datetime

COLUMNS = (
    "session_started", "exercise", "limb", "side", "set_number", "target_reps", "reps",
    "load", "unit", "one_rm", "pct_1rm", "rest_s", "tightness", "pressure_mmhg",
    "occlusion_s", "symptoms", "notes", "session_ended", "session_notes", "cuff_on",
    "protocol", "protocol_reps", "rest_target_s", "end_reason", "pulse_felt", "skin_normal",
    "lop_percent", "cuff_width_cm", "set_started", "set_ended", "symptom_details",
    "rpe", "discomfort", "cuff", "cuff_kind", "cuff_own_width_cm", "cuff_wrap_mark",
    "target_mmhg", "tempo",
)

JOIN = """
SELECT ts.started_at, e.name, e.limb, b.side, s.set_number, s.target_reps, s.reps,
       coalesce(s.load, b.load), b.unit, b.one_rm, s.rest_before_s, b.tightness,
       b.pressure_mmhg, b.cuff_on_at, b.cuff_off_at, b.notes, ts.ended_at, ts.notes,
       b.protocol_name, b.protocol_reps, b.rest_target_s, b.end_reason, b.pulse_felt,
       b.skin_normal, b.lop_percent, b.cuff_width_cm, s.started_at, s.ended_at, b.id, s.id,
       s.rpe, s.discomfort, c.name, c.kind, c.width_cm, c.wrap_mark, b.target_mmhg, b.tempo
FROM block AS b
JOIN training_session AS ts ON ts.id = b.session_id
JOIN exercise AS e ON e.id = b.exercise_id
LEFT OUTER JOIN cuff AS c ON c.id = b.cuff_id
LEFT OUTER JOIN set_entry AS s ON s.block_id = b.id
ORDER BY ts.started_at, ts.id, b.cuff_on_at, b.id, s.set_number
"""

FLAGS = "SELECT block_id, set_id, kind, raised_at, note FROM symptom_flag ORDER BY raised_at, id"


def export(db: str, out: str) -> int:
    """Write the CSV; returns the number of rows."""
    connection = sqlite3.connect(db)
    flags: dict[tuple[int, int | None], list[tuple[str, str, str]]] = {}
    for block_id, set_id, kind, raised_at, note in connection.execute(FLAGS):
        flags.setdefault((block_id, set_id), []).append((kind, raised_at, note))
    written = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in connection.execute(JOIN):
            load, one_rm, cuff_on, cuff_off = row[7], row[9], row[13], row[14]
            occlusion = None
            if cuff_off is not None:
                seconds = datetime.fromisoformat(cuff_off) - datetime.fromisoformat(cuff_on)
                occlusion = int(seconds.total_seconds())
            found = flags.get((row[28], row[29]), [])
            details = json.dumps(
                [{"kind": k, "at": at, "note": note} for k, at, note in found]
            ) if found else None
            writer.writerow((
                *row[:10], round(100 * load / one_rm, 1) if one_rm else None, *row[10:13],
                occlusion, ";".join(k for k, _at, _note in found), *row[15:18], cuff_on,
                *row[18:28], details, *row[30:38],
            ))
            written += 1
    connection.close()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: python -m benchmarks.export_floor DB OUT", file=sys.stderr)
        sys.exit(2)
    export(sys.argv[1], sys.argv[2])
