"""Texts of the follow-up: the confirmation check, the answers to it, and the status list.

Domain code: Telegram HTML strings from a Translator, no ``telegram`` types.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.i18n import N_, Translator, escape
from bot.knowledge.model import Entry, KnowledgeBase
from bot.storage import Objection

STATUS_LABELS = {
    "submitted": N_("waiting for a confirmation"),
    "confirmed": N_("confirmed"),
    "no_answer": N_("no confirmation came"),
    "refused": N_("refused"),
    "closed": N_("closed"),
}


def _bullets(tr: Translator, items: tuple[str, ...], numbered: bool = False) -> list[str]:
    return [
        f"{f'{n}.' if numbered else '•'} {escape(tr.raw(item))}"
        for n, item in enumerate(items, start=1)
    ]


def check_question(tr: Translator, platform: str, entry: Entry, submitted_on: date) -> str:
    """Did the confirmation arrive? With what it looks like for this platform."""
    lines = [
        tr._("⏰ <b>Did your {platform} objection work?</b>", platform=platform),
        tr._("You told me on {date} that you submitted it.", date=tr.date(submitted_on)),
    ]
    if entry.confirmation:
        lines += ["", tr._("<b>What the confirmation looks like</b>")]
        lines += _bullets(tr, entry.confirmation)
    return "\n".join(lines)


def confirmed(tr: Translator, platform: str, today: date) -> str:
    """The happy end."""
    return tr._(
        "🎉 <b>Confirmed</b> on {date}: your {platform} objection was recorded. Keep the "
        "confirmation email or a screenshot: it is your proof if anyone says otherwise.",
        date=tr.date(today),
        platform=platform,
    )


def checklist(tr: Translator, entry: Entry, ask_again_in: timedelta) -> str:
    """No confirmation yet: what to check, and when the bot asks again."""
    lines = [tr._("<b>No confirmation yet? Check this:</b>")]
    steps = entry.if_no_confirmation or (
        N_("Check your spam folder and the email address of your account."),
        N_("Send it again while logged in, in a desktop browser."),
        N_("Keep screenshots of what you sent."),
    )
    lines += _bullets(tr, steps, numbered=True)
    lines += ["", tr._("I will ask you again in {time}.", time=tr.duration(ask_again_in))]
    return "\n".join(lines)


def ask_later(tr: Translator, ask_again_in: timedelta) -> str:
    """Remind me later."""
    return tr._("All right. I will ask you again in {time}.", time=tr.duration(ask_again_in))


def status_list(tr: Translator, knowledge: KnowledgeBase, objections: list[Objection]) -> str:
    """/status: every objection with its status and date."""
    if not objections:
        return tr._(
            "You have not told me about any objection yet. Use /object to find the right form; "
            "after sending it, tap “I've submitted it”."
        )
    lines = [tr._("<b>Your objections</b>")]
    for objection in objections:
        lines.append(
            tr._(
                "• <b>{platform}</b> ({country}), sent on {date}: {status}",
                platform=knowledge.platform(objection.platform).name,
                country=tr.country_name(objection.country),
                date=tr.date(objection.submitted_on),
                status=tr._(STATUS_LABELS[objection.status]),
            )
        )
    return "\n".join(lines)
