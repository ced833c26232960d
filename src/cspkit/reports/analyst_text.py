"""The analyst's own words: a Markdown file, one part per report section, that survives rebuilds.

cspkit writes the file the first time with the statements it generates; the analyst edits
it in any text editor; every rebuild then refreshes only the parts the analyst has not
touched.  Each part carries a marker with a fingerprint of the text cspkit last wrote, so
an edit is recognised by the text no longer matching its fingerprint, and is never
overwritten.  The file looks like this::

    ## Overall direction of travel
    <!-- section: direction-of-travel | generated: 1f0c2a9e3b7d -->

    Recorded crime rose by 24.5% in the year to March 2023 ...
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cspkit.errors import InputError
from cspkit.reports.document import Block, markdown_blocks

PREAMBLE = """<!--
  Your words for the report. Edit the text under each heading in any text editor and
  rebuild the report: cspkit keeps everything you change here. Parts you have not changed
  are refreshed with the latest figures. To leave a part out of the report, delete its
  text but keep its heading and the "section:" line below it.
-->
"""

_MARKER = re.compile(r"^<!--\s*section:\s*(?P<id>[a-z][a-z0-9-]*)\s*\|\s*generated:\s*(?P<hash>[0-9a-f]{12})\s*-->\s*$")
_MARKER_START = re.compile(r"^<!--\s*section:")


@dataclass(frozen=True)
class TextSection:
    """One part of the file: its section id, heading, text and whether the analyst changed it."""

    id: str
    title: str
    text: str
    fingerprint: str

    @property
    def edited(self) -> bool:
        return fingerprint(self.text) != self.fingerprint


@dataclass(frozen=True)
class AnalystText:
    """The result of :func:`sync_analyst_text`: the words to use and what happened to the file."""

    path: Path
    sections: Mapping[str, TextSection]
    created: bool = False
    added: tuple[str, ...] = ()
    refreshed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    outdated: tuple[str, ...] = ()
    orphaned: tuple[str, ...] = ()

    def text(self, section_id: str) -> str:
        """The Markdown for a section ("" if the analyst emptied it)."""
        return self.sections[section_id].text

    def blocks(self, section_id: str) -> list[Block]:
        """The section's words as document blocks (paragraphs, lists, sub-headings)."""
        return markdown_blocks(self.text(section_id))


def fingerprint(text: str) -> str:
    """A short hash of text, blind to line endings and trailing spaces an editor may add."""
    return hashlib.sha256(_normalise(text).encode("utf-8")).hexdigest()[:12]


def read_analyst_text(path: str | Path) -> tuple[str, list[TextSection]]:
    """The file's preamble (anything before the first part) and its parts, in file order."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 text ({error.reason}); save it as UTF-8 and try again") from error
    markers: list[tuple[int, re.Match[str]]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines):
        match = _MARKER.match(line.strip())
        if match is None:
            if _MARKER_START.match(line.strip()):
                raise InputError(path, "this section marker has been changed; it should read "
                                       "'<!-- section: <id> | generated: <12 letters and digits> -->'", number + 1)
            continue
        if match["id"] in seen:
            raise InputError(path, f"the section '{match['id']}' appears twice (first on line {seen[match['id']]})",
                             number + 1)
        seen[match["id"]] = number + 1
        markers.append((number, match))
    starts = [_heading_line(lines, number) for number, _ in markers]
    preamble = "\n".join(lines[: starts[0]] if markers else lines).strip("\n")
    sections = []
    for index, (number, match) in enumerate(markers):
        end = starts[index + 1] if index + 1 < len(markers) else len(lines)
        heading = lines[starts[index]] if starts[index] < number else ""
        body = "\n".join(lines[number + 1 : end])
        sections.append(TextSection(match["id"], heading.lstrip("#").strip(), _normalise(body), match["hash"]))
    return preamble, sections


def sync_analyst_text(path: str | Path, generated: Mapping[str, tuple[str, str]] | Iterable[tuple[str, str, str]],
                      ) -> AnalystText:
    """Create or update the analyst's file from freshly generated statements, keeping every edit.

    ``generated`` maps section id -> (heading, generated Markdown), in report order (or is a
    sequence of (id, heading, text)).  Parts the analyst has not edited are refreshed; edited
    parts are kept (``outdated`` lists those whose generated text has changed since, so the
    analyst can check them); parts cspkit no longer generates stay in the file, unused.
    """
    path = Path(path)
    wanted = ({k: v for k, v in generated.items()} if isinstance(generated, Mapping)
              else {id: (title, text) for id, title, text in generated})
    created = not path.exists()
    preamble, existing = (PREAMBLE.strip("\n"), []) if created else read_analyst_text(path)
    by_id = {section.id: section for section in existing}
    result: dict[str, TextSection] = {}
    added, refreshed, kept, outdated = [], [], [], []
    for section_id, (title, text) in wanted.items():
        new = TextSection(section_id, title, _normalise(text), fingerprint(text))
        old = by_id.get(section_id)
        if old is None:
            result[section_id] = new
            added.append(section_id)
        elif old.edited:
            result[section_id] = TextSection(section_id, title, old.text, old.fingerprint)
            kept.append(section_id)
            if new.fingerprint != old.fingerprint:
                outdated.append(section_id)
        else:
            result[section_id] = new
            if new.fingerprint != old.fingerprint:
                refreshed.append(section_id)
    orphans = [section for section in existing if section.id not in wanted]
    _write(path, preamble, [*result.values(), *orphans])
    return AnalystText(path, result, created, tuple(added), tuple(refreshed), tuple(kept), tuple(outdated),
                       tuple(section.id for section in orphans))


def _write(path: Path, preamble: str, sections: list[TextSection]) -> None:
    """Write the whole file to a temporary file first, so a crash never leaves half a file."""
    parts = [preamble.strip("\n")] if preamble.strip() else []
    for section in sections:
        part = f"## {section.title}\n<!-- section: {section.id} | generated: {section.fingerprint} -->\n"
        parts.append(part + (f"\n{section.text}\n" if section.text else ""))
    content = "\n\n".join(part.rstrip("\n") for part in parts) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the analyst's file is an ordinary one
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _heading_line(lines: list[str], marker: int) -> int:
    """Where a part starts: its '#' heading just above the marker, else the marker itself."""
    above = marker - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above if above >= 0 and lines[above].lstrip().startswith("#") else marker


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
