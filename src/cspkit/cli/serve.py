"""``cspkit serve``: the web app on this machine, with the demo partnership on first run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cspkit.cli.console import console, starting, user_errors
from cspkit.errors import CspkitError

SETTINGS = "cspkit.web.settings"
#: Where the cspkit package is installed: gunicorn's working folder (it puts that folder first on
#: the import path), so nothing in the folder `cspkit serve` was started from can be imported.
PACKAGES = Path(__file__).resolve().parents[2]
FRONT_END = Path(__file__).resolve().parents[1] / "web" / "core" / "static" / "vendor" / "cspkit.css"


def prepare(*, demo: bool) -> str:
    """Bring the web database up to date and seed the demo partnership into a new one.

    Returns the lines telling people how to sign in.
    """
    from cspkit.config import get_settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if get_settings().demo:
        os.environ["CSPKIT_DEMO"] = "true"  # gunicorn's workers read the demo's store too
    if not FRONT_END.exists():
        raise CspkitError(
            "The web app's front-end files are not built: run scripts/setup (it needs Node.js 20 and npm)."
        )
    get_settings().home.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from cspkit.web.accounts.models import Partnership
    from cspkit.web.core.management.commands.seed_demo import sign_in_help
    from cspkit.web.demo import DEMO_PARTNERSHIP, create_demo

    call_command("migrate", interactive=False, verbosity=0)
    if demo and not Partnership.objects.exists():
        console.print("New database: creating the demo partnership (Hartbury) and its users…")
        create_demo()
    if demo and Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists():
        return sign_in_help() + "\n(The password is the demo one unless it has been changed.)"
    if not demo:
        refuse_public_demo_passwords()
    return (
        "Sign in with an account an administrator created; create the first with\n"
        '  cspkit users create NAME --role coordinator --partnership "NAME OF PARTNERSHIP" --email ADDRESS'
    )


def refuse_public_demo_passwords() -> None:
    """Outside the demo, no account may still have the published demo password."""
    from cspkit.web.accounts.models import User
    from cspkit.web.demo import DEMO_PASSWORD, all_demo_users

    names = [u.username for u in all_demo_users()]
    exposed = [
        u.username for u in User.objects.filter(username__in=names, is_active=True) if u.check_password(DEMO_PASSWORD)
    ]
    if exposed:
        raise CspkitError(
            f"These accounts still have the public demo password: {', '.join(exposed)}. "
            "Run `cspkit serve --demo` for the demo, or disable them with `cspkit users disable NAME` "
            "(or give them their own passwords) before serving real data."
        )


def gunicorn_workers(workers: int | None, threads: int) -> list[str]:
    """gunicorn's worker options: by default its own advice, ``2 x processors + 1`` single-threaded
    (sync) workers, each answering one request at a time.

    Why not threads: measured with twenty case officers at once on two processors, a worker's
    threads queue for Python's interpreter lock after every database round trip, and kept-alive
    connections stay with the worker that first took them, however busy. The case page's p95 was
    290-430 ms with 2 workers of 4 threads and 180-250 ms with 5 sync workers, which take a
    connection only when free. A sync worker closes each connection after its answer and is tied
    up by a slow client, so on the internet it belongs behind a proxy such as nginx
    (docs/deploying.md)."""
    count = workers or 2 * (os.cpu_count() or 1) + 1
    if threads == 1:
        return ["--workers", str(count), "--worker-class", "sync"]
    return ["--workers", str(count), "--threads", str(threads), "--worker-class", "gthread"]


def safe_env() -> dict[str, str]:
    """The environment for gunicorn: Python's safe-path mode, so files in the current folder cannot
    shadow the packages the app imports."""
    return {**os.environ, "PYTHONSAFEPATH": "1"}


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 for every network."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int | None = typer.Option(
        None, min=1, show_default=False, help="gunicorn worker processes [default: twice the processors, plus one]."
    ),
    threads: int = typer.Option(1, min=1, help="Threads per worker (more than one: gunicorn's threaded workers)."),
    dev: bool = typer.Option(False, "--dev", help="Django's development server (reloads on code changes)."),
    demo: bool = typer.Option(
        False, "--demo", help="The demo: create the demo partnership and its users (public password) in a new database."
    ),
) -> None:
    """Run the web app: plans, quarterly updates, board reports. Creates the database on first run."""
    with user_errors(), starting("Starting the web app…"):
        sign_in = prepare(demo=demo)
    url = f"http://{'localhost' if host in {'127.0.0.1', '0.0.0.0'} else host}:{port}/"
    console.print(f"\ncspkit is running at [bold]{url}[/] — press Ctrl+C to stop.", highlight=False, soft_wrap=True)
    console.print(f"Sign in at {url}accounts/sign-in/\n{sign_in}\n", highlight=False, soft_wrap=True)
    if dev:
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}")
        return
    sys.stdout.flush()
    os.execve(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cspkit.web.wsgi:application",
            "--bind",
            f"{host}:{port}",
            *gunicorn_workers(workers, threads),
            # A sync worker is restarted when one request takes longer than this: generous, for
            # publishing a board report or a first view of an assessment saved without its figures.
            "--timeout",
            "120",
            "--preload",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
            "--chdir",
            str(PACKAGES),
        ],
        env=safe_env(),
    )
