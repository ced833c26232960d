"""The roles people hold in a partnership."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """What a person does for the partnership, which decides what they may see and change."""

    COORDINATOR = "coordinator", "Coordinator"
    ANALYST = "analyst", "Analyst"
    PARTNER_OFFICER = "partner_officer", "Partner officer"
    BOARD_MEMBER = "board_member", "Board member"
    CASE_OFFICER = "case_officer", "Case officer"
    SUPERVISOR = "supervisor", "Casework supervisor"
    PROVIDER = "provider", "Commissioned provider"
    PUBLIC = "public", "Public (read only)"


#: Roles that work inside the partnership and may read its plan, performance and evidence.
MEMBER_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.PARTNER_OFFICER, Role.BOARD_MEMBER})
#: Roles that send quarterly updates.
UPDATING_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.PARTNER_OFFICER})
#: Roles that work with personal data (ASB cases, reviews, registers): two-factor sign-in is
#: required for them by default, and every read of a personal record is audited.
PERSONAL_DATA_ROLES = frozenset({Role.COORDINATOR, Role.CASE_OFFICER, Role.SUPERVISOR})
