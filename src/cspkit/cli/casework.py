"""Casework commands for cron and for the data protection officer: ``cspkit remind``,
``cspkit retention`` and ``cspkit subject-access``."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import typer

from cspkit.cli.console import console, plain, user_errors
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
        console.print(f"Wrote {plain(out)}")


app = typer.Typer(help="ASB casework: counts for the strategic assessment.", no_args_is_help=True)


def web_partnership(name: str | None):
    """The partnership an export is for: the one named, the demo's under ``cspkit --demo`` (created
    in a new database, as ``cspkit serve --demo`` would), or the only one there is."""
    from cspkit.config import get_settings

    _django()
    from cspkit.web.accounts.models import Partnership
    from cspkit.web.demo import DEMO_PARTNERSHIP, create_demo

    if get_settings().demo and not Partnership.objects.exists():
        console.print("New database: creating the demo partnership (Hartbury) and its users…")
        create_demo()
    if name is None and get_settings().demo:
        name = DEMO_PARTNERSHIP
    if name is not None:
        found = Partnership.objects.filter(name__iexact=name).first() or Partnership.objects.filter(
            short_name__iexact=name
        ).first()
        if found is None:
            known = ", ".join(Partnership.objects.values_list("name", flat=True)) or "none yet"
            raise CspkitError(f"There is no partnership called '{name}' in the web app (there are: {known}).")
        return found
    everyone = list(Partnership.objects.all()[:2])
    if len(everyone) != 1:
        raise CspkitError(
            "Say which partnership with --partnership NAME." if everyone else "The web app has no partnership yet."
        )
    return everyone[0]


def export_target(out: Path | None, name: str) -> Path:
    """``out``, or ``<workspace>/exports/<name>`` (where ``cspkit --demo report assessment`` looks)."""
    from cspkit.config import get_settings

    path = out if out is not None else get_settings().workspace / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@app.command("export-counts")
def export_counts(
    period: str = typer.Option(..., "--period", "-p", help="START..END in months (2025-10..2026-09), 2025/26 or 2025."),
    partnership: str = typer.Option(None, "--partnership", help="The partnership's name (default: the only one)."),
    out: Path = typer.Option(
        None, "--out", "-o", help="CSV to write [default: $CSPKIT_HOME/exports/casework-counts.csv]."
    ),
) -> None:
    """Counts of cases, powers, breaches, risk, repeat victims and Case Reviews for the period and the
    year before, small numbers withheld: the file `cspkit report assessment --casework` reads."""
    with user_errors():
        from cspkit.assess.period import add_months, parse_period

        months = parse_period(period)
        found = web_partnership(partnership)
        from cspkit.web.cases.counts_export import counts_csv, wards

        last_day = add_months(months.end, 1) - timedelta(days=1)
        path = export_target(out, "casework-counts.csv")
        path.write_text(counts_csv(found, months.start, last_day, wards(found)), encoding="utf-8")
        console.print(f"Wrote {plain(path)}", highlight=False, soft_wrap=True)
