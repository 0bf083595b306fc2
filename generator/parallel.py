"""Spread independent work over the machine's cores, the same way on Linux, macOS and Windows.

Workers are started with ``spawn`` (the only method Windows has, and macOS's default), never
``fork``: a forked child inherits locks held by other threads (a progress bar's, a server's) and
would behave differently from the sellers' machines. Workers get their work as arguments,
never through globals. ``LAPAK_START_METHOD`` may name another method, for experiments.

No result may depend on how many workers ran or in what order they finished: callers put
results back in the order of their inputs.
"""

from __future__ import annotations

import collections
import os
import threading
from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """How many worker processes to use: one per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """The start method for worker processes: ``spawn`` unless ``LAPAK_START_METHOD`` says otherwise."""
    import multiprocessing

    wanted = os.environ.get("LAPAK_START_METHOD", "").strip() or "spawn"
    return wanted if wanted in multiprocessing.get_all_start_methods() else "spawn"


class Workers:
    """A pool of worker processes, started on first use and shared by every stage of one build."""

    def __init__(self, jobs: int, warm: Callable[[], None] | None = None):
        self.jobs = max(1, jobs)
        self.warm = warm  # run once in each worker as it starts (imports, while the caller goes on)
        self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.close(kind is not None)

    def start(self) -> None:
        """Start the workers now (they import their modules while the caller goes on)."""
        if self._pool is None and self.jobs > 1:
            import multiprocessing

            ctx = multiprocessing.get_context(start_method())
            self._pool = ctx.Pool(self.jobs, initializer=self.warm)

    def map(self, func: Callable[[T], R], items: Iterable[T], min_items: int = 2,
            on_result: Callable[[], None] | None = None, per_task: int | None = None) -> list[R]:
        """``[func(x) for x in items]``, on the workers when there are at least ``min_items``; in order.
        ``per_task``: how many items a worker takes at a time (by default about a quarter of its share)."""
        items = list(items)
        if self.jobs < 2 or len(items) < max(2, min_items):
            return [_call(func, x, on_result) for x in items]
        self.start()
        chunk = per_task or max(1, len(items) // (self.jobs * 4))
        results = []
        for r in self._pool.imap(func, items, chunksize=chunk):
            results.append(r)
            if on_result is not None:
                on_result()
        return results

    def submit(self, func: Callable[[T], R], items: Iterable[T], min_items: int = 2,
               on_result: Callable[[int], None] | None = None, per_task: int | None = None) -> "Job[R]":
        """Start ``[func(x) for x in items]`` on the workers and return at once; ``Job.get()`` gives the
        results in order. With one job, or fewer than ``min_items``, the work is done here and now.
        Each worker takes ``per_task`` items at a time (by default about a quarter of its share): a
        worker holds the items of one task in memory."""
        items = list(items)
        if self.jobs < 2 or len(items) < max(2, min_items):
            results = []
            for x in items:
                results.append(func(x))
                if on_result is not None:
                    on_result(1)
            return Job([_Done(results)])
        self.start()
        callback = (lambda done: on_result(len(done))) if on_result is not None else None
        parts = [self._pool.apply_async(_run_chunk, ((func, chunk),), callback=callback)
                 for chunk in (chunks(items, self.jobs, smallest=1) if per_task is None else
                               (items[i:i + per_task] for i in range(0, len(items), per_task)))]
        return Job(parts)

    def share(self, func: Callable[[T], R], items: Iterable[T], ahead: int = 2) -> "Shared[R]":
        """Start ``[func(x) for x in items]`` shared between the workers and the caller: each worker has at
        most ``ahead`` items handed to it at a time, and :meth:`Shared.get` does the items no worker has
        taken yet here, while the workers finish theirs. A caller with its own work to do first loses
        nothing to workers that run out of work, or to work queued behind theirs."""
        return Shared(self, func, list(items), ahead)

    def close(self, abort: bool = False) -> None:
        if self._pool is not None:
            if abort:
                self._pool.terminate()
            else:
                self._pool.close()
            self._pool.join()
            self._pool = None


class _Done:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class Job(Generic[R]):
    """Work handed to the workers; :meth:`get` waits for it and gives the results in order."""

    def __init__(self, parts: list):
        self.parts = parts

    def get(self) -> list[R]:
        return [r for part in self.parts for r in part.get()]


class Shared(Generic[R]):
    """Items worked on by the workers and, once it asks for the results, the calling process (see
    :meth:`Workers.share`). Results come back in the order of the items, whoever made them."""

    def __init__(self, workers: Workers, func: Callable, items: list, ahead: int):
        self.func = func
        self.results: list = [None] * len(items)
        self.pending = collections.deque(enumerate(items))
        self.handed: list = []  # (index, AsyncResult) of the items given to the workers
        self.lock = threading.Lock()
        self.pool = None
        if workers.jobs > 1 and len(items) > 1:
            workers.start()
            self.pool = workers._pool
            for _ in range(workers.jobs * max(1, ahead)):
                self._hand_on()

    def _hand_on(self, *_done) -> None:
        """Give the next item to the workers (called again as each one finishes: from the pool's thread)."""
        with self.lock:
            if not self.pending or self.pool is None:
                return
            i, item = self.pending.popleft()
            try:
                self.handed.append((i, self.pool.apply_async(self.func, (item,), callback=self._hand_on)))
            except ValueError:  # the pool was closed (the build stopped): the item is left undone
                self.pool = None

    def get(self) -> list[R]:
        """Every result, in order: the items still waiting are done here, then the workers' are waited for."""
        while True:
            with self.lock:
                if not self.pending:
                    self.pool = None  # nothing more is handed on
                    break
                i, item = self.pending.popleft()
            self.results[i] = self.func(item)
        for i, result in list(self.handed):
            self.results[i] = result.get()
        return self.results


def _run_chunk(args: tuple[Callable, list]) -> list:
    func, items = args
    return [func(x) for x in items]


def _call(func, item, on_result):
    result = func(item)
    if on_result is not None:
        on_result()
    return result


def chunks(items: list[T], jobs: int, smallest: int = 16) -> Iterator[list[T]]:
    """``items`` cut into about ``jobs * 4`` runs of at least ``smallest``, in order."""
    size = max(smallest, -(-len(items) // max(1, jobs * 4)))
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Progress:
    """Receives progress for long steps (photos, cards); the command line shows it with rich."""

    def start(self, label: str, total: int) -> None:
        """A step of ``total`` items begins."""

    def advance(self, n: int = 1) -> None:
        """``n`` more items are done."""

    def stop(self) -> None:
        """The step is over."""
