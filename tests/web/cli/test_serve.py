"""``cspkit serve``: prepare the database, say how to sign in, then hand over to gunicorn."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cspkit.cli import serve as serve_module
from cspkit.cli.main import app


class Started(Exception):
    """Raised by the stand-in for os.execv, so the test process is not replaced by gunicorn."""


@pytest.mark.django_db
def test_serve_prints_the_address_and_the_demo_users_then_starts_gunicorn(demo, monkeypatch) -> None:
    started = []

    def fake_execv(path, args, env):
        started.append(args)
        raise Started

    monkeypatch.setattr(serve_module.os, "execve", fake_execv)
    result = CliRunner().invoke(app, ["serve", "--demo", "--port", "8123", "--workers", "3"])
    assert isinstance(result.exception, Started)
    assert "cspkit is running at http://localhost:8123/" in result.output
    assert "coordinator" in result.output and "password for each: cspkit-demo" in result.output
    args = started[0]
    assert args[1:4] == ["-m", "gunicorn", "cspkit.web.wsgi:application"]
    assert args[args.index("--bind") + 1] == "127.0.0.1:8123" and args[args.index("--workers") + 1] == "3"


def test_serve_explains_how_to_build_missing_front_end_files(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(serve_module, "FRONT_END", tmp_path / "missing.css")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "front-end files are not built: run scripts/setup" in result.output


def test_gunicorn_runs_single_threaded_workers_unless_asked_for_threads(monkeypatch) -> None:
    # gunicorn's advice by default (2 x processors + 1 sync workers); threads only when asked.
    monkeypatch.setattr(serve_module.os, "cpu_count", lambda: 2)
    assert serve_module.gunicorn_workers(None, 1) == ["--workers", "5", "--worker-class", "sync"]
    assert serve_module.gunicorn_workers(3, 1) == ["--workers", "3", "--worker-class", "sync"]
    assert serve_module.gunicorn_workers(2, 4) == ["--workers", "2", "--threads", "4", "--worker-class", "gthread"]
