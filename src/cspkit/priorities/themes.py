"""Tallying what residents wrote in free text against a list of themes a partnership can edit.

A theme is a name and keywords. A keyword matches whole words in any case; ``drug*`` matches
words that start with 'drug'; spaces and hyphens inside a keyword match a space, a hyphen or
nothing ('anti-social' finds 'anti social' and 'antisocial'). Each respondent counts once per
theme, however many times or in however many answers they mention it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from cspkit.priorities.yamlfile import read_yaml, root_place


@dataclass(frozen=True)
class Theme:
    name: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]

    def mentioned_in(self, text: str) -> bool:
        return bool(self.pattern.search(text))


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    respondents: int
    share: float  # of respondents who wrote anything


@dataclass(frozen=True)
class ThemeTally:
    commenters: int
    counts: tuple[ThemeCount, ...]  # most mentioned first
    unmatched: int  # respondents who wrote something matching no theme: read these by hand


def default_themes_path() -> Path:
    return Path(str(files("cspkit.priorities") / "themes.yaml"))


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the keywords as whole words."""
    alternatives = []
    for keyword in keywords:
        stem = keyword.strip()
        prefix = stem.endswith("*")
        parts = [re.escape(part) for part in re.split(r"[\s\-]+", stem.rstrip("*").strip()) if part]
        body = r"[\s\-]*".join(parts)
        tail = r"\w*" if prefix else ""
        alternatives.append(rf"\b{body}{tail}\b")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def load_themes(path: str | Path | None = None) -> list[Theme]:
    """Read a themes file (``themes:`` then ``Theme name: [keyword, ...]``); default: the shipped list."""
    source = Path(path) if path is not None else default_themes_path()
    document = read_yaml(source)
    top = root_place(source, document)
    if not isinstance(document, dict) or not isinstance(document.get("themes"), dict) or not document["themes"]:
        raise top.error("expected a section 'themes:' with one 'Theme name: [keyword, ...]' per line")
    section = document["themes"]
    place = top.child(document, "themes")
    themes = []
    for name, keywords in section.items():
        where = place.child(section, name)
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list) or not keywords or not all(
                isinstance(k, str) and k.strip().rstrip("*").strip() for k in keywords):
            raise where.error(f"theme '{name}' needs a list of keywords, e.g. [drug*, dealing]")
        themes.append(Theme(str(name), tuple(k.strip() for k in keywords), keyword_pattern(keywords)))
    return themes


def tally_themes(comments: Sequence[str], themes: Sequence[Theme]) -> ThemeTally:
    """Count respondents mentioning each theme; ``comments`` holds one text per respondent ('' if none)."""
    written = [text for text in comments if text.strip()]
    counts = []
    matched = [False] * len(written)
    for theme in themes:
        hits = [theme.mentioned_in(text) for text in written]
        matched = [m or h for m, h in zip(matched, hits, strict=True)]
        total = sum(hits)
        counts.append(ThemeCount(theme.name, total, total / len(written) if written else 0.0))
    counts.sort(key=lambda c: (-c.respondents, c.theme.casefold()))
    return ThemeTally(len(written), tuple(counts), matched.count(False))
