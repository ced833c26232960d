"""Figures kept by the hash of what they draw, so a rebuild redraws only figures whose data changed.

Drawing the charts and maps is most of the cost of a report. An analyst's usual rebuild
changes only the commentary, so every figure is looked up by a SHA-256 of the drawing
function's name and every argument (data frames by their values, columns and index) before
it is drawn. Hits come from memory within a process and, when a folder is given with
:func:`use_folder`, from files there across runs (the report folder keeps one). A change to
cspkit's own version or to the drawing code's inputs changes the key, so a stale figure is
never reused; nor is one drawn by older drawing code (its source is part of the key).
:func:`compose_in_parallel` draws the figures a build lacks in two processes at once, starting while
the document is still being composed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import multiprocessing
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from cspkit import __version__
from cspkit.reports.document import Document, Figure
from cspkit.reports.forked import forked_pool

F = TypeVar("F", bound=Callable[..., Figure])
T = TypeVar("T")
_memory: dict[str, Figure] = {}
_state: dict[str, Any] = {"folder": None, "also": (), "hits": 0, "misses": 0, "planning": None, "counting": True,
                          "fresh": set()}


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
        found = _memory.get(key)
        if found is not None:  # drawn by this process before, perhaps for another folder: kept in this one too
            _write(key, found, unless_there=True)
        else:
            found = _read(key)
        if found is not None:
            fresh = key in _state["fresh"]  # drawn for this composition by a drawing process: drawn, not reused
            _state["fresh"].discard(key)
            _state["misses" if fresh else "hits"] += _state["counting"]
            _memory[key] = found
            return found
        _state["misses"] += _state["counting"]
        if _state["planning"] is not None:  # noted, to be drawn in parallel: a stand-in meanwhile
            _state["planning"].note(key, draw, args, kwargs)
            return StandIn(id=str(kwargs.get("id", "pending")), title="", alt_text="", png=b"")
        figure = draw(*args, **kwargs)
        _memory[key] = figure
        _write(key, figure)
        return figure

    return wrapper  # type: ignore[return-value]


class StandInRead(RuntimeError):
    """A first composition read what a figure still being drawn shows (see :class:`StandIn`)."""


#: What a stand-in has not got: the drawn figure's words, image, size and data (``__dict__`` holds them all).
_DRAWN = frozenset({"title", "alt_text", "png", "source", "width_cm", "height_cm", "data", "__dict__"})


class StandIn(Figure):
    """What a first composition is given for a figure still being drawn: its id and nothing to read.

    The drawn figures are later put in by id (``Document.with_figures``) instead of composing the
    document again, which is right only if nothing composed depends on what a figure shows. So
    while composing, reading anything of a stand-in but its id (or fitting it to a height, which is
    passed on) is stopped and noted, and :func:`compose_in_parallel` then composes again.
    """

    def __getattribute__(self, name: str) -> Any:
        if name in _DRAWN and _state["planning"] is not None:  # (unpickling reads __dict__ before id is set)
            _refuse_while_composing(f"read the {name} of figure {object.__getattribute__(self, '__dict__').get('id')}")
        return super().__getattribute__(name)

    def __eq__(self, other: object) -> bool:
        _refuse_while_composing(f"compared figure {self.id}")
        return super().__eq__(other)

    __hash__ = Figure.__hash__

    def fitted(self, max_height_cm: float) -> Figure:
        if self.max_height_cm is not None:  # the drawn figure is fitted once only (``Document.with_figures``)
            _refuse_while_composing(f"fitted figure {self.id} twice")
        return StandIn(id=self.id, title="", alt_text="", png=b"", max_height_cm=max_height_cm)


def _refuse_while_composing(what: str) -> None:
    """While a first composition runs, note that it used what a stand-in has not got, and stop it."""
    if _state["planning"] is not None:
        _state["planning"].upset = what
        raise StandInRead(f"the composition {what}, which is still being drawn")


@dataclass(frozen=True)
class Work:
    """Work for the drawing processes beside the figures (:func:`compose_in_parallel`'s ``meanwhile``).

    ``run(figures)`` is called in a drawing process (so ``run`` must pickle) once the figures whose
    ids are in ``needs`` are drawn, and is given them by id (the PDF writer lays out a chapter as
    soon as its own figures are drawn). ``size`` is about how many seconds it takes: of the work
    ready to start, the longest goes first.
    """

    run: Callable[[Mapping[str, Figure]], object]
    needs: frozenset[str] = frozenset()
    size: float = 0.0


#: About how long one figure takes to draw, against which the sizes of other work are weighed.
FIGURE_SECONDS = 0.2


def is_stand_in(figure: Figure) -> bool:
    """Is this the stand-in a first composition gets for a figure not yet drawn?"""
    return isinstance(figure, StandIn)


def compose_in_parallel(compose: Callable[[], T], workers: int = 2,
                        meanwhile: Callable[[T], Sequence[Work | Callable[[], object]]] | None = None,
                        given: Callable[[T, Mapping[str, Figure]], T] | None = None) -> T:
    """``compose()`` with the figures it lacks drawn in ``workers`` processes rather than one by one.

    Drawing is most of the time of a first build and each figure is independent of the others,
    so: ``compose`` runs once with a stand-in for every figure not yet kept, and each figure it
    notes is drawn in another process from that moment, while it goes on composing. Then the
    figures left are drawn in ``workers`` processes and kept, and the answer is
    ``given(first, figures)``: the first result with the drawn figures put in by id (a
    ``Document.with_figures``), or without ``given``, ``compose()`` run again, finding them all.
    When every figure was kept, the first run had no stand-in and is the answer. Should the
    stand-ins upset the first run (it failed, or used what a stand-in has not got), the figures
    noted are drawn all the same and ``compose`` runs again; so it does, instead of ``given``,
    when two figures have one id or a stand-in is left in what ``given`` returns. A figure a
    process failed to draw is drawn here, where its error, if it has one, is raised.

    ``meanwhile(first)`` may give other work that the first run's result (stand-ins and all) is
    enough for, as :class:`Work` (or plain callables, run in the order given): it runs in the same
    processes as the drawing, so that neither process waits for the other. Figures that work
    waits for are drawn first, the longest work first. Its results are not returned: such work
    keeps what it makes where a later step finds it. It is sent to those processes, so it must
    pickle (a module's function, or a ``functools.partial`` of one); work that does not is left.
    """
    if workers <= 1 or _state["planning"] is not None or "fork" not in multiprocessing.get_all_start_methods():
        return compose()
    drawing = _Drawing(workers)
    hits, misses = stats()
    _state["planning"] = drawing
    try:
        first = compose()
    except Exception as error:  # a stand-in the composition could not use, say: composed again below
        drawing.upset = drawing.upset or f"failed ({error})"
    except BaseException:
        drawing.abandon()
        raise
    finally:
        _state["planning"] = None
    try:
        if drawing.upset is not None:
            _state["hits"], _state["misses"] = hits, misses  # counted as the composition runs again
            return _composed_again(drawing, compose)
        if not drawing.pending:  # every figure was kept: the first composition is the document
            return first
        _state["counting"] = False  # the first run counted what was kept and what was drawn
        given_work = list(meanwhile(first)) if meanwhile is not None else []
        works = [item if isinstance(item, Work) else Work(_ignoring_figures(item), size=len(given_work) - index)
                 for index, item in enumerate(given_work)]

        def answer(figures: Mapping[str, Figure]) -> T:
            if given is not None and drawing.shared_id is None and not _has_stand_in(result := given(first, figures)):
                return result
            _state["counting"], _state["hits"], _state["misses"] = True, hits, misses
            return _composed_again(drawing, compose)

        return drawing.finish(works, then=answer)
    finally:
        _state["counting"] = True
        _state["fresh"].clear()
        drawing.abandon()  # nothing is left to draw, unless an error stopped the drawing


def _composed_again(drawing: _Drawing, compose: Callable[[], T]) -> T:
    """``compose()`` once every figure noted is drawn, each counted as drawn (not reused) when found."""
    drawing.finish((), then=lambda figures: None)
    _state["fresh"].update(drawing.pending)
    return compose()


def _has_stand_in(value: object) -> bool:
    figures = value.figures() if isinstance(value, Document) else value if isinstance(value, list | tuple) else ()
    return any(is_stand_in(item) for item in figures)


def _ignoring_figures(job: Callable[[], object]) -> Callable[[Mapping[str, Figure]], object]:
    return functools.partial(_run_ignoring_figures, job)


def _run_ignoring_figures(job: Callable[[], object], figures: Mapping[str, Figure]) -> object:
    return job()


class _Drawing:
    """The figures a first composition lacks, drawn in forked processes from the moment the first is noted.

    The processes are started before the composition is done, so each figure goes to them by its
    drawing function's name and its arguments, and each :class:`Work` as itself: both are pickled.
    A figure they fail to draw (or whose drawing function cannot be found by name) is drawn here.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pending: dict[str, tuple[Callable[..., Figure], tuple, dict]] = {}
        self.ids: dict[str, str] = {}  # figure id: key
        self.left: list[str] = []  # noted, not yet started
        self.failed: list[str] = []  # to be drawn here
        self.running: dict[Future, str | None] = {}  # the figure's key, or None for work
        self.drawn: dict[str, Figure] = {}  # by figure id
        self.upset: str | None = None  # what made the first composition no use, if anything did
        self.shared_id: str | None = None  # an id two of its figures have, if any have
        self._pool: ProcessPoolExecutor | None = None

    def note(self, key: str, draw: Callable[..., Figure], args: tuple, kwargs: dict) -> None:
        """A figure to draw, started at once if a process is free (they start with the first)."""
        if key in self.pending:
            return
        figure_id = str(kwargs.get("id", key))
        if self.ids.setdefault(figure_id, key) != key:
            self.shared_id = figure_id  # put in by id, one would stand for both: composed again instead
        self.pending[key] = (draw, args, kwargs)
        self.left.append(key)
        self._keep_finished()
        while len(self.running) < self.workers and self.left:
            self._start_figure(self.left.pop(0))

    def _start_figure(self, key: str) -> None:
        draw, args, kwargs = self.pending[key]
        try:
            if not _by_name(draw):
                raise LookupError(f"{draw.__qualname__} cannot be found by name")
            if self._pool is None:
                self._pool = forked_pool(self.workers, initializer=_not_planning)
            self.running[self._pool.submit(_draw_by_name, draw.__module__, draw.__qualname__, args, kwargs)] = key
        except Exception:  # no process can draw it: drawn here, after
            self.failed.append(key)

    def _keep_finished(self) -> None:
        for future in [f for f, key in self.running.items() if key is not None and f.done()]:
            self._settle(future)

    def _settle(self, future: Future) -> None:
        key = self.running.pop(future)
        if key is None:
            return
        try:
            self._keep(key, future.result())
        except Exception:  # drawn here, after, where its error is raised if it has one
            self.failed.append(key)

    def _keep(self, key: str, figure: Figure) -> None:
        _memory[key] = figure
        self.drawn[str(self.pending[key][2].get("id", key))] = figure
        _write(key, figure)

    def abandon(self) -> None:
        """Stop drawing (whatever is left is not wanted, or an error stopped the build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.running.clear()

    def finish(self, works: Sequence[Work], then: Callable[[Mapping[str, Figure]], T]) -> T:
        """Draw the figures left, keeping each as it comes, and run ``works`` beside them, each once the
        figures it needs are drawn; ``then(figures)`` runs here as soon as every figure is kept, while
        the processes finish the work left, and is returned.

        The order is decided here, not by the pool's queue: a process is given the ready task that
        matters most: a figure that the longest waiting work needs, else the longest ready work.
        Work that fails is left: its error is met where the work belongs (it is done again there).
        """
        ids = {key: str(kwargs.get("id", key)) for key, (_, _, kwargs) in self.pending.items()}
        urgency = {key: FIGURE_SECONDS + max((w.size for w in works if ids[key] in w.needs), default=0.0)
                   for key in self.left}
        figures_left = sorted(self.left, key=lambda key: -urgency[key])
        self.left = []
        waiting = [index for index, work in enumerate(works) if work.needs]
        ready = [index for index, work in enumerate(works) if not work.needs]

        def start_next() -> None:
            ready.sort(key=lambda index: -works[index].size)
            if figures_left and (not ready or urgency[figures_left[0]] >= works[ready[0]].size):
                self._start_figure(figures_left.pop(0))
                return
            work = works[ready.pop(0)]
            with suppress(Exception):  # work that cannot start is left, as work that fails is
                if self._pool is None:
                    self._pool = forked_pool(self.workers)
                self.running[self._pool.submit(work.run, {name: self.drawn[name] for name in work.needs})] = None

        while figures_left or self.failed or any(key is not None for key in self.running.values()):
            while len(self.running) < self.workers and (figures_left or ready):
                start_next()
            if self.running and (not self.failed or any(key is not None for key in self.running.values())):
                finished, _ = wait(self.running, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._settle(future)
            elif self.failed:  # no process can draw these: drawn here, in turn
                key = self.failed.pop(0)
                draw, args, kwargs = self.pending[key]
                self._keep(key, draw(*args, **kwargs))
            for index in [i for i in waiting if works[i].needs <= self.drawn.keys()]:
                waiting.remove(index)
                ready.append(index)
        while ready:  # every figure is drawn: queue what is left, then compose while it runs
            start_next()
        composed = then(self.drawn)
        for future in list(self.running):
            with suppress(Exception):
                future.result()
        self.running.clear()
        return composed


def _not_planning() -> None:
    """A drawing process started while composing draws: it does not note figures, nor mind stand-ins."""
    _state["planning"] = None


def _by_name(draw: Callable[..., Figure]) -> bool:
    """Can another process find ``draw`` by its module and name (as the function ``cached`` made of it)?"""
    module = sys.modules.get(draw.__module__)
    found = getattr(module, draw.__qualname__, None) if module is not None else None
    return found is not None and getattr(found, "__wrapped__", None) is draw


def _draw_by_name(module: str, name: str, args: tuple, kwargs: dict) -> Figure:
    return getattr(importlib.import_module(module), name).__wrapped__(*args, **kwargs)


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


def _write(key: str, figure: Figure, unless_there: bool = False) -> None:
    folder = _state["folder"]
    if folder is None:
        return
    path = Path(folder) / f"{key}.pickle"
    with suppress(OSError):  # a cache that cannot be written only costs time
        if not (unless_there and path.is_file()):
            path.write_bytes(pickle.dumps(figure, protocol=pickle.HIGHEST_PROTOCOL))
