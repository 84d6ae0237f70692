"""/language: the user picks the language the bot speaks to them, remembered in the database."""

from __future__ import annotations

import logging

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers.context import Visit, visit
from bot.handlers.menus import MENU_LANGUAGE, main_menu
from bot.handlers.replies import acknowledge, reply, show
from bot.i18n import Translator, native_name
from bot.menu_registration import bot_commands

log = logging.getLogger(__name__)

PICK = "lang:"
AUTO = "auto"


def language_keyboard(languages: tuple[str, ...], tr: Translator) -> InlineKeyboardMarkup:
    """Languages by their own names, two a row, and a way back to Telegram's own setting."""
    buttons = [
        InlineKeyboardButton(native_name(code), callback_data=f"{PICK}{code}") for code in languages
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [InlineKeyboardButton(tr._("Same as my Telegram app"), callback_data=f"{PICK}{AUTO}")]
    )
    return InlineKeyboardMarkup(rows)


def _prompt(seen: Visit) -> str:
    current = native_name(seen.tr.language)
    return seen.tr._(
        "I speak to you in {language}. Which language would you like?", language=current
    )


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the language choices."""
    seen = await visit(update, context)
    await reply(update, _prompt(seen), language_keyboard(seen.services.catalogs.languages, seen.tr))


async def language_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu's Language button."""
    query = update.callback_query
    assert query is not None
    seen = await visit(update, context)
    await acknowledge(query)
    await show(query, _prompt(seen), language_keyboard(seen.services.catalogs.languages, seen.tr))


async def pick_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the choice, confirm in the new language, and localise this chat's command menu."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    choice = query.data.removeprefix(PICK)
    catalogs = seen.services.catalogs
    if seen.user is None or (choice != AUTO and choice not in catalogs.languages):
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    language = None if choice == AUTO else choice
    await seen.services.storage.users.set_language(seen.user.id, language)
    tr = (
        catalogs.get(language) if language else catalogs.for_telegram(query.from_user.language_code)
    )
    await seen.services.storage.subscriptions.set_language(seen.user.id, tr.language)
    await acknowledge(query)
    text = tr._("From now on I speak {language} with you.", language=native_name(tr.language))
    await show(query, text, main_menu(tr))
    if query.message is not None and query.message.chat.type == "private":
        await _localise_chat_menu(context, query.message.chat.id, tr if language else None)


async def _localise_chat_menu(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, tr: Translator | None
) -> None:
    """Telegram shows the menu in the app's language; a chosen language gets a per-chat menu."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if tr is None:
            await context.bot.delete_my_commands(scope=scope)
        else:
            await context.bot.set_my_commands(bot_commands(tr), scope=scope)
    except TelegramError as error:  # the reply was sent; a stale menu is only cosmetic
        log.warning("could not update the chat's command menu: %s", error.__class__.__name__)


HANDLERS = [
    CommandHandler("language", language_command),
    CallbackQueryHandler(language_menu, pattern=f"^{MENU_LANGUAGE}$"),
    CallbackQueryHandler(pick_language, pattern=f"^{PICK}"),
]
