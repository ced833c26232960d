"""Figures kept by the hash of what they draw, so a rebuild redraws only figures whose data changed.

Drawing the charts and maps is most of the cost of a report. An analyst's usual rebuild
changes only the commentary, so every figure is looked up by a SHA-256 of the drawing
function's name and every argument (data frames by their values, columns and index) before
it is drawn. Hits come from memory within a process and, when a folder is given with
:func:`use_folder`, from files there across runs (the report folder keeps one). A change to
cspkit's own version or to the drawing code's inputs changes the key, so a stale figure is
never reused; nor is one drawn by older drawing code (its source is part of the key).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from cspkit import __version__
from cspkit.reports.document import Figure

F = TypeVar("F", bound=Callable[..., Figure])
_memory: dict[str, Figure] = {}
_state: dict[str, Any] = {"folder": None, "hits": 0, "misses": 0}


@contextmanager
def use_folder(folder: Path | None) -> Iterator[None]:
    """Keep figures in ``folder`` (created if needed) while the block runs, as well as in memory."""
    before = _state["folder"]
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    _state["folder"] = folder
    try:
        yield
    finally:
        _state["folder"] = before


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
            _state["hits"] += 1
            _memory[key] = found
            return found
        _state["misses"] += 1
        figure = draw(*args, **kwargs)
        _memory[key] = figure
        _write(key, figure)
        return figure

    return wrapper  # type: ignore[return-value]


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
    path = Path(folder) / f"{key}.pickle"
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
