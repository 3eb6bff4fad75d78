"""Hang guards for the hostile-input tests: a bound on this process's CPU time, never on the wall clock.

A guarded call must end within a CPU budget far above what it needs (the figures beside each use), and far
below the minutes or hours the unbounded version takes. CPU time (``time.process_time``: every thread of
this process, user and system) does not grow when other processes load the machine, so the bound holds on a
busy 2-core CI runner as on a quiet laptop; the speed itself is measured by scripts/benchmark.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cpu_bound(seconds: float) -> Iterator[None]:
    """Fail when the block uses more than ``seconds`` of this process's CPU time."""
    start = time.process_time()
    yield
    used = time.process_time() - start
    assert used < seconds, f"the block used {used:.1f} s of CPU time; its bound is {seconds} s"
