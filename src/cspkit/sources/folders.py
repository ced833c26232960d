"""Every file in a folder the user names, or an error naming what could not be looked into.

``Path.rglob`` quietly passes over a sub-folder it cannot open, a link to a folder and a link to
nothing, so a police.uk folder with one month unreadable loaded the other months and said nothing.
Here each of those is followed or refused by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from cspkit.errors import InputError


def files_in(folder: Path) -> list[Path]:
    """The files under ``folder`` (links followed), sorted; refuses what cannot be read, by name."""

    def refuse(error: OSError) -> None:
        reason = error.strerror or str(error)
        raise InputError(error.filename or folder, f"cannot open this folder ({reason.lower()}); nothing was "
                                                   "loaded. Check you may read it, or move it out of the folder.")

    found: list[Path] = []
    seen: set[str] = set()
    for root, folders, names in os.walk(folder, onerror=refuse, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:  # a link back up the tree: once is enough
            folders.clear()
            continue
        seen.add(real)
        for name in names:
            path = Path(root) / name
            if not path.is_file():
                raise InputError(path, "a link to a file that does not exist; nothing was loaded")
            found.append(path)
    return sorted(found)
