"""The live block's writes: one write at a time, in the order asked, off the UI thread.

A set is only shown as logged once its transaction has committed, and the order on
disk is the order of the block (the cuff-on before set 1, set 1 before the flag
raised in its rest, everything before the cuff-off). A write the log is too busy
for is tried again for a bounded time (``write_retry``); any other failure is
reported at once, and the screen decides how to end the block safely.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.set_rating import SetRating
from bfr_tui.store import block_log, queries, spool
from bfr_tui.store.spool import KeptWrite, Spool
from bfr_tui.store.write_retry import RETRY_FOR_S, WriteFailed, describe_error, run_with_retries
from bfr_tui.training_log import (
    BlockStarted,
    KeptWritesSaved,
    LoggedSet,
    RaisedFlag,
    WriteFailure,
    WriteReports,
)

T = TypeVar("T")

# Longer than a set and the rest after it (``limits.REST_S``, with extensions), so a
# block's writes share one thread; the thread of a block that is over ends after it.
WRITER_IDLE_S = 5 * 60.0

UnitOfWork = Callable[[], AbstractContextManager[Session]]
# A set written by the engine's own quickest means, committed (or found already there)
# when it returns: lifter id, block id, set.
SetWrite = Callable[[int, int, LoggedSet], None]


class _Stopped(Exception):
    """The screen went away while a write was waiting for the log."""


@dataclass(frozen=True, slots=True)
class _Kept:
    """What the spool keeps of a write, should the app stop before it is saved: the
    writer's method and its arguments as JSON values, made only then."""

    kind: str
    what: str
    fields: Callable[[], dict[str, Any]]

    def keep(self) -> KeptWrite:
        return KeptWrite(self.kind, self.what, self.fields())


@dataclass(slots=True)
class _Write:
    kept: _Kept
    job: Callable[[], Any]
    """The write, committed when it returns."""
    saved: Callable[[Any], None] | None = None
    committed: Callable[[Any], None] | None = None
    """Run on the writer's thread once the job has committed (the writer's own state)."""
    ending: bool = False
    set_number: int | None = None
    settled: bool = False
    """Its outcome is known (committed, failed or left unsent), told or not yet."""

    @property
    def what(self) -> str:
        return self.kept.what


class SqlBlockWriter:
    """The writes of one live block (see ``training_log.BlockWriter``)."""

    def __init__(
        self,
        *,
        unit_of_work: UnitOfWork,
        lifter_id: int,
        reports: WriteReports,
        deliver: Callable[[Callable[[], None]], None],
        background: Callable[[Callable[[], None]], None] | None = None,
        block_id: int | None = None,
        retry_for_s: float = RETRY_FOR_S,
        spool_path: Path | None = None,
        location: str = "",
        flags_to_link: Sequence[int] = (),
        keep_on_give_up: bool = False,
        write_set: SetWrite | None = None,
        watch: Callable[[], None] | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._lifter_id = lifter_id
        self._write_set = write_set
        self._spool_path = spool_path
        self._location = location
        # A replay of kept writes keeps what still fails for the next start, rather
        # than reporting it lost.
        self._keep_on_give_up = keep_on_give_up
        self._reports = reports
        self._deliver = deliver
        # A thread of the writer's own, woken at once: a Textual worker would start only
        # once the key's handler and the frame after it are done.
        self._background = background or _ThreadOfItsOwn()
        self._watch = watch
        self._retry_for_s = retry_for_s
        self._block_id = block_id
        # Flags raised mid-set, on disk, waiting to be tied to that set once it is logged.
        # Only the thread draining the queue touches them.
        self._flags_to_link: list[int] = list(flags_to_link)
        # Writes that did not commit because the writer was stopped while they waited.
        self._unsent: list[_Write] = []
        self._in_flight: _Write | None = None
        self._queue: queue.SimpleQueue[_Write] = queue.SimpleQueue()
        self._stopped = threading.Event()
        # One drainer at a time: the order on disk is the order of the queue.
        self._draining = threading.Lock()
        # Writes asked for whose outcome is not known yet (committed, failed or left
        # unsent), and those whose reports are not all delivered yet either, for
        # ``wait_for_writes``.
        self._over = threading.Condition()
        self._not_settled = 0
        self._not_over = 0

    # -- the writes --------------------------------------------------------------------

    def start_block(
        self, *, plan: BlockPlan, cuff_on_at: datetime, what: str,
        saved: Callable[[BlockStarted], None],
    ) -> None:
        """Cuffs on: the block goes on disk before the first rep."""

        def job(session: Session) -> BlockStarted:
            block = block_log.start_block(
                session=session, lifter_id=self._lifter_id, plan=plan, cuff_on_at=cuff_on_at
            )
            assert block.id is not None
            # Finished blocks of this visit only: this one is still under the cuff.
            before = queries.session_occlusion_seconds(
                session=session, training_session_id=block.session_id
            )
            return BlockStarted(block.id, before)

        def committed(started: BlockStarted) -> None:
            self._block_id = started.block_id

        kept = _Kept("start_block", what, lambda: {
            "plan": spool.plan_fields(plan), "cuff_on_at": spool.moment(cuff_on_at)})
        self._put(_Write(kept, self._in_session(job), saved, committed))

    def log_set(
        self, logged: LoggedSet, *, what: str, saved: Callable[[LoggedSet], None]
    ) -> None:
        """A finished set, with the flags raised while it ran."""

        def job() -> tuple[LoggedSet, list[int]]:
            linked = list(self._flags_to_link)
            if self._write_set is not None and not linked:
                self._write_set(self._lifter_id, self._open_block(), logged)
                return logged, linked
            with self._unit_of_work() as session:
                block_log.log_set(session=session, lifter_id=self._lifter_id,
                                  block_id=self._open_block(), logged=logged,
                                  flag_ids_to_link=linked)
            return logged, linked

        kept = _Kept("log_set", what, lambda: {"logged": spool.set_fields(logged)})
        self._put(_Write(kept, job, _first(saved), self._forget_linked,
                         set_number=logged.set_number))

    def rate_set(
        self, *, set_number: int, rating: SetRating, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """The effort and discomfort the lifter gave a set logged before."""

        def job(session: Session) -> None:
            block_log.rate_set(session=session, block_id=self._open_block(),
                               set_number=set_number, rating=rating)

        kept = _Kept("rate_set", what, lambda: {
            "set_number": set_number, "rating": spool.rating_fields(rating)})
        # No set number on the write: a rating that failed leaves the set itself saved.
        self._put(_Write(kept, self._in_session(job), saved))

    def raise_flag(
        self, flag: RaisedFlag, *, set_number: int | None, in_set: bool, what: str
    ) -> None:
        """A symptom flag, on disk at once; ``in_set``: tie it to the next set logged."""

        def job(session: Session) -> int | None:
            stored = block_log.write_flag(
                session=session, lifter_id=self._lifter_id, block_id=self._open_block(),
                set_number=set_number,
                kind=flag.kind, raised_at=flag.raised_at, note=flag.note,
            )
            return stored.id

        def committed(flag_id: int | None) -> None:
            if in_set and flag_id is not None:
                self._flags_to_link.append(flag_id)

        kept = _Kept("raise_flag", what, lambda: {
            "flag": spool.flag_fields(flag), "set_number": set_number, "in_set": in_set})
        self._put(_Write(kept, self._in_session(job), None, committed))

    def note_past_limit(self, *, set_number: int, cuff_s: float, what: str) -> None:
        """The lifter chose to start a set past the R6 limit: said with the block."""

        def job(session: Session) -> None:
            block_log.note_past_limit(session=session, block_id=self._open_block(),
                                      set_number=set_number, cuff_s=cuff_s)

        kept = _Kept("note_past_limit", what, lambda: {"set_number": set_number, "cuff_s": cuff_s})
        self._put(_Write(kept, self._in_session(job)))

    def end_on_red_flag(
        self, *, last_set: LoggedSet | None, flags: Sequence[RaisedFlag],
        cuff_off_at: datetime, what: str, saved: Callable[[None], None],
    ) -> None:
        """The set a red flag interrupted, the flags and the cuff-off, in one transaction."""

        def job(session: Session) -> tuple[None, list[int]]:
            linked = list(self._flags_to_link)
            block_log.end_on_red_flag(
                session=session, lifter_id=self._lifter_id, block_id=self._open_block(),
                last_set=last_set,
                flags=flags, flag_ids_to_link=linked, cuff_off_at=cuff_off_at,
            )
            return None, linked

        kept = _Kept("end_on_red_flag", what, lambda: {
            "last_set": None if last_set is None else spool.set_fields(last_set),
            "flags": [spool.flag_fields(flag) for flag in flags],
            "cuff_off_at": spool.moment(cuff_off_at)})
        self._put(_Write(kept, self._in_session(job), _first(saved), self._forget_linked,
                         ending=True,
                         set_number=None if last_set is None else last_set.set_number))

    def close(
        self, *, cuff_off_at: datetime, reason: str, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """Cuffs off: when, and why the block ended."""

        def job(session: Session) -> None:
            block_log.close_block(session=session, block_id=self._open_block(),
                                  cuff_off_at=cuff_off_at, reason=reason)

        kept = _Kept("close", what, lambda: {"cuff_off_at": spool.moment(cuff_off_at),
                                         "reason": reason})
        self._put(_Write(kept, self._in_session(job), saved, ending=True))

    def close_after_failed_save(
        self, *, flags: Sequence[RaisedFlag], cuff_off_at: datetime, reason: str, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """The last way to end a block whose ending failed: unsaved flags and the cuff-off."""

        def job(session: Session) -> None:
            block_log.close_after_failed_save(
                session=session, lifter_id=self._lifter_id, block_id=self._open_block(),
                flags=flags,
                cuff_off_at=cuff_off_at, reason=reason,
            )

        kept = _Kept("close_after_failed_save", what, lambda: {
            "flags": [spool.flag_fields(flag) for flag in flags],
            "cuff_off_at": spool.moment(cuff_off_at), "reason": reason})
        self._put(_Write(kept, self._in_session(job), saved, ending=True))

    def stop(self) -> None:
        """No more reports, no more retries, nothing more queued runs."""
        self._stopped.set()
        with self._over:
            self._over.notify_all()

    def wait_for_writes(self, timeout_s: float | None, *, heard: bool = True) -> bool:
        """Wait until every write asked for so far is over (or the writer stopped), at
        most ``timeout_s`` (None: as long as that takes); whether they are. Without
        ``heard``, only until each is committed or failed, not until its report is
        delivered (the screen's own thread, which the reports are delivered to)."""
        with self._over:
            return self._over.wait_for(
                lambda: (self._not_over if heard else self._not_settled) == 0
                or self._stopped.is_set(),
                timeout_s,
            )

    @property
    def unsaved(self) -> bool:
        """A write is waiting for the log or still queued."""
        return self._in_flight is not None or not self._queue.empty() or bool(self._unsent)

    def keep_unsaved(self, *, wait_s: float = 10.0) -> list[str]:
        """Stop, and keep every write not yet in the log on this machine, in order, for
        the next start to save (``spool``); what each was, in the lifter's words.

        A write under way is given ``wait_s`` to finish or fail. One whose fate is still
        unknown then is kept too: replaying a set already there adds nothing.
        """
        self.stop()
        drained = self._draining.acquire(timeout=wait_s)
        try:
            left = list(self._unsent)
            if not drained and self._in_flight is not None:
                left.append(self._in_flight)
            while True:
                try:
                    left.append(self._queue.get_nowait())
                except queue.Empty:
                    break
        finally:
            if drained:
                self._draining.release()
        if left and self._spool_path is not None:
            spool.save(Spool(
                location=self._location, lifter_id=self._lifter_id, block_id=self._block_id,
                flags_to_link=list(self._flags_to_link), writes=[w.kept.keep() for w in left],
            ), self._spool_path)
        return [write.what for write in left]

    # -- the queue ---------------------------------------------------------------------

    def _open_block(self) -> int:
        if self._block_id is None:
            raise LookupError("the block's start is not in the log")
        return self._block_id

    def _forget_linked(self, result: tuple[object, list[int]]) -> None:
        """Flags tied to their set by a committed write need no tying again."""
        linked = result[1]
        self._flags_to_link = [i for i in self._flags_to_link if i not in linked]

    def _put(self, write: _Write) -> None:
        if self._stopped.is_set():
            return
        with self._over:
            self._not_settled += 1
            self._not_over += 1
        self._queue.put(write)
        self._background(self._drain)
        if self._watch is not None:
            self._watch()

    def _drain(self) -> None:
        """Run every queued write, oldest first; a drain asked meanwhile waits its turn."""
        with self._draining:
            while not self._stopped.is_set():
                try:
                    write = self._queue.get_nowait()
                except queue.Empty:
                    return
                self._in_flight = write
                try:
                    self._run(write)
                finally:
                    self._in_flight = None
                    self._settle(write)
                    with self._over:
                        self._not_over -= 1
                        self._over.notify_all()

    def _settle(self, write: _Write) -> None:
        """``write``'s outcome is known: whoever waits on the log rather than on the
        reports may go on (once per write)."""
        with self._over:
            if write.settled:
                return
            write.settled = True
            self._not_settled -= 1
            self._over.notify_all()

    def _run(self, write: _Write) -> None:
        retried = False

        def retrying(error: BaseException, left_s: float) -> None:
            nonlocal retried
            if self._stopped.is_set():
                raise _Stopped from error
            retried = True
            self._report(partial(self._reports.not_saved_yet, write.what,
                                 describe_error(error), left_s))

        try:
            result = run_with_retries(
                write.job, on_retry=retrying, retry_for_s=self._retry_for_s,
            )
        except _Stopped:
            self._unsent.append(write)
            return
        except WriteFailed as failed:
            self._settle(write)
            if self._stopped.is_set() or (failed.transient and self._keep_on_give_up):
                # Nobody is left to tell (the app is quitting), or this is a replay:
                # kept for the next start rather than lost.
                self._unsent.append(write)
                self._stopped.set()
                return
            self._report(partial(self._reports.failed, WriteFailure(
                what=write.what, reason=str(failed), ending=write.ending,
                set_number=write.set_number,
            )))
            return
        if write.committed is not None:
            write.committed(result)
        self._settle(write)
        if retried:
            self._report(partial(self._reports.saved_after_retry, write.what))
        if write.saved is not None:
            self._report(partial(write.saved, result))

    def _in_session(self, job: Callable[[Session], T]) -> Callable[[], T]:
        """``job`` in a unit of work of its own, committed when it returns."""

        def committed() -> T:
            with self._unit_of_work() as session:
                return job(session)

        return committed

    def _report(self, report: Callable[[], None]) -> None:
        if self._stopped.is_set():
            return
        # A report that raises (a screen torn down mid-call) must not stop the writes
        # queued behind it: they still belong on disk, in order.
        with contextlib.suppress(Exception):
            self._deliver(report)


def _first(saved: Callable[[Any], None]) -> Callable[[tuple[Any, list[int]]], None]:
    """A job's result is (what the screen hears, the flags it tied); the screen hears the first."""
    return lambda result: saved(result[0])


class _ThreadOfItsOwn:
    """A writer's own thread, running the drains asked of it in turn.

    It waits for the next set rather than ending after each write: starting a thread
    per write costs the lifter's machine more than the write's own work on a server,
    and makes the asking thread wait for the new one to be scheduled. Idle for
    ``idle_s`` (the block is over, or its screen gone), it ends; the next write starts
    another.
    """

    def __init__(self, idle_s: float = WRITER_IDLE_S) -> None:
        self._idle_s = idle_s
        self._asked: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._running = False
        # Whether the thread runs, and whether it may end, are decided under this lock:
        # a drain is never asked of a thread that has just decided to end.
        self._lock = threading.Lock()

    def __call__(self, drain: Callable[[], None]) -> None:
        with self._lock:
            self._asked.put(drain)
            if self._running:
                return
            self._running = True
        # A daemon: at exit, a write still waiting for a busy log must not keep the
        # process (and the lifter) waiting; SQLite rolls an unfinished transaction back.
        threading.Thread(target=self._run, name="block-writer", daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                drain = self._asked.get(timeout=self._idle_s)
            except queue.Empty:
                with self._lock:
                    if self._asked.empty():
                        self._running = False
                        return
                continue
            try:
                drain()
            except Exception as error:
                # Said as an uncaught error of a thread is, and the thread goes on to
                # the drains asked after this one, as a thread per drain would have.
                threading.excepthook(threading.ExceptHookArgs(
                    (type(error), error, error.__traceback__, threading.current_thread())))


class _Heard:
    """What a replay's writer reports: only failures matter, nobody watches it."""

    def __init__(self) -> None:
        self.failed_writes: list[str] = []

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        pass

    def saved_after_retry(self, what: str) -> None:
        pass

    def failed(self, failure: WriteFailure) -> None:
        self.failed_writes.append(f"{failure.what} ({failure.reason})")


def _ignore(_result: object) -> None:
    pass


def _ask(writer: SqlBlockWriter, kept: KeptWrite) -> None:
    """Ask ``writer`` again for the write ``kept`` stands for."""
    fields, what = kept.fields, kept.what
    if kept.kind == "start_block":
        writer.start_block(plan=spool.plan_from(fields["plan"]),
                           cuff_on_at=spool.from_moment(fields["cuff_on_at"]), what=what,
                           saved=_ignore)
    elif kept.kind == "log_set":
        writer.log_set(spool.set_from(fields["logged"]), what=what, saved=_ignore)
    elif kept.kind == "rate_set":
        writer.rate_set(set_number=fields["set_number"],
                        rating=spool.rating_from(fields["rating"]), what=what,
                        saved=_ignore)
    elif kept.kind == "raise_flag":
        writer.raise_flag(spool.flag_from(fields["flag"]), set_number=fields["set_number"],
                          in_set=fields["in_set"], what=what)
    elif kept.kind == "note_past_limit":
        writer.note_past_limit(set_number=fields["set_number"], cuff_s=fields["cuff_s"],
                               what=what)
    elif kept.kind == "end_on_red_flag":
        last = fields["last_set"]
        writer.end_on_red_flag(
            last_set=None if last is None else spool.set_from(last),
            flags=[spool.flag_from(flag) for flag in fields["flags"]],
            cuff_off_at=spool.from_moment(fields["cuff_off_at"]), what=what, saved=_ignore,
        )
    elif kept.kind == "close":
        writer.close(cuff_off_at=spool.from_moment(fields["cuff_off_at"]),
                     reason=fields["reason"], what=what, saved=_ignore)
    elif kept.kind == "close_after_failed_save":
        writer.close_after_failed_save(
            flags=[spool.flag_from(flag) for flag in fields["flags"]],
            cuff_off_at=spool.from_moment(fields["cuff_off_at"]), reason=fields["reason"],
            what=what, saved=_ignore,
        )
    else:
        raise ValueError(f"a kept write of an unknown kind: {kept.kind!r}")


def replay_kept(
    kept: Spool, *, unit_of_work: UnitOfWork, spool_path: Path, retry_for_s: float
) -> KeptWritesSaved:
    """Save the writes a stopped app kept, in their order, through a writer of their own.

    What still cannot be saved stays kept (the spool is rewritten with it); what the log
    refuses outright is reported and dropped, as the live panel would have.
    """
    heard = _Heard()
    writer = SqlBlockWriter(
        unit_of_work=unit_of_work, lifter_id=kept.lifter_id, reports=heard,
        deliver=lambda report: report(),
        background=lambda drain: drain(), block_id=kept.block_id, retry_for_s=retry_for_s,
        spool_path=spool_path, location=kept.location, flags_to_link=kept.flags_to_link,
        keep_on_give_up=True,
    )
    for write in kept.writes:
        _ask(writer, write)
    still_kept = writer.keep_unsaved(wait_s=0)
    if not still_kept:
        spool.discard(spool_path)
    failed = set(heard.failed_writes)
    saved = [
        w.what for w in kept.writes
        if w.what not in still_kept and not any(f.startswith(w.what + " (") for f in failed)
    ]
    return KeptWritesSaved(
        saved=tuple(saved), still_kept=tuple(still_kept), refused=tuple(heard.failed_writes),
        spool=str(spool_path),
    )
