"""Fixtures shared by every test: a private data folder, a fresh store, the real data in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.config import get_settings
from cspkit.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
REFERENCE = SHARED / "reference"


@pytest.fixture(autouse=True)
def cspkit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own CSPKIT_HOME, so no test touches the user's data folder."""
    home = tmp_path / "cspkit-home"
    monkeypatch.setenv("CSPKIT_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def store(cspkit_home: Path) -> Store:
    """A new, empty evidence store in the test's data folder."""
    with open_store() as opened:
        yield opened


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data files beside the repository (never copied into it)."""
    assert SHARED_DATA.is_dir(), f"expected the shared data folder at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def reference() -> Path:
    """Published reference values that the statistics must reproduce."""
    assert REFERENCE.is_dir(), f"expected the reference folder at {REFERENCE}"
    return REFERENCE
