"""Limited Markdown for report text: bold, italics, links, lists and sub-headings.

Parsed with Python-Markdown (a well-kept parser) into runs of styled text that every writer
can render, rather than into HTML that only one of them could use.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from xml.etree import ElementTree

import markdown

_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_MARKUP = re.compile(r"[*_`\[\]<>&\\#]|^\s*([-+]|\d+[.)])\s|\n\s*\n|  \n", re.MULTILINE)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LOCAL = threading.local()


@dataclass(frozen=True)
class Run:
    """A piece of inline text with the emphasis it carries."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def inline_runs(text: str) -> list[Run]:
    """Split limited Markdown into runs of plain, bold, italic and linked text."""
    if not _MARKUP.search(text):  # most text is plain: skip the parser
        return [Run(_soft_breaks(text).strip())] if text.strip() else []
    runs: list[Run] = []
    for index, element in enumerate(_tree(text)):
        if index:
            runs.append(Run(" "))
        runs.extend(_element_runs(element))
    return _merged(runs)


def plain_text(text: str) -> str:
    """Limited Markdown with its markup removed (for Excel cells and alt text)."""
    return "".join(run.text for run in inline_runs(text)).strip()


def parse_blocks(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Block structure of Markdown: ("paragraph" | "heading", (text,)) or ("bullets" | "numbers", items).

    Paragraph and item texts come back as limited Markdown, so emphasis and links survive.
    """
    blocks: list[tuple[str, tuple[str, ...]]] = []
    for element in _tree(text):
        if element.tag in ("ul", "ol"):
            items = tuple(to_markdown(_element_runs(li)) for li in element if li.tag == "li")
            blocks.append(("bullets" if element.tag == "ul" else "numbers", items))
        elif element.tag in _HEADINGS:
            blocks.append(("heading", ("".join(run.text for run in _element_runs(element)).strip(),)))
        else:
            blocks.append(("paragraph", (to_markdown(_element_runs(element)),)))
    return blocks


def to_markdown(runs: list[Run]) -> str:
    """Runs back to limited Markdown, escaping characters Markdown would read as markup."""
    parts: list[str] = []
    for run in _merged(runs):
        text = run.text
        for special in ("\\", "`", "*", "_", "["):
            text = text.replace(special, "\\" + special)
        if run.href:
            text = f"[{text}]({run.href})"
        if run.bold:
            text = f"**{text}**"
        if run.italic:
            text = f"*{text}*"
        parts.append(text)
    return "".join(parts).strip()


class _TreeGrabber(markdown.treeprocessors.Treeprocessor):
    """Keeps Markdown's parsed tree (after inline patterns) instead of its serialised HTML.

    Raw HTML and entities are put back as literal text, so what the analyst typed is kept.
    """

    tree: ElementTree.Element | None = None

    def run(self, root: ElementTree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            element.text = _restore(element.text, stash)
            element.tail = _restore(element.tail, stash)
        self.tree = root


def _restore(text: str | None, stash: list) -> str | None:
    if text is None:
        return None
    return html.unescape(_PLACEHOLDER.sub(lambda m: str(stash[int(m.group(1))]), text))


def _tree(text: str) -> ElementTree.Element:
    converter, grabber = _converter()
    converter.reset()
    grabber.tree = None
    converter.convert(text)
    return grabber.tree if grabber.tree is not None else ElementTree.Element("div")


def _converter() -> tuple[markdown.Markdown, _TreeGrabber]:
    """One parser per thread: building Markdown's parser costs far more than using it."""
    if not hasattr(_LOCAL, "converter"):
        converter = markdown.Markdown()
        grabber = _TreeGrabber(converter)
        converter.treeprocessors.register(grabber, "cspkit-grab", -1)
        _LOCAL.converter = (converter, grabber)
    return _LOCAL.converter


def _element_runs(element: ElementTree.Element) -> list[Run]:
    runs: list[Run] = []
    _collect(element, runs, bold=False, italic=False, href=None, top=True)
    return _merged(runs)


def _collect(element: ElementTree.Element, runs: list[Run], *, bold: bool, italic: bool,
             href: str | None, top: bool = False) -> None:
    if not top:
        bold = bold or element.tag in ("strong", "b")
        italic = italic or element.tag in ("em", "i")
        href = element.get("href", href) if element.tag == "a" else href
    if element.tag == "br":
        runs.append(Run("\n", bold, italic, href))
    if element.text:
        runs.append(Run(_soft_breaks(element.text), bold, italic, href))
    for child in element:
        _collect(child, runs, bold=bold, italic=italic, href=href)
        if child.tail:
            runs.append(Run(_soft_breaks(child.tail), bold, italic, href))


def _soft_breaks(text: str) -> str:
    """A single newline inside a Markdown paragraph is a space."""
    return re.sub(r"\s*\n\s*", " ", text)


def _merged(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged
