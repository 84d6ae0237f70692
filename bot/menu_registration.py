"""Registering the command menu and the bot's descriptions with Telegram, once per language."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.ext import Application

from bot.commands import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION
from bot.i18n import DEFAULT_LANGUAGE, Catalogs, Translator, telegram_code

log = logging.getLogger(__name__)

#: Two catalogs share Telegram's two-letter code ``pt``; the global menu for it is the Brazilian
#: one, since Telegram's own Portuguese app translation is Brazilian (``pt-br``). Whoever picks
#: European Portuguese with /language gets it as a per-chat menu.
SHARED_CODE_MENU = {"pt": "pt_BR"}


def bot_commands(tr: Translator) -> list[BotCommand]:
    """The command menu in one language."""
    return [BotCommand(command, tr._(description)) for command, description in COMMANDS]


async def register_menus(application: Application, catalogs: Catalogs) -> None:
    """Set commands, description and short description for every language.

    The English set is also registered without a language code: Telegram shows it to everyone
    whose app language has no set of its own. ``language_code`` takes two letters only.
    """
    bot = application.bot
    for tr in catalogs.all():
        code = telegram_code(tr.language)
        if SHARED_CODE_MENU.get(code, tr.language) != tr.language:
            continue
        codes = [code]
        if tr.language == DEFAULT_LANGUAGE:
            codes.append("")
        for code in codes:
            await bot.set_my_commands(bot_commands(tr), language_code=code or None)
            await bot.set_my_description(tr._(DESCRIPTION), language_code=code or None)
            await bot.set_my_short_description(tr._(SHORT_DESCRIPTION), language_code=code or None)
    log.info("registered command menus for %d languages", len(catalogs.all()))
