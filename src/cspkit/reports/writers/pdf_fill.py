"""No half-empty pages before a figure: one that would leave most of a page blank is printed smaller, there.

A figure is never split across pages, so one too tall for the space left goes to the next page
with the paragraph kept with it, and the page before it can end half empty: a priority's
comparator chart alone above half a page of nothing, its map on the page after. A person setting
the report would print the map, and the chart above it, a little smaller on one page. So after a
part is laid out, the first page that is at least ``MIN_BLANK`` empty before a figure that would
fit there, were it and the figures on that page printed smaller by one scale (none smaller than
``MIN_SCALE`` of the size it was drawn at), gets them at that scale; the part is then laid out
again, and again while another such page is left (``MAX_PASSES`` in all). Only the PDF changes:
the web page and the Word file have no fixed pages.

WeasyPrint has no public view of where its boxes fall, so this reads the laid-out page boxes
(``Page._page_box``); should a later WeasyPrint lay them out differently, nothing is changed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from cspkit.reports import style

#: The least a figure is printed at, against the size it was drawn at: a map's place names, drawn at 6.5 pt,
#: are then about 4.2 pt. A figure already printed smaller (a tall area's map, fitted to a height) shrinks less.
MIN_SCALE = 0.65
#: CSS pixels to the inch, as WeasyPrint lays out.
CSS_PX_PER_INCH = 96
#: How much of a page's height for text must be empty before figures are made smaller to fill it: a page
#: more than about half filled is left so (made smaller, the demo's maps moved up only to leave the
#: next page, their section's last, a quarter filled).
MIN_BLANK = 0.45
#: How many times a part is laid out again, each time for one more page.
MAX_PASSES = 3
#: Room kept between the page's last line and the figure moved up (px: its top margin and a little).
SLACK_PX = 24.0
#: The boxes a part's text sits in; their children are the blocks that fall on its pages.
_CONTAINERS = frozenset({"html", "body", "main", "section"})
#: Headings, which are never left at the foot of a page: one starting a page moves with what follows it.
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def smaller_figures(pages: Sequence[Any], done: Collection[str] = ()) -> dict[str, float]:
    """Figure id -> the width (px) to print it at, for the first page left half empty before a figure that
    fits there once it and the figures already on that page are printed smaller by one scale (none below
    ``MIN_SCALE`` of its drawn size); empty where no page needs it (or the page boxes cannot be read). A
    figure in ``done`` was made smaller before and is not again."""
    try:
        flows = [[block for root in page._page_box.children if getattr(root, "element_tag", None) == "html"
                  for block in _blocks(root)] for page in pages]
        bottom = [page._page_box.content_box_y() + page._page_box.height for page in pages]
        height = [page._page_box.height for page in pages]
    except (AttributeError, TypeError):
        return {}
    for index in range(len(pages) - 1):
        if not flows[index] or not flows[index + 1]:
            continue
        end = max(block.position_y + block.margin_height() for block in flows[index])
        blank = bottom[index] - end
        if blank >= MIN_BLANK * height[index]:
            widths = _fitted(flows[index], flows[index + 1], blank)
            if widths and not widths.keys() & set(done):
                return widths
    return {}


def rule(widths: Mapping[str, float]) -> str:
    """The stylesheet rule printing each figure at its width (px)."""
    return "".join(f'figure[id="{_quoted(id)}"] img{{max-width:{width:.2f}px!important}}'
                   for id, width in widths.items())


def _fitted(above: list[Any], flow: list[Any], blank: float) -> dict[str, float]:
    """The widths that fit the figure starting ``flow`` (with the heading above it and the paragraph kept with
    it) into the ``blank`` px under ``above``, the page before, by printing it and the figures on that page
    smaller."""
    heading = flow[0].margin_height() if getattr(flow[0], "element_tag", None) in _HEADINGS else 0.0
    if heading:  # a heading kept with the figure under it moved with it
        flow = flow[1:]
    incoming = _image(flow[0]) if flow else None
    if incoming is None:
        return {}
    kept = flow[1].margin_height() if len(flow) > 1 and getattr(flow[1], "element_tag", None) == "p" else 0.0
    over = heading + flow[0].margin_height() + kept + SLACK_PX - blank
    figures = {**{block.element.get("id"): image for block in above if (image := _image(block)) is not None},
               flow[0].element.get("id"): incoming}
    if over <= 0:
        return {}
    # the least each may take: MIN_SCALE of its drawn size (a map of a tall area is printed smaller already)
    least = {id: min(1.0, MIN_SCALE / _printed_share(image)) for id, image in figures.items()}

    def gained(scale: float) -> float:
        return sum(image.height * (1 - max(scale, least[id])) for id, image in figures.items())

    if gained(0.0) < over:
        return {}
    low, high = 0.0, 1.0  # the largest one scale (each figure held to its least) that gains enough
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if gained(middle) >= over else (low, middle)
    return {id: image.width * max(low, least[id]) for id, image in figures.items() if max(low, least[id]) < 1}


def _printed_share(image: Any) -> float:
    """How large the image is printed against the size it was drawn at (its pixels at ``style.PNG_DPI``)."""
    pixels = getattr(getattr(image, "replacement", None), "width", None)
    if not pixels:
        return 1.0
    return image.width / (pixels / style.PNG_DPI * CSS_PX_PER_INCH)


def _image(block: Any) -> Any | None:
    """The image box of a figure with an id, or None for any other block."""
    if getattr(block, "element_tag", None) != "figure" or not block.element.get("id"):
        return None
    image = next((box for box in _descendants(block) if getattr(box, "element_tag", None) == "img"), None)
    return image if image is not None and image.height > 0 else None


def _quoted(id: str) -> str:
    return id.replace("\\", "\\\\").replace('"', '\\"')


def _blocks(box: Any) -> Iterator[Any]:
    """The blocks laid out on a page, in order: the children of its html, body, main and sections."""
    for child in getattr(box, "children", ()):
        if getattr(child, "element_tag", None) in _CONTAINERS:
            yield from _blocks(child)
        elif hasattr(child, "margin_height") and getattr(child, "element_tag", None):
            yield child


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)
