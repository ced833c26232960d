"""Versioned schema migrations for the evidence store.

Each module ``mNNNN_<name>.py`` holds ``upgrade(con)``; the number is the schema version it
brings the store to. Migrations run in order inside one transaction each, so a store is
never left half-upgraded.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    upgrade: Callable[[duckdb.DuckDBPyConnection], None]


def all_migrations() -> list[Migration]:
    """Every migration shipped with this cspkit, oldest first."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m"):
            continue
        number, _, name = info.name[1:].partition("_")
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Migration(int(number), name, module.upgrade))
    return sorted(found, key=lambda m: m.version)
