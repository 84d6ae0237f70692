"""/start, /help and the main menu."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers import wizard
from bot.handlers.context import visit
from bot.handlers.menus import MENU_HELP, MENU_MAIN, back_to_menu, greeting, help_text, main_menu
from bot.handlers.replies import acknowledge, reply, show


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet in the user's language and show the main actions; a deep link such as
    ``t.me/<bot>?start=instagram-de`` opens that platform's answer straight away."""
    seen = await visit(update, context)
    target = wizard.parse_start_payload(context.args[0]) if context.args else None
    if target is not None:
        await wizard.open_platform(update, seen, *target)
        return
    name = update.effective_user.first_name if update.effective_user else ""
    await reply(update, greeting(seen.tr, name), main_menu(seen.tr))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands."""
    seen = await visit(update, context)
    await reply(update, help_text(seen.tr), main_menu(seen.tr))


async def menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu's Help and back buttons edit the pressed message in place."""
    query = update.callback_query
    assert query is not None
    seen = await visit(update, context)
    await acknowledge(query)
    name = query.from_user.first_name
    if query.data == MENU_HELP:
        await show(query, help_text(seen.tr), back_to_menu(seen.tr))
    else:
        await show(query, greeting(seen.tr, name), main_menu(seen.tr))


HANDLERS = [
    CommandHandler("start", start),
    CommandHandler("help", help_command),
    CallbackQueryHandler(menu_button, pattern=f"^({MENU_HELP}|{MENU_MAIN})$"),
]
