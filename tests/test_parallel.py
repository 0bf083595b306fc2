"""Work shared between the worker processes and the process that asked for it (generator.parallel)."""

from __future__ import annotations

import os

import pytest

from generator.parallel import Workers


def test_shared_work_comes_back_in_order_whoever_did_it():
    items = [f"halaman {i}" for i in range(40)]
    with Workers(2) as workers:
        job = workers.share(str.upper, items, ahead=1)  # two items handed to the workers, the rest left here
        assert job.get() == [s.upper() for s in items]


def test_the_caller_does_what_no_worker_has_taken():
    with Workers(2) as workers:
        job = workers.share(_pid, range(30), ahead=1)
        done_by = job.get()
    assert os.getpid() in done_by  # the caller took its share
    assert len(set(done_by)) >= 2  # and the workers theirs


def test_a_failure_in_shared_work_is_raised_to_the_caller():
    with Workers(2) as workers:
        job = workers.share(int, ["1", "2", "tiga", "4", "5", "6"], ahead=1)
        with pytest.raises(ValueError):
            job.get()


def test_one_job_does_everything_here():
    with Workers(1) as workers:
        assert workers.share(str.upper, ["a", "b"]).get() == ["A", "B"]


def _pid(_item) -> int:
    import time

    time.sleep(0.01)  # long enough that the workers cannot take every item before the caller asks
    return os.getpid()
