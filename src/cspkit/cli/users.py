"""``cspkit users``: create, invite and disable the web app's accounts."""

from __future__ import annotations

import os

import typer

from cspkit.cli.console import console, user_errors

app = typer.Typer(help="Accounts of the web app: create, invite, disable.", no_args_is_help=True)


def _django() -> None:
    from cspkit.config import get_settings  # heavy (pydantic): only when a command runs

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
    get_settings().home.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


ROLE_HELP = "coordinator, analyst, partner_officer, board_member, case_officer, supervisor, provider or public"


@app.command()
def create(
    username: str = typer.Argument(..., help="The name they sign in with."),
    role: str = typer.Option(..., help=ROLE_HELP),
    partnership: list[str] = typer.Option([], help="Partnership (name or short name); repeat for several."),
    agency: str | None = typer.Option(None, help="Their agency, for partner officers."),
    email: str = typer.Option("", help="Their email address (for password resets)."),
    first_name: str = typer.Option("", help="First name."),
    last_name: str = typer.Option("", help="Last name."),
) -> None:
    """Create an account; you are asked for its password (at least 12 characters, not a common one)."""
    with user_errors():
        _django()
        from cspkit.web.accounts.people import NewAccount, create_account

        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        account = NewAccount(username, role, tuple(partnership), agency, email, first_name, last_name)
        user = create_account(account, password)
    console.print(f"Created {user.username} ({user.get_role_display()}).")


@app.command()
def invite(
    username: str = typer.Argument(..., help="The name they will sign in with."),
    email: str = typer.Option(..., help="Where to send the invitation."),
    role: str = typer.Option(..., help=ROLE_HELP),
    partnership: list[str] = typer.Option([], help="Partnership (name or short name); repeat for several."),
    agency: str | None = typer.Option(None, help="Their agency, for partner officers."),
    first_name: str = typer.Option("", help="First name."),
    last_name: str = typer.Option("", help="Last name."),
    url: str = typer.Option("http://localhost:8000", help="The address people reach the app at."),
) -> None:
    """Create an account without a password and email its owner a link to choose one."""
    with user_errors():
        _django()
        from django.conf import settings

        from cspkit.web.accounts.people import NewAccount, create_account
        from cspkit.web.accounts.people import invite as send_invitation

        account = NewAccount(username, role, tuple(partnership), agency, email, first_name, last_name)
        user = create_account(account, None)
        send_invitation(user, url)
    where = f"the files in {settings.EMAIL_FILE_PATH}" if hasattr(settings, "EMAIL_FILE_PATH") else email
    console.print(f"Created {user.username} and sent the invitation to {email} (see {where}).", soft_wrap=True)


@app.command()
def disable(username: str = typer.Argument(..., help="The account to disable.")) -> None:
    """Stop an account signing in and end its sessions (its history and logs are kept)."""
    with user_errors():
        _django()
        from cspkit.web.accounts.people import disable as disable_account

        user = disable_account(username)
    console.print(f"Disabled {user.username}: it can no longer sign in.")
