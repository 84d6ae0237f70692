"""Who is a moderator: the ids in ``BOT_MODERATORS`` plus those moderators added from the chat.

Checked on the server for every moderator command and button, never inferred from what a
client sends."""

from __future__ import annotations

from bot.settings import Settings
from bot.storage import Storage


async def is_moderator(settings: Settings, storage: Storage, user_id: int) -> bool:
    """Whether ``user_id`` may use the moderator commands."""
    return user_id in settings.moderators or await storage.moderation.is_added_moderator(user_id)
