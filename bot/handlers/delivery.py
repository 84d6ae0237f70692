"""Sending one message for a background job (a reminder, a broadcast) and classifying the result.

The one place that turns Telegram's answers into the outcomes the schedulers act on.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import RetryAfter, TelegramError

from bot.followup.scheduler import Delivery, Outcome
from bot.handlers.replies import NO_PREVIEW
from bot.telegram_errors import is_blocked, is_gone

log = logging.getLogger(__name__)


async def send_classified(
    bot: Bot, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Delivery:
    """Send an HTML message; never raises for Telegram's answers, returns what happened."""
    try:
        await bot.send_message(
            chat_id,
            text,
            parse_mode="HTML",
            reply_markup=keyboard,
            link_preview_options=NO_PREVIEW,
        )
    except RetryAfter as error:
        value = error.retry_after
        seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value)
        return Delivery(Outcome.SLOW_DOWN, seconds)
    except TelegramError as error:
        if is_blocked(error):
            return Delivery(Outcome.BLOCKED)
        if is_gone(error):
            return Delivery(Outcome.GONE)
        log.warning("a background send failed: %s", type(error).__name__)
        return Delivery(Outcome.FAILED)
    return Delivery(Outcome.SENT)
