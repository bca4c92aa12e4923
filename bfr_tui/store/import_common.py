"""What every import layout shares: the file being read, its errors, and the report.

``import_csv`` chooses a layout and runs it; ``import_native`` and ``import_foreign``
read and apply one. All three use these, so none of them imports another's module
for them.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from bfr_tui.domain.recent_best import LeftOut
from bfr_tui.domain.units import Unit, format_load, format_number

ImportLayout = Literal["native", "strong", "hevy", "fitnotes"]
APP_NAMES: dict[ImportLayout, str] = {
    "native": "bfr-tui",
    "strong": "Strong",
    "hevy": "Hevy",
    "fitnotes": "FitNotes",
}


class ImportFileError(ValueError):
    """A file that cannot be imported; says which file, line and column, and why."""

    def __init__(
        self, path: Path, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message} Nothing was imported.")
        self.path = path
        self.line = line
        self.column = column


# --- reading the file --------------------------------------------------------------------


class CsvTable:
    """A CSV file being read: its header, and its rows with their line numbers."""

    def __init__(self, path: Path, handle: TextIO) -> None:
        self.path = path
        first = handle.readline()
        # Strong's older export and Strong for Android separate with ";"; others with ",".
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            header = next(csv.reader([first], delimiter=self.delimiter, strict=True), [])
        except csv.Error as error:
            raise self.error(f"the header cannot be read ({error}).", line=1) from error
        self.header = [name.strip() for name in header]
        if not any(self.header):
            raise self.error("the file is empty; expected a header line.", line=1)
        self._index = {name.casefold(): i for i, name in enumerate(self.header)}
        self._reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
        # Rows read ahead to judge the layout by, or the error that stopped the reading.
        self._ahead: list[tuple[int, list[str]] | ImportFileError] = []
        self.mended_rows = 0
        """Rows with more cells than the header read by the layout's columns (see rows)."""

    def error(
        self, message: str, *, line: int | None = None, column: str | None = None
    ) -> ImportFileError:
        """An error about this file."""
        return ImportFileError(self.path, message, line=line, column=column)

    def has(self, column: str) -> bool:
        """Whether the header has ``column`` (any case)."""
        return column.casefold() in self._index

    def position(self, column: str) -> int | None:
        """Where ``column`` is in each row, or None when the header lacks it."""
        return self._index.get(column.casefold())

    def _read(self) -> tuple[int, list[str]] | None:
        """The next row that is not blank, with the line it starts on; None at the end."""
        while True:
            line = self._reader.line_num + 2
            try:
                cells = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as error:
                raise self.error(f"the CSV is broken here ({error}).", line=line) from error
            except UnicodeDecodeError as error:
                raise self.error("this is not UTF-8 text.", line=line) from error
            if cells and (len(cells) > 1 or cells[0].strip()):
                return line, cells

    def peek(self, count: int) -> list[list[str]]:
        """Up to ``count`` of the first data rows, as read, without using them up."""
        while len(self._ahead) < count and not (
            self._ahead and isinstance(self._ahead[-1], ImportFileError)
        ):
            try:
                found = self._read()
            except ImportFileError as error:
                self._ahead.append(error)
                break
            if found is None:
                break
            self._ahead.append(found)
        return [item[1] for item in self._ahead[:count] if not isinstance(item, ImportFileError)]

    def rows(self, *, spill: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """Each data row with the line it starts on; blank lines are passed over.

        A row with fewer cells than the header is a broken file, not a row to guess at,
        and so is one with more, unless ``spill`` names the column whose unquoted text
        holds the delimiter (FitNotes quotes nothing): the extra cells belong to it.
        """
        width = len(self.header)
        while True:
            if self._ahead:
                item = self._ahead.pop(0)
                if isinstance(item, ImportFileError):
                    raise item
                found: tuple[int, list[str]] | None = item
            else:
                found = self._read()
            if found is None:
                return
            line, cells = found
            if len(cells) < width:
                raise self.error(
                    f"the row has {len(cells)} of the {width} columns of the header; "
                    "the file may be cut short.",
                    line=line,
                    column=self.header[len(cells)],
                )
            if len(cells) > width and spill is not None:
                end = spill + len(cells) - width + 1
                cells = [*cells[:spill], self.delimiter.join(cells[spill:end]), *cells[end:]]
                self.mended_rows += 1
            if len(cells) > width:
                raise self.error(
                    f"the row has {len(cells)} cells but the header has {width} columns.",
                    line=line,
                )
            yield line, cells


# --- the report --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewExercise:
    """An exercise the import adds to the library."""

    name: str
    limb: str
    compound: bool
    needs_review: bool


@dataclass(frozen=True, slots=True)
class EstimateLine:
    """An estimated 1RM found in a foreign log."""

    exercise: str
    one_rm: float
    unit: Unit
    day: str
    load: float
    reps: int
    sets_considered: int
    already_there: bool
    left_out: tuple[LeftOut, ...] = ()
    """Sets far out of line with the others (typos), not used for the estimate."""
    rpe: float | None = None
    """The RPE the source app recorded for the set the estimate comes from."""


@dataclass(slots=True)
class ImportReport:
    """What an import did, or would do in a dry run."""

    source: Path
    layout: ImportLayout
    dry_run: bool
    log: str
    """The log, as the lifter named it (a file, or a server's URL without its password)."""
    rows_read: int = 0
    by_position: list[tuple[str, str]] = field(default_factory=list)
    """(the file's header, the app's column) when the header was not the app's own
    words and the columns were read by their position."""
    mended_rows: int = 0
    """Rows with an unquoted delimiter in the exercise name, read by the layout's columns."""
    skipped: Counter[str] = field(default_factory=Counter)
    library_added: int = 0
    log_unit: Unit | None = None
    """The unit a new log takes from the file; None for a log that had one already."""
    matched: list[tuple[str, str]] = field(default_factory=list)
    new_exercises: list[NewExercise] = field(default_factory=list)
    sessions_added: int = 0
    blocks_added: int = 0
    sets_added: int = 0
    flags_added: int = 0
    blocks_already_there: int = 0
    lifters_imported: list[str] = field(default_factory=list)
    """An export of every lifter: the lifters whose rows were imported, in file order."""
    lifters_added: list[str] = field(default_factory=list)
    """Of those, the lifters the log did not have yet."""
    cuffs_added: list[str] = field(default_factory=list)
    """Cuffs the file names that their lifter did not have yet, in file order."""
    estimates: list[EstimateLine] = field(default_factory=list)
    no_estimate: list[tuple[str, str]] = field(default_factory=list)

    @property
    def app(self) -> str:
        """The app the file came from."""
        return APP_NAMES[self.layout]

    @property
    def read_by_position(self) -> bool:
        """Whether the columns were found by their position, not by their names."""
        return bool(self.by_position)

    @property
    def estimates_added(self) -> int:
        """1RMs that are new to the log."""
        return sum(not line.already_there for line in self.estimates)

    @property
    def adds_anything(self) -> bool:
        """Whether the import writes (or would write) anything at all."""
        return bool(
            self.library_added
            or self.lifters_added
            or self.cuffs_added
            or self.new_exercises
            or self.sessions_added
            or self.blocks_added
            or self.sets_added
            or self.flags_added
            or self.estimates_added
        )

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        lines = [f"{self.source.name}: {self.app} export, {_count(self.rows_read, 'row')} read."]
        if self.by_position:
            pairs = ", ".join(f"{found!r} as {meant!r}" for found, meant in self.by_position)
            lines.append(
                f"The header is not {self.app}'s English one (a phone set to another "
                f"language), so the file was read by column position, in {self.app}'s "
                f"order: {pairs}."
            )
        if self.mended_rows:
            lines.append(
                f"{_count(self.mended_rows, 'row')} with a comma in the exercise name (the "
                "app writes no quotes) read by the layout's columns: the extra cells are "
                "the name's."
            )
        if self.library_added:
            verb = "would get" if self.dry_run else "got"
            lines.append(
                f"The log is new: it {verb} the starter library "
                f"({_count(self.library_added, 'exercise')}) first."
            )
        if self.log_unit is not None:
            verb = "would keep" if self.dry_run else "keeps"
            lines.append(f"The new log {verb} loads in {self.log_unit}, as the file does.")
        if self.skipped:
            reasons = ", ".join(f"{n:,} {why}" for why, n in self.skipped.most_common())
            lines.append(f"Skipped {_count(sum(self.skipped.values()), 'row')}: {reasons}.")
        if self.matched:
            lines.append(f"Exercises matched to your library: {len(self.matched)}")
            lines.extend(f"  {found!r} -> {name}" for found, name in self.matched)
        if self.new_exercises:
            lines.append(f"New exercises: {len(self.new_exercises)}")
            for new in self.new_exercises:
                kind = f"limb {new.limb}" + (", compound" if new.compound else "")
                review = "; check it in the app" if new.needs_review else ""
                lines.append(f"  {new.name} ({kind}{review})")
        if self.layout == "native":
            lines.extend(self._native_lines())
        else:
            lines.extend(self._estimate_lines())
        lines.append(self._outcome())
        return lines

    def _native_lines(self) -> list[str]:
        verb = "Would add" if self.dry_run else "Added"
        lines = []
        if self.lifters_imported:
            lines.append(f"Lifters in the import: {', '.join(self.lifters_imported)}.")
        if self.lifters_added:
            lines.append(f"{verb} lifters: {', '.join(self.lifters_added)}.")
        if self.cuffs_added:
            lines.append(f"{verb} cuffs: {', '.join(self.cuffs_added)}.")
        lines += [
            f"{verb} {_count(self.sessions_added, 'session')}, "
            f"{_count(self.blocks_added, 'block')}, {_count(self.sets_added, 'set')} and "
            f"{_count(self.flags_added, 'symptom flag')}."
        ]
        if self.blocks_already_there:
            lines.append(
                f"{_count(self.blocks_already_there, 'block')} already in the log "
                "(same exercise, side and cuff-on time) left as they are."
            )
        return lines

    def _estimate_lines(self) -> list[str]:
        from bfr_tui.domain.estimate import OUT_OF_LINE_RATIO
        from bfr_tui.domain.recent_best import FORMULA_NAME, RECENT_DAYS, set_estimate

        lines: list[str] = []
        if self.estimates:
            lines.append(
                f"Estimated 1RMs ({FORMULA_NAME}: load x (1 + reps / 30), a single is its "
                f"own 1RM; best set of 1-10 reps in the {RECENT_DAYS} days up to the "
                "exercise's last logged set):"
            )
            for line in self.estimates:
                there = "  (already in the log)" if line.already_there else ""
                lines.append(
                    f"  {line.exercise}: {format_load(line.one_rm, line.unit)} from "
                    f"{format_load(line.load, line.unit)} x {line.reps}{_at_rpe(line.rpe)} "
                    f"on {line.day}, best of {_count(line.sets_considered, 'set')}{there}"
                )
                for out in line.left_out:
                    typo, best = out.lifted, out.next_best
                    lines.append(
                        f"    left out {format_load(typo.load, typo.unit)} x {typo.reps} on "
                        f"{typo.day.isoformat()} ({format_load(out.one_rm, typo.unit)}): more "
                        f"than {OUT_OF_LINE_RATIO:g} times the next best set, "
                        f"{format_load(best.load, best.unit)} x {best.reps} "
                        f"({format_load(set_estimate(best), best.unit)})"
                    )
        if self.no_estimate:
            lines.append("No 1RM estimate (left out):")
            lines.extend(f"  {name}: {why}" for name, why in self.no_estimate)
        return lines

    def _outcome(self) -> str:
        if self.dry_run:
            return f"Dry run: nothing was written to {self.log}."
        if not self.adds_anything:
            return f"Nothing new: everything in {self.source.name} is already in {self.log}."
        parts = []
        if self.lifters_added:
            parts.append(_count(len(self.lifters_added), "new lifter"))
        if self.layout != "native":
            parts.append(_count(self.estimates_added, "estimated 1RM"))
        if self.new_exercises:
            parts.append(_count(len(self.new_exercises), "new exercise"))
        summary = f": {', '.join(parts)}" if parts else ""
        return f"Imported into {self.log}{summary}."


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _at_rpe(rpe: float | None) -> str:
    """`` at RPE 8``: how hard the source app says the set was; empty when it does not."""
    return "" if rpe is None else f" at RPE {format_number(rpe, 1)}"
