"""Casework commands for cron and for the data protection officer: ``cspkit remind``,
``cspkit retention`` and ``cspkit subject-access``."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import typer

from cspkit.cli.console import console, user_errors
from cspkit.errors import CspkitError


def _django() -> None:
    from cspkit.config import get_settings  # heavy (pydantic): only when a command runs

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
    get_settings().home.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _day(value: str | None) -> date:
    if value is None:
        from django.utils import timezone

        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CspkitError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-02") from None


def remind(
    today: str = typer.Option(None, "--today", help="Act as if today were this date (YYYY-MM-DD)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be sent; send and record nothing."),
) -> None:
    """E-mail everyone what is due or overdue (tasks, ASB Case Review deadlines); run it daily from cron."""
    with user_errors():
        _django()
        from cspkit.web.cases.reminders import send_reminders

        result = send_reminders(_day(today), dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        console.print(f"{verb} {result.emails} e-mail(s) with {result.lines} reminder(s).")
        if result.skipped_no_address:
            console.print(f"{result.skipped_no_address} person(s) have no e-mail address and were not reminded.")


def retention(
    apply: bool = typer.Option(False, "--apply", help="Anonymise or delete what has lapsed (otherwise only list)."),
    today: str = typer.Option(None, "--today", help="Act as if today were this date (YYYY-MM-DD)."),
) -> None:
    """List casework records whose retention period has lapsed; with --apply, anonymise or delete them."""
    with user_errors():
        _django()
        from cspkit.web.cases.retention import apply_retention, find_lapsed

        found = find_lapsed(_day(today))
        from rich.table import Table

        table = Table("Record", "Number", "Kept until", "Action")
        for lapse in found:
            table.add_row(
                lapse.record_type.replace("_", " "), str(lapse.record_id), lapse.kept_until.isoformat(), lapse.action
            )
        if not found:
            console.print("Nothing has passed its retention period.")
            return
        console.print(table)
        if not apply:
            console.print(f"{len(found)} record(s) have lapsed. Run again with --apply to anonymise or delete them.")
            return
        done = apply_retention(found)
        console.print("Done: " + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(done.items())))


def subject_access(
    person: int = typer.Argument(..., help="The person's number, as on their page in the web app."),
    out: Path = typer.Option(..., "--out", help="Where to write the JSON file."),
    reason: str = typer.Option(..., "--reason", help="The request being answered, e.g. 'SAR 2026-041'."),
) -> None:
    """Write everything held about one person to a JSON file (a subject access request), and audit it."""
    with user_errors():
        _django()
        from cspkit.web.audit import personal
        from cspkit.web.cases.models import Person
        from cspkit.web.cases.retention import _System
        from cspkit.web.cases.subject_access import subject_access_export

        found = Person.objects.filter(pk=person).first()
        if found is None:
            raise CspkitError(f"There is no person number {person}.")
        out.write_text(json.dumps(subject_access_export(found), indent=2, ensure_ascii=False), encoding="utf-8")
        personal.record(
            _System(), personal.Action.SUBJECT_ACCESS, "person", person, summary="command line export", reason=reason
        )
        console.print(f"Wrote {out}")
