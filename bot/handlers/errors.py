"""The error handler: log what failed (never message text or tokens) and tell the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.context import services
from bot.telegram_errors import is_blocked

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the bot running whatever a handler raised.

    Only the update id and the error's type and traceback are logged: an exception's text
    can quote what a user wrote, so ``str(error)`` is logged only for Telegram's own errors.
    """
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, TelegramError):
        if is_blocked(error):
            log.info("update %s: the user blocked the bot or removed it", update_id)
            if isinstance(update, Update) and update.effective_user is not None:
                await services(context).storage.users.set_blocked(update.effective_user.id, True)
            return
        log.warning("update %s: Telegram error %s: %s", update_id, type(error).__name__, error)
    else:
        log.error(
            "update %s: unhandled %s",
            update_id,
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    sender = update.effective_user
    tr = services(context).catalogs.for_telegram(sender.language_code if sender else None)
    try:
        await update.effective_chat.send_message(
            tr._("Sorry, something went wrong on my side. Please try again in a moment.")
        )
    except TelegramError as send_error:
        log.warning("update %s: could not tell the user: %s", update_id, type(send_error).__name__)
