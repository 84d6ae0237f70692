"""Free text in a private chat: a moderator's broadcast text, a country while the wizard waits
for one, else a question."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.handlers import broadcasting, questions, wizard
from bot.handlers.context import visit


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a private text message by the user's stored wizard state."""
    seen = await visit(update, context)
    message = update.effective_message
    if seen.user is None or message is None or not message.text:
        return
    drafting = await seen.services.storage.moderation.drafting(seen.user.id)
    if drafting is not None:
        await broadcasting.draft_text(update, seen, *drafting)
        return
    pending = await seen.services.storage.objections.pending_platform(
        seen.user.id, seen.services.clock()
    )
    if pending is not None and await wizard.typed_country(update, seen, pending, message.text):
        return
    await questions.answer_question(update, seen, message.text)


HANDLERS = [
    MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_text)
]
