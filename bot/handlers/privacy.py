"""/privacy, /mydata and /forget: what the bot keeps about you, a copy of it, and deleting it."""

from __future__ import annotations

import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers.context import visit
from bot.handlers.replies import acknowledge, reply, show

FORGET = "priv:forget"
KEEP = "priv:keep"


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain words on what is stored, why, and for how long."""
    seen = await visit(update, context)
    tr, settings = seen.tr, seen.services.settings
    lines = [
        tr._("<b>What I keep about you, and why</b>"),
        tr._("• Your Telegram user id: to answer you and send the reminders you asked for."),
        tr._(
            "• The language you chose and your country (and Land in Germany): to show the "
            "right form and the right authority."
        ),
        tr._("• The day you last used the bot (no times, no messages)."),
        tr._(
            "• Each objection you marked as submitted: platform, country, form, date and "
            "status, and the reminder waiting to be sent."
        ),
        tr._("• “The form doesn't work” reports: which form and the day, to spot broken forms."),
        "",
        tr._("I never store what you write to me, and I do not log it."),
        tr._(
            "Resolved objections are deleted {days} after they were resolved; everything about "
            "you is deleted after a year without use.",
            days=tr.duration(settings.retention),
        ),
        "",
        tr._("/mydata sends you a copy of all of it. /forget deletes all of it now."),
    ]
    await reply(update, "\n".join(lines))


async def mydata_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every row about the user, as a JSON file."""
    seen = await visit(update, context)
    chat = update.effective_chat
    if seen.user is None or chat is None:
        return
    data = await seen.services.storage.privacy.export(seen.user.id)
    document = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
    await chat.send_document(
        InputFile(document, filename="my-data.json"),
        caption=seen.tr._("Everything I store about you."),
    )


async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before deleting: a slip of the finger must not wipe someone's records."""
    seen = await visit(update, context)
    tr = seen.tr
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr._("🗑 Yes, delete everything"), callback_data=FORGET)],
            [InlineKeyboardButton(tr._("Keep my data"), callback_data=KEEP)],
        ]
    )
    await reply(
        update,
        tr._(
            "This deletes everything I know about you, including your objections and "
            "reminders. It cannot be undone. Delete it?"
        ),
        keyboard,
    )


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete the user and every row that belongs to them, then say so."""
    query = update.callback_query
    assert query is not None
    seen = await visit(update, context)
    await acknowledge(query)
    if query.data == KEEP or seen.user is None:
        await show(query, seen.tr._("Nothing was deleted."), None)
        return
    await seen.services.storage.privacy.forget(seen.user.id)
    await show(
        query,
        seen.tr._(
            "Done: I deleted everything I knew about you and cancelled your reminders. "
            "If you write to me again, I start from scratch."
        ),
        None,
    )


HANDLERS = [
    CommandHandler("privacy", privacy_command),
    CommandHandler("mydata", mydata_command),
    CommandHandler("forget", forget_command),
    CallbackQueryHandler(forget_button, pattern=f"^({FORGET}|{KEEP})$"),
]
