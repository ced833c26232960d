"""Join PDF parts laid out one by one into the one tagged PDF a reader expects (with pikepdf).

What a single WeasyPrint run would have made must survive the join: one structure tree for
screen readers (each part's elements under the first part's Document element, their keys in
the parent tree renumbered so that none clash), the links between parts (by name: the
contents page links to sections in other parts), one set of bookmarks nested by heading
level across parts, and the page furniture (running header, marking, "Page x of y") over every
page, marked as an artifact so screen readers skip it as they skip a page's margins.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, OutlineItem, PageLocation


class Bookmark(NamedTuple):
    """A heading's bookmark: its level, text, page (from 0 in its part) and place on the page (pt)."""

    level: int
    label: str
    page: int
    left: float
    top: float


def join_parts(parts: Sequence[bytes], bookmarks: Sequence[Sequence[Bookmark]], overlay: bytes) -> bytes:
    """One PDF of ``parts`` in order, with ``overlay`` laid over its pages (see :func:`_lay_over`).

    The first part's catalogue (language, metadata, viewer preferences) is the result's. A
    named destination in more than one part is the one in the latest part that has it, so a
    stand-in target on the contents page gives way to the section it stands for.
    """
    joined = pikepdf.open(io.BytesIO(parts[0]))
    tree = joined.Root.StructTreeRoot
    document = tree.K[0]
    numbers = tree.ParentTree.Nums
    next_key = _next_key(numbers)
    destinations = dict(_named_destinations(joined))
    starts = [0]
    for data in parts[1:]:
        part = pikepdf.open(io.BytesIO(data))
        first = len(joined.pages)
        starts.append(first)
        joined.pages.extend(part.pages)
        for page in joined.pages[first:]:
            _shift_keys(page.obj, next_key)
        part_tree = part.Root.StructTreeRoot
        part_numbers = part_tree.ParentTree.Nums
        for index in range(0, len(part_numbers), 2):
            numbers.append(int(part_numbers[index]) + next_key)
            numbers.append(_copy(joined, part_numbers[index + 1]))
        next_key = _next_key(numbers)
        for kid in part_tree.K[0].K:
            element = _copy(joined, kid)
            element.P = document
            document.K.append(element)
        for name, destination in _named_destinations(part):
            destinations[name] = _copy(joined, destination)
    names = Array()
    for name in sorted(destinations, key=lambda text: text.encode("utf-8")):
        names.extend([pikepdf.String(name), destinations[name]])
    joined.Root.Names = Dictionary(Dests=Dictionary(Names=names))
    _outline(
        joined,
        (
            mark._replace(page=mark.page + start)
            for start, marks in zip(starts, bookmarks, strict=True)
            for mark in marks
        ),
    )
    _lay_over(joined, pikepdf.open(io.BytesIO(overlay)))
    out = io.BytesIO()
    joined.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _copy(pdf: pikepdf.Pdf, value: Any) -> Any:
    """``value`` from another PDF, made this one's; objects it refers to are copied once per PDF."""
    if not isinstance(value, pikepdf.Object):  # a number or a boolean
        return value
    if value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pdf, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    return value


def _next_key(numbers: Array) -> int:
    return max((int(numbers[index]) for index in range(0, len(numbers), 2)), default=-1) + 1


def _shift_keys(page: Dictionary, offset: int) -> None:
    """Renumber a joined page's (and its links') keys into the structure tree's parent tree."""
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _named_destinations(pdf: pikepdf.Pdf) -> Iterable[tuple[str, pikepdf.Object]]:
    """The (name, destination) pairs of a part (WeasyPrint writes them as one flat name tree)."""
    names = pdf.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get("/Names", Array())
    for index in range(0, len(names), 2):
        yield str(names[index]), names[index + 1]


def _outline(pdf: pikepdf.Pdf, bookmarks: Iterable[Bookmark]) -> None:
    """Bookmarks nested by heading level, whichever part each heading came from."""
    if "/Outlines" in pdf.Root:
        del pdf.Root.Outlines
    with pdf.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for mark in bookmarks:
            item = OutlineItem(mark.label, mark.page, PageLocation.XYZ, left=mark.left, top=mark.top, zoom=0)
            while stack and stack[-1][0] >= mark.level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((mark.level, item))


def _lay_over(pdf: pikepdf.Pdf, overlay: pikepdf.Pdf) -> None:
    """Lay ``overlay`` over the pages of ``pdf``, as artifacts.

    ``overlay`` (:func:`cspkit.reports.writers.html.page_furniture_html`) has a page with every
    page's number one on top of another, each drawn over its own page alone, then the cover's
    furniture and every other page's, drawn on their pages from one copy each.
    """
    numbers, cover, furniture = overlay.pages
    forms = [pdf.copy_foreign(form) for form in _each_text(numbers, len(pdf.pages))]
    cover, furniture = (pdf.copy_foreign(page.as_form_xobject()) for page in (cover, furniture))
    for index, (page, number) in enumerate(zip(pdf.pages, forms, strict=True)):
        names = [page.add_resource(form, Name.XObject, prefix="Furniture")
                 for form in (number, furniture if index else cover)]
        drawn = b" ".join(b"q " + str(name).encode() + b" Do Q" for name in names)
        page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q /Artifact BMC " + drawn + b" EMC"))


def _each_text(page: pikepdf.Page, count: int) -> list[pikepdf.Object]:
    """A form for each of the ``count`` text objects of ``page``: the page with that text alone."""
    operations = pikepdf.parse_content_stream(page)
    text: list[int | None] = []  # the text object each operation is in, if any
    found, inside = 0, False
    for _, operator in operations:
        inside |= operator == Operator("BT")
        text.append(found if inside else None)
        if operator == Operator("ET"):
            found, inside = found + 1, False
    if found != count:
        raise ValueError(f"{found} text objects to lay over {count} pages")
    forms = []
    for wanted in range(count):
        form = page.as_form_xobject()
        form.write(pikepdf.unparse_content_stream(
            [operation for operation, number in zip(operations, text, strict=True) if number in (None, wanted)]))
        forms.append(form)
    return forms
