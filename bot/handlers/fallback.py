"""Answers for everything no feature handled: unknown commands, stickers, odd text, old buttons.

These handlers are registered last, so they only see what every feature declined.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.handlers.context import visit
from bot.handlers.menus import main_menu
from bot.handlers.replies import acknowledge, reply


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: say so and show what it has."""
    seen = await visit(update, context)
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0] if message else "/"
    await reply(
        update,
        seen.tr._(
            "I don't know the command {command}. See /help for the ones I have.", command=command
        ),
        main_menu(seen.tr),
    )


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice messages…: the bot reads text only."""
    seen = await visit(update, context)
    await reply(
        update,
        seen.tr._("I can only read text messages. Please type your question or use the buttons."),
        main_menu(seen.tr),
    )


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old version of the bot, or forged data: expire it and offer the menu."""
    query = update.callback_query
    assert query is not None
    seen = await visit(update, context)
    await acknowledge(query, seen.tr._("This button has expired."))
    await reply(
        update, seen.tr._("That button no longer works. Here is the menu:"), main_menu(seen.tr)
    )


_PRIVATE = filters.ChatType.PRIVATE

HANDLERS = [
    MessageHandler(filters.COMMAND, unknown_command),
    MessageHandler(_PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text),
    CallbackQueryHandler(expired_button),
]
