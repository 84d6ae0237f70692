"""Follow-up in Telegram: sending due checks, the answers to them, /status, escalation.

Callback data: ``fu:<answer>:<objection>:<version>`` for the check's buttons (yes, no, later,
refused), ``fu:open:<objection>`` from /status, ``fu:land:<objection>:<DE-XX>`` for the German
Land, ``fu:del:<objection>:<version>``. Every press is checked against the stored objection: it
must belong to the presser, and the version must be current, else the button has expired.
"""

from __future__ import annotations

import re

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.followup import messages
from bot.followup.scheduler import Deliver, Delivery
from bot.followup.state import Answer, Next, decide
from bot.handlers.context import Visit, visit
from bot.handlers.delivery import send_classified
from bot.handlers.escalation import show_next_steps
from bot.handlers.replies import acknowledge, replace_keyboard, reply
from bot.i18n import Catalogs, Translator
from bot.knowledge.model import KnowledgeBase
from bot.storage import DueCheck, Objection

_ANSWER = re.compile(r"^fu:(yes|no|later|refused|del):(\d{1,12}):(\d{1,9})$")
_OPEN = re.compile(r"^fu:open:(\d{1,12})$")


def check_keyboard(tr: Translator, objection_id: int, version: int) -> InlineKeyboardMarkup:
    """The four answers to a confirmation check, bound to the objection's current version."""

    def button(label: str, answer: Answer) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=f"fu:{answer}:{objection_id}:{version}")

    return InlineKeyboardMarkup(
        [
            [button(tr._("✅ Yes, confirmed"), Answer.CONFIRMED)],
            [
                button(tr._("⏳ Not yet"), Answer.NOT_YET),
                button(tr._("🔔 Remind me later"), Answer.LATER),
            ],
            [button(tr._("❌ It was refused"), Answer.REFUSED)],
        ]
    )


def make_check_sender(catalogs: Catalogs, knowledge: KnowledgeBase, bot: Bot) -> Deliver:
    """The scheduler's ``deliver``: a due check rendered in the user's language, sent."""

    async def deliver(check: DueCheck) -> Delivery:
        tr = catalogs.get(check.language)
        entry = knowledge.entry(check.entry_id)
        platform = knowledge.platform(check.platform).name
        return await send_classified(
            bot,
            check.user_id,
            messages.check_question(tr, platform, entry, check.submitted_on),
            check_keyboard(tr, check.objection_id, check.version),
        )

    return deliver


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status: the user's objections, each with a button to update it."""
    seen = await visit(update, context)
    if seen.user is None:
        return
    services = seen.services
    objections = await services.storage.objections.for_user(seen.user.id)
    rows = [
        [
            InlineKeyboardButton(
                seen.tr._(
                    "Update: {platform}", platform=services.knowledge.platform(o.platform).name
                ),
                callback_data=f"fu:open:{o.id}",
            )
        ]
        for o in objections
    ]
    await reply(
        update,
        messages.status_list(seen.tr, services.knowledge, objections),
        InlineKeyboardMarkup(rows) if rows else None,
    )


async def followup_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``fu:`` button except the Land picker (see the escalation handlers)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    opened = _OPEN.match(query.data)
    answered = _ANSWER.match(query.data)
    objection_id = (
        int((opened or answered).group(2 if answered else 1)) if (opened or answered) else None
    )
    objection = await _own_objection(seen, objection_id)
    if objection is None:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    if opened:
        await acknowledge(query)
        await _open(update, seen, objection)
        return
    assert answered is not None
    action, version = answered.group(1), int(answered.group(3))
    if version != objection.version:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    if action == "del":
        await seen.services.storage.objections.delete(objection.id, objection.version)
        await acknowledge(query, seen.tr._("Deleted."))
        await _retire_buttons(query)
        return
    if objection.status != "submitted":
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    await _answer(update, query, seen, objection, Answer(action))


async def _answer(
    update: Update, query: CallbackQuery, seen: Visit, objection: Objection, answer: Answer
) -> None:
    services, tr = seen.services, seen.tr
    decision = decide(objection.not_yet, objection.region, answer)
    today = services.clock().date()
    changed = await services.storage.objections.update(
        objection, status=decision.status, not_yet=decision.not_yet, today=today
    )
    if not changed:  # a second tap raced the first
        await acknowledge(query, tr._("This button has expired."))
        return
    if decision.schedule_check:
        await services.storage.checks.schedule(
            objection.id, services.clock() + services.settings.check_after
        )
        services.scheduler.wake()
    else:
        await services.storage.checks.cancel(objection.id)
    await acknowledge(query)
    await _retire_buttons(query)
    entry = services.knowledge.entry(objection.entry_id)
    platform = services.knowledge.platform(objection.platform).name
    interval = services.settings.check_after
    match decision.next:
        case Next.CONFIRMED:
            await reply(update, messages.confirmed(tr, platform, today))
        case Next.CHECKLIST:
            links = (
                [[InlineKeyboardButton(tr._("Open the form again"), url=entry.url)]]
                if entry.url
                else []
            )
            await reply(
                update,
                messages.checklist(tr, entry, interval),
                InlineKeyboardMarkup(links) if links else None,
            )
        case Next.LATER:
            await reply(update, messages.ask_later(tr, interval))
        case Next.ESCALATE | Next.NO_RIGHT:
            fresh = await services.storage.objections.get(objection.id)
            assert fresh is not None
            await show_next_steps(update, seen, fresh)


async def _open(update: Update, seen: Visit, objection: Objection) -> None:
    """From /status: the check question again, or the next steps of a resolved objection."""
    services, tr = seen.services, seen.tr
    platform = services.knowledge.platform(objection.platform).name
    if objection.status == "submitted":
        entry = services.knowledge.entry(objection.entry_id)
        await reply(
            update,
            messages.check_question(tr, platform, entry, objection.submitted_on),
            check_keyboard(tr, objection.id, objection.version),
        )
    elif objection.status in ("refused", "no_answer"):
        await show_next_steps(update, seen, objection)
    else:
        delete = InlineKeyboardButton(
            tr._("🗑 Delete this record"), callback_data=f"fu:del:{objection.id}:{objection.version}"
        )
        await reply(
            update,
            messages.status_list(tr, services.knowledge, [objection]),
            InlineKeyboardMarkup([[delete]]),
        )


async def _own_objection(seen: Visit, objection_id: int | None) -> Objection | None:
    if objection_id is None or seen.user is None:
        return None
    objection = await seen.services.storage.objections.get(objection_id)
    return objection if objection is not None and objection.user_id == seen.user.id else None


async def _retire_buttons(query: CallbackQuery) -> None:
    """Answered: take the buttons off the question so it cannot be answered twice."""
    if isinstance(query.message, Message):
        await replace_keyboard(query.message, None)


HANDLERS = [
    CommandHandler("status", status_command),
    CallbackQueryHandler(followup_button, pattern=r"^fu:(yes|no|later|refused|del|open):"),
]
