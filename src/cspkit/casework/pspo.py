"""Dates of a Public Spaces Protection Order: expiry, extensions, discharge and reminders.

The law (Anti-social Behaviour, Crime and Policing Act 2014, Part 4 Chapter 2):

- s.60(1): a PSPO has effect for the period it states, of **not more than 3 years**.
- s.60(2)-(5): *before the order is due to expire* the council may extend it, if satisfied on
  reasonable grounds that this is necessary, by **up to 3 years** each time, and more than once;
  s.72(3)-(4) require the necessary consultation and publicity first (we require a review and a
  consultation recorded before an extension).
- s.61: the order may be varied (area, prohibitions, requirements) or discharged at any time.
- s.59A, s.60A (inserted by the Police, Crime, Sentencing and Courts Act 2022, Sch.7): an
  expedited order (schools, vaccination and test sites) lasts **not more than 6 months**; we treat
  6 months as its limit in all, extensions included (check s.60A before relying on it).

The *expiry date* here is the last day on which the order has effect: an order in force from
20 October 2024 for 3 years has effect until the end of 19 October 2027.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cspkit.casework.dates import add_months

#: s.60(1) and s.60(3): the longest an order, or one extension, may run.
MAX_MONTHS = 36
#: s.60A: the longest an expedited order may run in all.
MAX_EXPEDITED_MONTHS = 6
#: Reminder lead times before expiry, in days *(configurable)*: start the review and consultation
#: six months ahead (consultation takes time), then three months and one month before expiry.
REMINDER_DAYS = (182, 91, 30)


class RuleError(ValueError):
    """A date or period the Act does not allow, in words a coordinator understands."""


class OrderStatus(StrEnum):
    PROPOSED = "proposed"  # not made yet
    MADE = "made"  # made, not yet in force
    IN_FORCE = "in force"
    LAPSED = "lapsed"
    DISCHARGED = "discharged"


@dataclass(frozen=True)
class Extension:
    decided_on: date
    months: int
    reviewed: bool = True
    consulted: bool = True


@dataclass(frozen=True)
class OrderDates:
    in_force_from: date | None
    months: int
    expedited: bool = False
    extensions: tuple[Extension, ...] = ()
    discharged_on: date | None = None
    made_on: date | None = None


def check_period(months: int, expedited: bool = False) -> None:
    """Refuse a period longer than the Act allows (or not a positive number of months)."""
    if months < 1:
        raise RuleError("The period of an order must be at least one month.")
    limit = MAX_EXPEDITED_MONTHS if expedited else MAX_MONTHS
    if months > limit:
        kind = "An expedited order" if expedited else "A public spaces protection order"
        raise RuleError(f"{kind} may have effect for at most {limit} months; {months} months were given.")


def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` calendar months beginning on `start`."""
    return add_months(start, months) - timedelta(days=1)


def original_expiry(in_force_from: date, months: int, expedited: bool = False) -> date:
    """The last day the order has effect as made (s.60(1))."""
    check_period(months, expedited)
    return period_end(in_force_from, months)


def expiry(order: OrderDates) -> date | None:
    """The last day the order has effect after its extensions (None until it has a start date).

    Each extension runs from the day after the expiry it extends and must be decided on or
    before that expiry (s.60(2): "before the time when the order is due to expire"), after a
    review and a consultation (s.72).
    """
    if order.in_force_from is None:
        return None
    ends = original_expiry(order.in_force_from, order.months, order.expedited)
    total = order.months
    for extension in sorted(order.extensions, key=lambda e: e.decided_on):
        ends = extend(ends, extension, expedited=order.expedited, months_so_far=total)
        total += extension.months
    return ends


def extend(current_expiry: date, extension: Extension, *, expedited: bool = False, months_so_far: int = 0) -> date:
    """The new expiry after one extension, or RuleError saying why it is not allowed."""
    if extension.decided_on > current_expiry:
        raise RuleError(
            f"An order can only be extended before it expires: it expired at the end of "
            f"{current_expiry:%-d %B %Y} and the extension was decided on {extension.decided_on:%-d %B %Y}."
        )
    if not extension.reviewed:
        raise RuleError("Record the review of the order before extending it.")
    if not extension.consulted:
        raise RuleError("Record the consultation (police, Police and Crime Commissioner, community) before extending.")
    if extension.months < 1:
        raise RuleError("An extension must be for at least one month.")
    if expedited:
        if months_so_far + extension.months > MAX_EXPEDITED_MONTHS:
            raise RuleError(f"An expedited order may have effect for at most {MAX_EXPEDITED_MONTHS} months in all.")
    elif extension.months > MAX_MONTHS:
        raise RuleError(f"Each extension may be for at most {MAX_MONTHS} months (3 years).")
    return period_end(current_expiry + timedelta(days=1), extension.months)


def status(order: OrderDates, today: date) -> OrderStatus:
    """Where the order stands on `today`."""
    if order.discharged_on is not None and order.discharged_on <= today:
        return OrderStatus.DISCHARGED
    if order.in_force_from is None:
        return OrderStatus.MADE if order.made_on is not None and order.made_on <= today else OrderStatus.PROPOSED
    if today < order.in_force_from:
        return OrderStatus.MADE if order.made_on is None or order.made_on <= today else OrderStatus.PROPOSED
    ends = expiry(order)
    assert ends is not None
    return OrderStatus.IN_FORCE if today <= ends else OrderStatus.LAPSED


def in_force(order: OrderDates, today: date) -> bool:
    return status(order, today) is OrderStatus.IN_FORCE


def check_discharge(order: OrderDates, discharged_on: date) -> None:
    """A discharge (s.61) must fall while the order has effect."""
    ends = expiry(order)
    if order.in_force_from is None or ends is None:
        raise RuleError("Only an order that has come into force can be discharged.")
    if discharged_on < order.in_force_from or discharged_on > ends:
        raise RuleError(
            f"The discharge date must be while the order has effect, from {order.in_force_from:%-d %B %Y} "
            f"to {ends:%-d %B %Y}."
        )


def check_variation(order: OrderDates, varied_on: date) -> None:
    """A variation (s.61) applies to an order that has effect on the day it is made."""
    ends = expiry(order)
    if ends is None or order.in_force_from is None or not (order.in_force_from <= varied_on <= ends):
        raise RuleError("An order can only be varied while it has effect.")
    if order.discharged_on is not None and varied_on >= order.discharged_on:
        raise RuleError("A discharged order cannot be varied.")


@dataclass(frozen=True)
class Reminder:
    due_on: date
    expires_on: date
    days_before: int
    subject: str


def reminders(expires_on: date, lead_days: Sequence[int] = REMINDER_DAYS) -> list[Reminder]:
    """The reminders ahead of an expiry, earliest first: review, then consultation, then decision."""
    subjects = {
        0: "start the review and consultation",
        1: "consultation should be under way",
        2: "decide whether to extend",
    }
    out = []
    for index, days in enumerate(sorted(lead_days, reverse=True)):
        out.append(
            Reminder(
                due_on=expires_on - timedelta(days=days),
                expires_on=expires_on,
                days_before=days,
                subject=subjects.get(index, "expiry approaching"),
            )
        )
    return out


def due_reminders(expires_on: date, today: date, lead_days: Iterable[int] = REMINDER_DAYS) -> list[Reminder]:
    """The reminders due on `today` exactly (a daily `cspkit remind` run sends each once)."""
    return [r for r in reminders(expires_on, tuple(lead_days)) if r.due_on == today]
