"""Crime groupings (e.g. acquisitive crime) read from a YAML file that analysts can edit."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml

from cspkit.errors import InputError

DEFAULT = files("cspkit.assess") / "groupings.yaml"


def read_groupings(path: Path | None, known_types: set[str]) -> dict[str, list[str]]:
    """Grouping name -> police.uk crime types; every type must be one police.uk publishes."""
    source = str(path) if path else "the default groupings (cspkit/assess/groupings.yaml)"
    text = Path(path).read_text(encoding="utf-8") if path else DEFAULT.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(source, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                         mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise InputError(source, "expected a grouping name followed by a list of crime types")
    groupings: dict[str, list[str]] = {}
    for name, types in data.items():
        if not isinstance(types, list) or not types:
            raise InputError(source, f"grouping '{name}' must list at least one police.uk crime type")
        unknown = [t for t in types if t not in known_types]
        if unknown:
            raise InputError(
                source,
                f"grouping '{name}' names {', '.join(repr(u) for u in unknown)}, which police.uk does not use. "
                f"Known crime types: {', '.join(sorted(known_types))}",
            )
        groupings[str(name)] = [str(t) for t in types]
    return groupings
