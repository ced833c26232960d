"""Partnerships, partner agencies and the people who work for them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.web.permissions.roles import PERSONAL_DATA_ROLES, Role


def default_two_factor_roles() -> list[str]:
    """Every role that will see personal data signs in with a second factor unless the partnership says otherwise."""
    return sorted(PERSONAL_DATA_ROLES)


class Partnership(models.Model):
    """A Community Safety Partnership. A county council may host several."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    area_code = models.CharField(
        "area code", max_length=9, blank=True, help_text="ONS code of the partnership's area, e.g. E07000197"
    )
    host = models.CharField("hosted by", max_length=200, blank=True, help_text="e.g. Staffordshire County Council")
    police_force = models.CharField(max_length=60, blank=True, help_text="police.uk force, e.g. staffordshire")
    two_factor_roles = models.JSONField(
        "roles that need two-factor sign-in",
        default=default_two_factor_roles,
        blank=True,
        help_text="Role codes whose members must confirm a code from an authenticator app when they sign in",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A partner organisation: council, police, fire, probation, health, housing, a charity."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health"
        HOUSING = "housing", "Housing"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        COMMISSIONER = "commissioner", "Police and Crime Commissioner"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    partnerships = models.ManyToManyField(Partnership, related_name="agencies", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return agency_name(self.short_name, self.name) or ""


class User(AbstractUser):
    """A person who signs in: one role, at most one agency, one or more partnerships."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PUBLIC)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="The agency whose actions and measures a partner officer updates.",
    )
    partnerships = models.ManyToManyField(Partnership, related_name="members", blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    def __str__(self) -> str:
        return user_name(self.first_name, self.last_name, self.username) or ""


class TwoFactorDevice(models.Model):
    """A person's authenticator app: the shared TOTP secret, confirmed once they typed a first code."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0, help_text="Time step of the last code accepted: no replays")

    def __str__(self) -> str:
        return f"Authenticator app of {self.user}"


class RecoveryCode(models.Model):
    """A one-use code for when the authenticator app is lost, kept only as a password hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)


def agency_name(short_name: str | None, name: str | None) -> str | None:
    """How an agency is named on every page: its short name, else its name; None for none."""
    return (short_name or name) if name is not None else None


def user_name(first_name: str | None, last_name: str | None, username: str | None) -> str | None:
    """How a person who signs in is named on every page: their full name, else their user name;
    None for no one (pages written out in SQL read the three columns, not the row)."""
    if username is None:
        return None
    return f"{first_name or ''} {last_name or ''}".strip() or username
