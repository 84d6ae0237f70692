"""/language: the user picks the language the bot speaks to them, remembered in the database."""

from __future__ import annotations

import logging

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers.context import Visit, visit
from bot.handlers.menus import MENU_LANGUAGE, main_menu
from bot.handlers.replies import acknowledge, reply, show
from bot.i18n import LANGUAGE_GROUPS, Translator, escape, native_name
from bot.menu_registration import bot_commands

log = logging.getLogger(__name__)

PICK = "lang:"
GROUP = "langs:"
AUTO = "auto"
PER_ROW = 2
NAMES_ON_GROUP_BUTTON = 4


def _suggestions(current: str, telegram_language: str, available: tuple[str, ...]) -> list[str]:
    """The likeliest choices on the first screen: the current language, the app's, English."""
    return list(dict.fromkeys(c for c in (current, telegram_language, "en") if c in available))


def language_keyboard(
    tr: Translator, telegram_language: str, available: tuple[str, ...]
) -> InlineKeyboardMarkup:
    """First screen: the likeliest languages, then one button per group named by its languages'
    own names (readable whatever language the bot speaks now), then "Same as my Telegram app"."""
    rows = [
        [
            _language_button(code, tr.language)
            for code in _suggestions(tr.language, telegram_language, available)
        ]
    ]
    for group, codes in LANGUAGE_GROUPS.items():
        names = [native_name(code) for code in codes if code in available]
        if names:
            label = " · ".join(names[:NAMES_ON_GROUP_BUTTON])
            if len(names) > NAMES_ON_GROUP_BUTTON:
                label += " …"
            rows.append([InlineKeyboardButton(label, callback_data=f"{GROUP}{group}")])
    rows.append(
        [InlineKeyboardButton(tr._("Same as my Telegram app"), callback_data=f"{PICK}{AUTO}")]
    )
    return InlineKeyboardMarkup(rows)


def group_keyboard(codes: list[str], tr: Translator) -> InlineKeyboardMarkup:
    """One group's languages, two a row, and the way back to the first screen."""
    buttons = [_language_button(code, tr.language) for code in codes]
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    rows.append([InlineKeyboardButton(tr._("🌐 Language"), callback_data=MENU_LANGUAGE)])
    return InlineKeyboardMarkup(rows)


def _language_button(code: str, current: str) -> InlineKeyboardButton:
    mark = "✓ " if code == current else ""
    return InlineKeyboardButton(mark + native_name(code), callback_data=f"{PICK}{code}")


def _prompt(seen: Visit) -> str:
    """The question, then every language by its own name, one line per group."""
    available = seen.services.catalogs.languages
    question = seen.tr._(
        "I speak to you in {language}. Which language would you like?",
        language=native_name(seen.tr.language),
    )
    lines = [
        " · ".join(escape(native_name(code)) for code in codes if code in available)
        for codes in LANGUAGE_GROUPS.values()
    ]
    return "\n\n".join([question, "\n".join(line for line in lines if line)])


def _telegram_language(update: Update, seen: Visit) -> str:
    user = update.effective_user
    return seen.services.catalogs.for_telegram(user.language_code if user else None).language


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the language choices."""
    seen = await visit(update, context)
    keyboard = language_keyboard(
        seen.tr, _telegram_language(update, seen), seen.services.catalogs.languages
    )
    await reply(update, _prompt(seen), keyboard)


async def language_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu's Language button, and the way back from a group."""
    query = update.callback_query
    assert query is not None
    seen = await visit(update, context)
    await acknowledge(query)
    keyboard = language_keyboard(
        seen.tr, _telegram_language(update, seen), seen.services.catalogs.languages
    )
    await show(query, _prompt(seen), keyboard)


async def language_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One group's languages; a group that no longer exists is an expired button."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    available = seen.services.catalogs.languages
    codes = [c for c in LANGUAGE_GROUPS.get(query.data.removeprefix(GROUP), ()) if c in available]
    if not codes:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    await acknowledge(query)
    await show(query, _prompt(seen), group_keyboard(codes, seen.tr))


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
    CallbackQueryHandler(language_group, pattern=f"^{GROUP}"),
    CallbackQueryHandler(pick_language, pattern=f"^{PICK}"),
]
