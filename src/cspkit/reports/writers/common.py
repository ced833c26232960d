"""Small rules every writer shares."""

from __future__ import annotations

from urllib.parse import urlparse

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_href(href: str | None) -> str | None:
    """A link target only if it is a web or e-mail address (never ``javascript:`` or a file)."""
    if not href:
        return None
    return href if urlparse(href).scheme in SAFE_SCHEMES else None
