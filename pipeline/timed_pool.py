"""A process pool whose jobs each have a time limit: a worker past it is killed and replaced.

``ProcessPoolExecutor`` cannot stop one job: killing a worker breaks the whole pool and fails
every job in it. Here each worker is a spawned process with its own pipe, running one job at a
time; a thread in the parent hands jobs to idle workers and watches the clock. A job past its
limit fails with ``JobTimeout``, its worker is killed (SIGKILL: a parse stuck in C code never
returns to Python, so no signal handler could stop it) and a new one starts when a job needs it;
the other workers' jobs go on. Workers start on demand (one per job waiting beyond those already
starting, up to the pool's size), so a run with a page or two to parse starts one process, not
one per core.

Each worker holds up to ``_AHEAD`` jobs: the next is already in its pipe when the current one
ends, so it never waits for this thread (which shares the GIL with the caller's busy thread) to
hand it one; on the crawl benchmark, one job at a time left the workers idle half the time.
A job's clock starts when its worker starts it: when it is handed to a ready idle worker (its
initializer done), or when the job before it in that worker ends. So neither the wait in the
queue nor a worker's start-up counts against a job; a job queued behind one that is killed did
not run, and goes back to the head of the queue.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any

logger = logging.getLogger(__name__)

#: Seconds a worker has to leave after it is told to at shutdown, before it is killed.
_LEAVE_S = 5.0
#: Jobs a worker holds at once: the one it runs and the next.
_AHEAD = 2
#: A job is sent ahead to a busy worker only if it is at most this big (pickled): it must fit in
#: the pipe's buffer, or this thread would block on it while the worker blocks on sending its
#: result to this thread. A bigger job waits for an idle worker (which is reading its pipe).
_AHEAD_BYTES = 64 * 1024


class JobTimeout(Exception):
    """A job ran past its time limit; its worker was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"took longer than the limit of {limit:g} s")
        self.limit = limit


class WorkerDied(Exception):
    """A worker process ended while running a job (killed, or out of memory)."""


@dataclass(slots=True)
class _Job:
    future: Future[Any]
    call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]
    limit: float | None
    payload: bytes | None = None  # the call, pickled
    running: bool = False  # its future says so (a job back from a killed worker's pipe is)


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False  # its initializer has run
    jobs: deque[_Job] = field(default_factory=deque)  # sent to it; it runs the first
    deadline: float = field(default=float("inf"))  # the first job's

    def begin(self) -> None:
        """The first job has just started (or there is none): its clock starts now."""
        limit = self.jobs[0].limit if self.jobs else None
        self.deadline = time.monotonic() + limit if limit else float("inf")


def _serve(
    conn: Connection, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """A worker's loop: say it is ready, then run each job it is sent until told to stop."""
    if initializer is not None:
        initializer(*initargs)
    conn.send(("ready", None))
    while True:
        try:
            call = conn.recv()
        except EOFError:
            return  # the parent is gone
        if call is None:
            return
        fn, args, kwargs = call
        try:
            reply: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except BaseException as error:  # the parent's future carries it
            reply = ("error", error)
        try:
            conn.send(reply)
        except OSError:
            return  # the parent is gone
        except Exception as error:  # an unpicklable result or exception
            conn.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))


def _pickled(job: _Job) -> bytes:
    if job.payload is None:
        job.payload = bytes(ForkingPickler.dumps(job.call))
    return job.payload


class TimedPool(Executor):
    """Up to ``workers`` processes; each job has ``limit`` seconds (None: no limit)."""

    def __init__(
        self,
        workers: int,
        limit: float | None,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.size = max(1, workers)
        self.limit = limit
        self.initializer = initializer
        self.initargs = initargs
        self.started = 0  # workers started, replacements included
        self.killed = 0  # workers killed past a limit
        self._waiting: deque[_Job] = deque()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = get_context("spawn").Pipe(duplex=False)
        self._closing = False
        self._thread: threading.Thread | None = None
        self._minimum = 0  # workers kept started even with nothing to do (warm)

    def warm(self, workers: int = 1) -> None:
        """Start ``workers`` now, before any job: their start-up overlaps whatever the caller
        does first (a crawl fetching robots.txt and sitemaps) instead of delaying its first job."""
        with self._lock:
            self._minimum = min(workers, self.size)
            self._ensure_thread()
        self._wake()

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="timed-pool", daemon=True)
            self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.submit_within(self.limit, fn, *args, **kwargs)

    def submit_within(
        self, limit: float | None, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        """``submit`` with this job's own time limit."""
        future: Future[Any] = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("cannot submit to a pool that is shut down")
            self._waiting.append(_Job(future, (fn, args, kwargs), limit))
            self._ensure_thread()
        self._wake()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closing = True
            if cancel_futures:
                while self._waiting:
                    self._waiting.popleft().future.cancel()
        self._wake()
        if wait and self._thread is not None:
            self._thread.join()
        if self._thread is None:
            self._close_pipes()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send_bytes(b"")

    # --- the dispatcher thread -----------------------------------------------------------

    def _run(self) -> None:
        try:
            while self._step():
                pass
        finally:
            for worker in list(self._workers):
                self._stop(worker)
            self._close_pipes()

    def _step(self) -> bool:
        """Hand out jobs, wait for a reply, a death, a deadline or a wake-up; False: done."""
        with self._lock:
            self._hand_out()
            if self._closing and not self._waiting and not any(w.jobs for w in self._workers):
                return False
        deadline = min((w.deadline for w in self._workers), default=float("inf"))
        timeout = None if deadline == float("inf") else max(0.0, deadline - time.monotonic())
        watched: list[Any] = [self._wake_r]
        for worker in self._workers:
            watched += [worker.conn, worker.process.sentinel]
        ready = set(wait(watched, timeout))
        if self._wake_r in ready:
            while self._wake_r.poll():
                self._wake_r.recv_bytes()
        for worker in list(self._workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                self._hear(worker)
            elif worker.jobs and time.monotonic() >= worker.deadline:
                self._time_out(worker)
        return True

    def _hand_out(self) -> None:
        """Give waiting jobs to ready workers, the least busy first; start workers for jobs
        that no worker can take."""
        for load in range(_AHEAD):
            for worker in [w for w in self._workers if w.ready and len(w.jobs) == load]:
                if self._waiting and (load == 0 or self._fits_ahead(self._waiting[0])):
                    self._send(worker)
        while self._more_workers_wanted():
            self._start()

    def _fits_ahead(self, job: _Job) -> bool:
        try:
            return len(_pickled(job)) <= _AHEAD_BYTES
        except Exception:
            return True  # _send fails it

    def _more_workers_wanted(self) -> bool:
        """Room for one, and jobs waiting beyond the workers starting, or fewer than warm."""
        starting = sum(1 for w in self._workers if not w.ready)
        wanted = len(self._waiting) > starting or len(self._workers) < self._minimum
        return wanted and len(self._workers) < self.size

    def _send(self, worker: _Worker) -> None:
        job = self._waiting.popleft()
        if not job.running and not job.future.set_running_or_notify_cancel():
            return  # cancelled while it waited
        job.running = True
        try:
            worker.conn.send_bytes(_pickled(job))
        except Exception as error:  # an unpicklable argument: this job fails, not the pool
            job.future.set_exception(error)
            return
        job.payload = None  # sent: no need to hold a big page twice
        worker.jobs.append(job)
        if len(worker.jobs) == 1:
            worker.begin()

    def _start(self) -> None:
        ctx = get_context("spawn")
        parent_end, child_end = ctx.Pipe()
        process = ctx.Process(
            target=_serve,
            args=(child_end, self.initializer, self.initargs),
            name="medscrape-parse",
            daemon=True,
        )
        process.start()
        child_end.close()
        self._workers.append(_Worker(process, parent_end))
        self.started += 1
        logger.debug("Started parse worker %s", process.pid)

    def _hear(self, worker: _Worker) -> None:
        """A worker said something, or died."""
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            self._forget(worker)
            if worker.jobs:
                code = worker.process.exitcode
                worker.jobs[0].future.set_exception(WorkerDied(f"the worker ended (exit {code})"))
            return
        if kind == "ready":
            worker.ready = True
            return
        job = worker.jobs.popleft()
        worker.begin()
        if kind == "ok":
            job.future.set_result(value)
        else:
            job.future.set_exception(value)

    def _time_out(self, worker: _Worker) -> None:
        job = worker.jobs[0]
        assert job.limit is not None
        logger.warning(
            "A job ran past its limit of %s s: parse worker %s killed",
            job.limit,
            worker.process.pid,
        )
        worker.process.kill()
        self._forget(worker)
        self.killed += 1
        job.future.set_exception(JobTimeout(job.limit))

    def _forget(self, worker: _Worker) -> None:
        """Drop a worker that is gone; the jobs it held but had not started wait again."""
        self._workers.remove(worker)
        worker.process.join(_LEAVE_S)
        worker.conn.close()
        with self._lock:
            while len(worker.jobs) > 1:
                self._waiting.appendleft(worker.jobs.pop())

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(_LEAVE_S)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self._forget(worker)

    def _close_pipes(self) -> None:
        self._wake_r.close()
        self._wake_w.close()
