"""Sending and editing replies, swallowing only the Telegram errors that are harmless."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.error import TelegramError

from bot.telegram_errors import is_gone, is_not_modified, is_stale_query

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat the update came from, as HTML without link previews."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(
        text, parse_mode="HTML", reply_markup=keyboard, link_preview_options=NO_PREVIEW
    )


async def acknowledge(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner; a press Telegram has already forgotten is not an error."""
    try:
        await query.answer(text)
    except TelegramError as error:
        if not is_stale_query(error):
            raise


async def show(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message's content, or send it anew when it can no longer be edited."""
    try:
        await query.edit_message_text(
            text, parse_mode="HTML", reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )
    except TelegramError as error:
        if is_not_modified(error):
            return
        if not is_gone(error) or query.message is None:
            raise
        await query.message.chat.send_message(
            text, parse_mode="HTML", reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )


async def replace_keyboard(message: Message, keyboard: InlineKeyboardMarkup | None) -> None:
    """Change or remove a message's buttons; an unchanged or vanished message is no error."""
    try:
        await message.edit_reply_markup(keyboard)
    except TelegramError as error:
        if not (is_not_modified(error) or is_gone(error)):
            raise
