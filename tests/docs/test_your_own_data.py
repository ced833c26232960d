"""docs/your-own-data.md: it names real published files, and its commands, run as written on the
real files in ../shared/data, give a store that assesses Cannock Chase."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspkit.cli.main import app
from cspkit.sources.catalogue import SOURCES

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "your-own-data.md"


def guide_commands() -> list[list[str]]:
    """The commands of the block the guide marks as run by this test, without the leading ``cspkit``."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"run by tests/docs/test_your_own_data.py -->\n```bash\n(.*?)```", text, re.S)
    assert block, "the guide's worked example is not marked for this test"
    lines = [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]
    assert all(line[0] == "cspkit" for line in lines)
    return [line[1:] for line in lines]


def test_the_guide_and_cspkit_sources_give_the_same_sources(shared_data: Path) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    worked_example = [shlex.join(["cspkit", *arguments]) for arguments in guide_commands()]
    printed = CliRunner().invoke(app, ["sources", "--plain"])
    assert printed.exit_code == 0, printed.output
    for source in SOURCES:
        assert source.url.split("?")[0] in text, source.key
        assert shlex.join(shlex.split(source.command)) in worked_example, source.key
        assert (shared_data / source.example_file).exists(), f"{source.example_file} is not a real file"
        assert source.title in printed.output and source.command in printed.output


def test_every_file_the_worked_example_loads_is_in_the_shared_data(shared_data: Path) -> None:
    for arguments in guide_commands():
        if arguments[0] == "load":
            for name in arguments[2:]:
                if not name.startswith("--") and not name.isdigit():
                    assert (shared_data / name).exists(), f"the guide loads {name}, which is not in {shared_data}"


@pytest.mark.slow
def test_following_the_guide_on_the_real_files_assesses_cannock_chase(
    shared_data: Path, cspkit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shared_data)
    outputs = {}
    for arguments in guide_commands():
        result = CliRunner().invoke(app, arguments)
        assert result.exit_code == 0, f"cspkit {' '.join(arguments)}:\n{result.output}"
        outputs[" ".join(arguments[:2])] = result.output
    status = outputs["status"]
    assert re.search(r"staffordshire\s+street\s+2022-01\.\.2022-11\s+0\s+102,793 *\n", status), status
    assert re.search(r"staffordshire\s+street\s+0\s+0\s+569 *\n", status), status
    assert "Cannock Chase" in outputs["assess --list-areas"] and "E22000263" in outputs["assess --list-areas"]
    assessment = outputs["assess --area"]
    assert "Rates per 1,000 residents: Cannock Chase, January to November 2022" in " ".join(assessment.split())
    assert (cspkit_home / "evidence.duckdb").is_file()  # real data in the real store
    assert not (cspkit_home / "demo").exists()  # and nothing in the demo's
    assert (cspkit_home / "assessments" / "E22000263_202201-202211").exists()
