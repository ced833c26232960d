"""Loading the demo partnership into the evidence store through the same loaders users run.

Nothing is special-cased: each kind of file goes through ``cspkit.store.loaders.<kind>``
exactly as ``cspkit load <kind>`` would send it, so the demo exercises every reader's checks.
Geography goes first so everything after it can be placed; police.uk before the Home Office
table it is compared with.
"""

from __future__ import annotations

from collections.abc import Callable

from cspkit.demo.geography import FORCE_AREA, FORCE_NAME, FORCE_SLUG, PFA_CODE
from cspkit.demo.partnership import DemoFiles
from cspkit.store import Store
from cspkit.store.loaders import (
    boundaries,
    deprivation,
    ethnicity,
    home_office,
    indicators,
    lookup,
    police_uk,
    population,
)
from cspkit.store.loads import LoadReport, Progress

LOADERS = {
    "lookup": lookup.load,
    "boundaries": boundaries.load,
    "population": population.load,
    "deprivation": deprivation.load,
    "police_uk": police_uk.load,
    "home_office": home_office.load,
    "indicators": indicators.load,
    "ethnicity": ethnicity.load,
}
"""Every kind of demo evidence, in the order it is loaded."""


def register_demo_force(store: Store) -> None:
    """Tell the store which force area the fictional force's police.uk files belong to.

    Real forces are listed in the shipped ``police_forces`` table; the demo force is added the
    same way, so its files are matched to its area like any real force's.
    """
    with store.transaction() as con:
        con.execute(
            "INSERT OR REPLACE INTO police_forces (force, force_name, pfa_code, pfa_name) VALUES (?, ?, ?, ?)",
            [FORCE_SLUG, FORCE_NAME, PFA_CODE, FORCE_AREA],
        )


def load_demo(
    store: Store, demo: DemoFiles, *, progress_for: Callable[[str], Progress | None] | None = None
) -> list[LoadReport]:
    """Load every demo file, kind by kind; ``progress_for(kind)`` gives each load its progress callback."""
    register_demo_force(store)
    reports = []
    for kind, load in LOADERS.items():
        progress = progress_for(kind) if progress_for else None
        reports.append(load(store, demo.files[kind], progress=progress))
    return reports
