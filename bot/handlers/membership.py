"""Following whether a user blocked the bot or a group removed it, so nothing is sent in vain."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler, ContextTypes

from bot.handlers.context import services


async def bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram reports a block (private chat) or a removal (group) as a change of the bot's
    membership; from then on nothing is sent there."""
    change = update.my_chat_member
    if change is None:
        return
    storage = services(context).storage
    gone = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    if change.chat.type == "private":
        await storage.users.set_blocked(change.from_user.id, gone)
    if gone:
        await storage.subscriptions.deactivate(change.chat.id)


HANDLERS = [ChatMemberHandler(bot_membership, ChatMemberHandler.MY_CHAT_MEMBER)]
