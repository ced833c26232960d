"""``seed_demo``: create the demo partnership with one user per role, and print how to sign in."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cspkit.web.accounts.models import Partnership
from cspkit.web.demo import DEMO_PARTNERSHIP, DEMO_PASSWORD, all_demo_users, create_demo


def sign_in_help(password: str = DEMO_PASSWORD) -> str:
    """The demo users, their roles and the password, as a few lines for the terminal."""
    users = all_demo_users()
    width = max(len(u.username) for u in users)
    lines = [f"Demo users (password for each: {password}):"]
    lines += [f"  {u.username:<{width}}  {u.role.label}: {u.what_they_do}" for u in users]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Create the demo partnership, its plan and one user per role (does nothing if it exists)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for every demo user.")

    def handle(self, *args, password: str, **options) -> None:
        if Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists():
            self.stdout.write(f"The demo partnership already exists.\n{sign_in_help(password)}")
            return
        create_demo(password=password)
        self.stdout.write(f"Created {DEMO_PARTNERSHIP}.\n{sign_in_help(password)}")
