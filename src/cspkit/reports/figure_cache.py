"""Figures kept by the hash of what they draw, so a rebuild redraws only figures whose data changed.

Drawing the charts and maps is most of the cost of a report. An analyst's usual rebuild
changes only the commentary, so every figure is looked up by a SHA-256 of the drawing
function's name and every argument (data frames by their values, columns and index) before
it is drawn. Hits come from memory within a process and, when a folder is given with
:func:`use_folder`, from files there across runs (the report folder keeps one). A change to
cspkit's own version or to the drawing code's inputs changes the key, so a stale figure is
never reused; nor is one drawn by older drawing code (its source is part of the key).
:func:`compose_in_parallel` draws the figures a build lacks in two processes at once.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from cspkit import __version__
from cspkit.reports.document import Figure

F = TypeVar("F", bound=Callable[..., Figure])
T = TypeVar("T")
_memory: dict[str, Figure] = {}
_state: dict[str, Any] = {"folder": None, "also": (), "hits": 0, "misses": 0, "planning": None, "counting": True}


@contextmanager
def use_folder(folder: Path | None, also: Sequence[Path] = ()) -> Iterator[None]:
    """Keep figures in ``folder`` (created if needed) while the block runs, as well as in memory.

    A figure missing there is also looked for in the folders ``also`` (read only; one found is
    copied into ``folder``): the report reuses what ``cspkit assess`` drew for the evidence page.
    """
    before = _state["folder"], _state["also"]
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    _state["folder"], _state["also"] = folder, tuple(also)
    try:
        yield
    finally:
        _state["folder"], _state["also"] = before


def stats() -> tuple[int, int]:
    """(hits, misses) since the process started: how many figures were reused and drawn."""
    return _state["hits"], _state["misses"]


def cached(draw: F) -> F:
    """Decorate a function that draws a :class:`Figure` so equal inputs reuse the drawn figure."""

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        key = _key(draw.__module__ + "." + draw.__qualname__, args, kwargs)
        found = _memory.get(key) or _read(key)
        if found is not None:
            _state["hits"] += _state["counting"]
            _memory[key] = found
            return found
        _state["misses"] += _state["counting"]
        if _state["planning"] is not None:  # noted, to be drawn in parallel: a stand-in meanwhile
            _state["planning"].setdefault(key, (draw, args, kwargs))
            return Figure(id=str(kwargs.get("id", "pending")), title="", alt_text="", png=b"")
        figure = draw(*args, **kwargs)
        _memory[key] = figure
        _write(key, figure)
        return figure

    return wrapper  # type: ignore[return-value]


def compose_in_parallel(compose: Callable[[], T], workers: int = 2,
                        meanwhile: Callable[[T], Sequence[Callable[[], object]]] | None = None) -> T:
    """``compose()`` with the figures it lacks drawn in ``workers`` processes rather than one by one.

    Drawing is most of the time of a first build and each figure is independent of the others,
    so: ``compose`` runs once with a stand-in for every figure not yet kept (noting what to
    draw), those figures are drawn in parallel and kept, and ``compose`` runs again, finding
    them all. When every figure was kept, the first run had no stand-in and is the answer.
    Should the stand-ins upset the first run, every figure is drawn in turn instead.

    ``meanwhile(first)`` may give other work that the first run's result (stand-ins and all) is
    enough for: it runs in the same processes as the drawing, longest first, so that neither
    process waits for the other (the PDF writer lays out the chapters that have no figure).
    Its results are not returned: such work keeps what it makes where a later step finds it.
    """
    if workers <= 1 or _state["planning"] is not None or "fork" not in multiprocessing.get_all_start_methods():
        return compose()
    pending: dict[str, tuple[Callable[..., Figure], tuple, dict]] = {}
    hits, misses = stats()
    failed = False
    _state["planning"] = pending
    try:
        first = compose()
    except Exception:  # a stand-in the composition could not use: draw in turn
        failed = True
        pending.clear()
        _state["hits"], _state["misses"] = hits, misses
    finally:
        _state["planning"] = None
    if not failed and not pending:  # every figure was kept: the first composition is the document
        return first
    jobs = list(meanwhile(first)) if meanwhile is not None and not failed and pending else []
    if len(pending) > 1 or jobs:
        _draw_all(pending, workers, jobs)
    for key, (draw, args, kwargs) in pending.items():
        if key not in _memory:  # a single figure is drawn here: no process to start
            _memory[key] = draw(*args, **kwargs)
            _write(key, _memory[key])
    _state["counting"] = failed  # the first run counted what was kept and what was drawn
    try:
        return compose()
    finally:
        _state["counting"] = True


def _draw_all(pending: dict[str, tuple[Callable[..., Figure], tuple, dict]], workers: int,
              jobs: Sequence[Callable[[], object]] = ()) -> None:
    """Draw the noted figures in forked processes (which inherit them), keeping each as it comes;
    ``jobs`` (longest first) go first, so the figures' short tasks even out the end."""
    keys = list(pending)
    _state["drawing"], _state["jobs"] = pending, tuple(jobs)
    try:
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(keys) + len(jobs))),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            started = [pool.submit(_run_job, index) for index in range(len(jobs))]
            for key, figure in zip(keys, pool.map(_draw_one, keys), strict=True):
                _memory[key] = figure
                _write(key, figure)
            for future in started:  # work ahead that failed is done (and its error met) where it belongs
                with suppress(Exception):
                    future.result()
    finally:
        _state.pop("drawing", None)
        _state.pop("jobs", None)


def _draw_one(key: str) -> Figure:
    draw, args, kwargs = _state["drawing"][key]
    return draw(*args, **kwargs)


def _run_job(index: int) -> None:
    _state["jobs"][index]()


@functools.cache
def _drawing_code() -> bytes:
    """The source of the drawing modules: a change to how figures are drawn changes every key."""
    folder = Path(__file__).parent
    return b"".join((folder / name).read_bytes() for name in ("charts.py", "maps.py", "style.py"))


def _key(name: str, args: tuple, kwargs: dict) -> str:
    digest = hashlib.sha256(f"{__version__}|{name}".encode() + _drawing_code())
    for value in (*args, *sorted(kwargs.items())):
        _feed(digest, value)
    return digest.hexdigest()


def _feed(digest: Any, value: Any) -> None:
    if isinstance(value, pd.DataFrame):
        digest.update(b"frame" + repr(list(value.columns)).encode() + repr(value.dtypes.tolist()).encode())
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, pd.Series):
        digest.update(b"series" + str(value.name).encode())
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, np.ndarray):
        digest.update(b"array" + str(value.dtype).encode() + value.tobytes())
    elif isinstance(value, tuple | list):
        digest.update(b"seq%d" % len(value))
        for item in value:
            _feed(digest, item)
    elif isinstance(value, dict):
        digest.update(b"dict%d" % len(value))
        for item in sorted(value.items(), key=lambda kv: repr(kv[0])):
            _feed(digest, item)
    elif isinstance(value, bytes):
        digest.update(b"bytes" + value)
    else:
        digest.update(repr(value).encode())


def _read(key: str) -> Figure | None:
    folder = _state["folder"]
    if folder is None:
        return None
    for place in (folder, *_state["also"]):
        found = _load(Path(place) / f"{key}.pickle")
        if found is not None:
            if place is not folder:
                _write(key, found)
            return found
    return None


def _load(path: Path) -> Figure | None:
    try:
        found = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return found if isinstance(found, Figure) else None


def _write(key: str, figure: Figure) -> None:
    folder = _state["folder"]
    if folder is None:
        return
    with suppress(OSError):  # a cache that cannot be written only costs time
        (Path(folder) / f"{key}.pickle").write_bytes(pickle.dumps(figure, protocol=pickle.HIGHEST_PROTOCOL))
