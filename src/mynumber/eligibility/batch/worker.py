"""The worker that answers 一括照会 (batch inquiries), in the caller's thread or in its own.

Each chunk of an inquiry is one unit of work (`inquiries.answer_chunk`), so progress shows while
it runs and a fault loses at most the chunk it happened in. One daemon thread per process
answers queued inquiries, woken by each submission and polling every few seconds; it starts
by putting back in the queue what a dead process left running.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError, OperationalError

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.batch import inquiries
from mynumber.eligibility.batch.lines import reception_number
from mynumber.eligibility.callers.facilities import require_facility
from mynumber.eligibility.data import BatchState, BatchStatus, BatchSubmission
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError

__all__ = ["POLL_SECONDS", "BatchWorker"]

POLL_SECONDS = 3.0
_TRIES = 3  # a chunk the database refused (a lock held too long, a dropped connection)
_FINAL = frozenset({BatchState.DONE, BatchState.FAILED})
_log = logging.getLogger(__name__)


class BatchWorker:
    """Takes batch inquiries in and answers them."""

    def __init__(self, *, database: Database, ctx: Context) -> None:
        self._db, self._ctx = database, ctx
        self._wake, self._stop = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, *, submission: BatchSubmission, terminal_id: str) -> BatchStatus:
        """Store an inquiry of a registered facility under a new 受付番号; wake the worker."""
        with self._db.unit_of_work() as uow:
            require_facility(uow.session, submission.facility_code)
        for _ in range(5):  # a repeated 受付番号 (1 in 10⁸ a day) is drawn again
            number = reception_number(self._ctx.clock.now())
            try:
                with self._db.unit_of_work() as uow:
                    status = inquiries.submit(
                        uow.session,
                        submission=submission,
                        terminal_id=terminal_id,
                        number=number,
                        now=self._ctx.clock.now(),
                    )
            except IntegrityError:
                continue
            self._wake.set()
            return status
        raise ConflictError("no free reception number; try again", code="batch_number_taken")

    def run(self, *, limit: int | None = None) -> int:
        """Answer queued inquiries in this thread; return how many were finished."""
        return self._run(limit, stopping=lambda: False)

    def start(self) -> None:
        """Start the background thread, once; re-queue what a dead process left running."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            with self._db.unit_of_work() as uow:
                inquiries.requeue(uow.session)
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="batch-inquiries", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        """Stop the background thread; an inquiry it was answering goes back to the queue."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._wake.set()
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._run(None, stopping=self._stop.is_set)
            except Exception:  # the database went away: keep the thread, try at the next poll
                _log.exception("batch inquiry worker")
            self._wake.wait(POLL_SECONDS)

    def _run(self, limit: int | None, *, stopping: Callable[[], bool]) -> int:
        finished = 0
        while (limit is None or finished < limit) and not stopping():
            number = self._claim_next()
            if number is None:
                break
            self._answer(number, stopping)
            with self._db.unit_of_work() as uow:
                finished += inquiries.state(uow.session, reception_number=number) in _FINAL
        return finished

    def _claim_next(self) -> str | None:
        while True:
            with self._db.unit_of_work() as uow:
                waiting = inquiries.queued(uow.session)
            if not waiting:
                return None
            for number in waiting:
                with self._db.unit_of_work() as uow:
                    if inquiries.claim(uow.session, reception_number=number):
                        return number

    def _answer(self, number: str, stopping: Callable[[], bool]) -> None:
        """Answer an inquiry chunk by chunk; a fault fails it with the reason, keeping its lines."""
        try:
            last = self._chunk(number, after=0)
            while last is not None:
                if stopping():
                    with self._db.unit_of_work() as uow:
                        inquiries.requeue(uow.session, reception_number=number)
                    return
                last = self._chunk(number, after=last)
        except Exception as crash:  # any fault stops this inquiry, never the worker
            _log.exception("batch inquiry %s failed", number)
            with self._db.unit_of_work() as uow:
                reason = f"{type(crash).__name__}: {crash}"[:1000]
                inquiries.fail(
                    uow.session, reception_number=number, reason=reason, now=self._ctx.clock.now()
                )

    def _chunk(self, number: str, *, after: int) -> int | None:
        for attempt in range(1, _TRIES + 1):
            try:
                with self._db.unit_of_work() as uow:
                    return inquiries.answer_chunk(
                        uow.session, self._ctx, reception_number=number, after=after
                    )
            except OperationalError:
                if attempt == _TRIES:
                    raise
                time.sleep(attempt)
        raise AssertionError("unreachable")
