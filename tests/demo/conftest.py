"""One generated demo partnership shared by the demo tests (writing it takes a few seconds)."""

from __future__ import annotations

import pytest

from cspkit.demo.geography import Geography, build_geography
from cspkit.demo.partnership import DemoFiles, write_demo

from .files import read_rows

SEED = 3


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), seed=SEED)


@pytest.fixture(scope="session")
def geography() -> Geography:
    return build_geography(SEED)


@pytest.fixture(scope="session")
def street(demo: DemoFiles) -> list[dict[str, str]]:
    return read_rows([p for p in demo.files["police_uk"] if p.name.endswith("-street.csv")])


@pytest.fixture(scope="session")
def outcome_rows(demo: DemoFiles) -> list[dict[str, str]]:
    return read_rows([p for p in demo.files["police_uk"] if p.name.endswith("-outcomes.csv")])
