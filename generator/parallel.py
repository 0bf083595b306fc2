"""Spread independent work over the machine's cores."""

from __future__ import annotations

import os
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """How many worker processes to use: one per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pool_map(func: Callable[[T], R], items: Iterable[T], jobs: int) -> list[R]:
    """``map`` over a process pool, keeping the order of ``items``."""
    import multiprocessing

    items = list(items)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    chunk = max(1, len(items) // (jobs * 4))
    with ctx.Pool(jobs) as pool:
        return pool.map(func, items, chunksize=chunk)
