"""Leaders (the dots from a contents entry to its page number) drawn as one run of text a line.

WeasyPrint lays a leader out as a text box for each dot: a contents page of forty entries is
some 3,400 boxes, each set up again in Pango and written as its own text object, so the two
pages of the cover and contents took as long to write as a chapter of tables. The dots of a
line sit edge to edge, a dot's width apart, so they are drawn here as one string from the
leftmost dot's place: the same glyphs at the same places (a dot advances as far in a row as
alone), one text object for the line. Where the dots are not edge to edge (a WeasyPrint that
places them otherwise) they are left as they are.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from weasyprint.layout import inline
from weasyprint.layout.leader import leader_index
from weasyprint.text.line_break import split_first_line

_library: dict[str, Callable[..., None]] = {}


def draw_leaders_as_runs() -> bool:
    """Make WeasyPrint draw each line's leader dots as one run; False where this WeasyPrint lays
    leaders out elsewhere (it then draws them one by one, as before: slower, the same dots)."""
    current = getattr(inline, "handle_leader", None)
    if current is None:
        return False
    if current is not _handle_leader:
        _library["handle leader"] = current
        inline.handle_leader = _handle_leader
    return True


def _handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    _library["handle leader"](context, line, containing_block)
    _, leader = leader_index(line)
    if leader is not None and len(leader.children) > 1:
        run = _one_run(context, leader.children)
        if run is not None:
            leader.children = (run,)


def _one_run(context: Any, dots: Sequence[Any]) -> Any | None:
    """One text box for ``dots`` (copies of one text box), or None unless they sit edge to edge."""
    ordered = sorted(dots, key=lambda box: box.position_x)
    first = ordered[0]
    if any(box.text != first.text or box.style is not first.style for box in ordered) or any(
        not math.isclose(right.position_x - left.position_x, left.width, rel_tol=0, abs_tol=1e-3)
        for left, right in itertools.pairwise(ordered)
    ):
        return None
    layout, _, _, width, _, _ = split_first_line(first.text * len(ordered), first.style, context, None, 0)
    run = first.copy_with_text(layout.text)
    run.pango_layout = layout
    run.width = width
    return run
