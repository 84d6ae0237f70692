"""What happens when a user answers a confirmation check: a pure state machine.

Statuses: ``submitted`` (waiting for a confirmation), ``confirmed``, ``no_answer`` (two "not yet"
answers: escalate), ``refused`` (the platform said no), ``closed`` (the user closed it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Regions where a legal right to object exists, so a refusal or silence can be escalated.
REGIONS_WITH_RIGHT = frozenset({"eea", "uk", "ch", "br"})
#: After this many "not yet" answers the bot stops waiting and escalates.
NOT_YET_LIMIT = 2


class Answer(StrEnum):
    """The buttons under a confirmation check; the values appear in callback data."""

    CONFIRMED = "yes"
    NOT_YET = "no"
    LATER = "later"
    REFUSED = "refused"


class Next(StrEnum):
    """What the bot shows after an answer."""

    CONFIRMED = "confirmed"
    CHECKLIST = "checklist"
    LATER = "later"
    ESCALATE = "escalate"
    NO_RIGHT = "no_right"


@dataclass(frozen=True)
class Decision:
    """The objection's new status and counter, whether to schedule another check, and what to
    show the user."""

    status: str
    not_yet: int
    schedule_check: bool
    next: Next

    @property
    def resolved(self) -> bool:
        """The objection left the waiting state (its retention clock starts)."""
        return self.status != "submitted"


def decide(not_yet: int, region: str, answer: Answer) -> Decision:
    """The transition for an answer to a check of a ``submitted`` objection."""
    if answer is Answer.CONFIRMED:
        return Decision("confirmed", not_yet, schedule_check=False, next=Next.CONFIRMED)
    if answer is Answer.LATER:
        return Decision("submitted", not_yet, schedule_check=True, next=Next.LATER)
    give_up = _escalation(region)
    if answer is Answer.REFUSED:
        return Decision("refused", not_yet, schedule_check=False, next=give_up)
    if not_yet + 1 >= NOT_YET_LIMIT:
        return Decision("no_answer", not_yet + 1, schedule_check=False, next=give_up)
    return Decision("submitted", not_yet + 1, schedule_check=True, next=Next.CHECKLIST)


def _escalation(region: str) -> Next:
    return Next.ESCALATE if region in REGIONS_WITH_RIGHT else Next.NO_RIGHT
