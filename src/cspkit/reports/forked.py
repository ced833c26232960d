"""Processes forked for a report's work, started with the parent's objects frozen for the garbage collector.

A forked process shares its parent's memory until it writes to it. Python's collector writes to
every object it looks at, and its first full collection in a drawing or writing process looked
at every object the parent had made (the assessment's tables, the boundaries, the libraries):
about a quarter of a second each time, and the pages copied. Objects frozen when the process is
forked are never looked at there, as Python's documentation of ``gc.freeze`` advises; the parent
thaws them at once, so nothing changes for it (unless it is such a process itself, whose inherited
objects stay frozen).

Nor does such a process collect at all. It lives for one build, and what it would collect (a
drawn chart's artists, a laid-out chapter's boxes, which refer to one another) goes when it ends;
collecting as it went cost about 0.4 CPU-seconds a build. The largest process grows by about 50 MB
(the demo's report; 120 MB with twelve priority pages), and each build's processes end with it.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


def forked_pool(workers: int, initializer: Callable[[], object] | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes, started now (the caller has checked that fork exists)."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=functools.partial(_start, initializer))
    thawed = gc.get_freeze_count() == 0  # else this is such a process itself: its objects stay frozen
    gc.freeze()
    try:
        pool.submit(int)  # a pool of forked processes starts them all with its first task
    finally:
        if thawed:
            gc.unfreeze()
    return pool


def _start(initializer: Callable[[], object] | None) -> None:
    """A process's first step: no collecting (see the module's docstring), then the caller's own."""
    gc.disable()
    if initializer is not None:
        initializer()
