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
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Work:
    """Work for the drawing processes beside the figures (:func:`compose_in_parallel`'s ``meanwhile``).

    ``run(figures)`` is called once the figures whose ids are in ``needs`` are drawn, and is given
    them by id (the PDF writer lays out a chapter as soon as its own figures are drawn). ``size`` is
    about how many seconds it takes: of the work ready to start, the longest goes first.
    """

    run: Callable[[Mapping[str, Figure]], object]
    needs: frozenset[str] = frozenset()
    size: float = 0.0


#: About how long one figure takes to draw, against which the sizes of other work are weighed.
FIGURE_SECONDS = 0.2


def is_stand_in(figure: Figure) -> bool:
    """Is this the stand-in a first composition gets for a figure not yet drawn (no image)?"""
    return not figure.png


def compose_in_parallel(compose: Callable[[], T], workers: int = 2,
                        meanwhile: Callable[[T], Sequence[Work | Callable[[], object]]] | None = None) -> T:
    """``compose()`` with the figures it lacks drawn in ``workers`` processes rather than one by one.

    Drawing is most of the time of a first build and each figure is independent of the others,
    so: ``compose`` runs once with a stand-in for every figure not yet kept (noting what to
    draw), those figures are drawn in parallel and kept, and ``compose`` runs again, finding
    them all. When every figure was kept, the first run had no stand-in and is the answer.
    Should the stand-ins upset the first run, every figure is drawn in turn instead.

    ``meanwhile(first)`` may give other work that the first run's result (stand-ins and all) is
    enough for, as :class:`Work` (or plain callables, run in the order given): it runs in the same
    processes as the drawing, so that neither process waits for the other. Figures that work
    waits for are drawn first, the longest work first. Its results are not returned: such work
    keeps what it makes where a later step finds it.
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
    given = list(meanwhile(first)) if meanwhile is not None and not failed and pending else []
    works = [item if isinstance(item, Work) else Work(_ignoring_figures(item), size=len(given) - index)
             for index, item in enumerate(given)]
    _state["counting"] = failed  # the first run counted what was kept and what was drawn
    try:
        if len(pending) > 1 or works:
            return _draw_all(pending, workers, works, then=compose)
        for key, (draw, args, kwargs) in pending.items():  # a single figure is drawn here: no process to start
            _memory[key] = draw(*args, **kwargs)
            _write(key, _memory[key])
        return compose()
    finally:
        _state["counting"] = True


def _ignoring_figures(job: Callable[[], object]) -> Callable[[Mapping[str, Figure]], object]:
    return lambda figures: job()


def _draw_all(pending: dict[str, tuple[Callable[..., Figure], tuple, dict]], workers: int,
              works: Sequence[Work], then: Callable[[], T]) -> T:
    """Draw the noted figures in forked processes (which inherit them), keeping each as it comes, and
    run ``works`` beside them, each once the figures it needs are drawn; ``then()`` runs here as
    soon as every figure is kept, while the processes finish the work left, and is returned.

    The order is decided here, not by the pool's queue: a process is given the ready task that
    matters most: a figure that the longest waiting work needs, else the longest ready work.
    Work that fails is left: its error is met where the work belongs (it is done again there).
    """
    ids = {key: str(kwargs.get("id", key)) for key, (_, _, kwargs) in pending.items()}
    urgency = {key: FIGURE_SECONDS + max((w.size for w in works if ids[key] in w.needs), default=0.0)
               for key in pending}
    figures_left = sorted(pending, key=lambda key: -urgency[key])
    waiting = [index for index, work in enumerate(works) if work.needs]
    ready = [index for index, work in enumerate(works) if not work.needs]
    drawn: dict[str, Figure] = {}
    _state["drawing"], _state["works"] = pending, tuple(works)
    try:
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(pending) + len(works))),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            running: dict[Future, str | None] = {}

            def start_next() -> None:
                ready.sort(key=lambda index: -works[index].size)
                if figures_left and (not ready or urgency[figures_left[0]] >= works[ready[0]].size):
                    key = figures_left.pop(0)
                    running[pool.submit(_draw_one, key)] = key
                elif ready:
                    index = ready.pop(0)
                    needed = {name: drawn[name] for name in works[index].needs}
                    running[pool.submit(_run_work, index, needed)] = None

            while figures_left or any(key is not None for key in running.values()):
                while len(running) < workers and (figures_left or ready):
                    start_next()
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    key = running.pop(future)
                    if key is None:
                        continue
                    figure = future.result()
                    _memory[key], drawn[ids[key]] = figure, figure
                    _write(key, figure)
                for index in [i for i in waiting if works[i].needs <= drawn.keys()]:
                    waiting.remove(index)
                    ready.append(index)
            while ready:  # every figure is drawn: queue what is left, then compose while it runs
                start_next()
            composed = then()
            for future in running:
                with suppress(Exception):
                    future.result()
            return composed
    finally:
        _state.pop("drawing", None)
        _state.pop("works", None)


def _draw_one(key: str) -> Figure:
    draw, args, kwargs = _state["drawing"][key]
    return draw(*args, **kwargs)


def _run_work(index: int, figures: Mapping[str, Figure]) -> None:
    _state["works"][index].run(figures)


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
