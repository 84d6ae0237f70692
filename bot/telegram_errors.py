"""The one place that reads Telegram's error descriptions, so no handler matches on error text."""

from __future__ import annotations

from telegram.error import BadRequest, Forbidden, TelegramError


def is_blocked(error: TelegramError) -> bool:
    """The user blocked the bot, deleted their account, or removed the bot from the group."""
    return isinstance(error, Forbidden)


def is_not_modified(error: TelegramError) -> bool:
    """An edit that would change nothing: harmless, e.g. a button pressed twice."""
    return isinstance(error, BadRequest) and "message is not modified" in error.message.lower()


def is_gone(error: TelegramError) -> bool:
    """The message or chat to act on no longer exists."""
    text = error.message.lower()
    return isinstance(error, BadRequest) and (
        "message to edit not found" in text
        or "message to delete not found" in text
        or "chat not found" in text
        or "message can't be edited" in text
    )


def is_stale_query(error: TelegramError) -> bool:
    """A button press answered too late: Telegram forgets callback queries after a while."""
    return isinstance(error, BadRequest) and "query is too old" in error.message.lower()
