"""Following whether a user blocked the bot, so that nothing is sent to them in vain."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler, ContextTypes

from bot.handlers.context import services


async def private_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram reports a block or unblock as a change of the bot's membership in the chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await services(context).storage.users.set_blocked(change.from_user.id, blocked)


HANDLERS = [ChatMemberHandler(private_membership, ChatMemberHandler.MY_CHAT_MEMBER)]
