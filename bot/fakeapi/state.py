"""Everything the fake Telegram server remembers: chats, messages, updates, settings.

Kept apart from the method implementations so tests can inspect it and the methods stay
small functions of (state, params).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from bot.fakeapi.errors import BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, ApiError, bad_request
from bot.fakeapi.http import UploadedFile
from bot.fakeapi.updates import FakeChat, FakeUser

# Keys the fake adds to stored messages for inspection; stripped before answering the bot.
EXTRA_KEYS = frozenset({"parse_mode", "edit_count", "deleted", "raw_text", "upload"})
DEFAULT_SCOPE = {"type": "default"}


def public(message: dict[str, Any]) -> dict[str, Any]:
    """The Message JSON as Telegram would return it (without the fake's bookkeeping keys)."""
    return {k: v for k, v in message.items() if k not in EXTRA_KEYS}


def scope_key(scope: Any) -> str:
    """A stable key for a BotCommandScope given as dict, PTB object or None."""
    if scope is None:
        scope = DEFAULT_SCOPE
    elif hasattr(scope, "to_dict"):
        scope = scope.to_dict()
    return json.dumps(scope, sort_keys=True)


@dataclass
class BotState:
    """Mutable server state; one instance per FakeBotApi."""

    bot_user: dict[str, Any]
    updates: list[dict[str, Any]] = field(default_factory=list)  # not yet confirmed
    last_update_id: int = 0  # highest queued
    delivered_update_id: int = 0  # highest returned by getUpdates
    update_event: asyncio.Event = field(default_factory=asyncio.Event)
    users: dict[int, FakeUser] = field(default_factory=dict)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)
    admins: dict[int, list[int]] = field(default_factory=dict)
    started: set[int] = field(default_factory=set)  # users with a private chat with the bot
    blocked: set[int] = field(default_factory=set)
    left_chats: set[int] = field(default_factory=set)
    chat_messages: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    last_message_id: dict[int, int] = field(default_factory=dict)
    sent_log: list[dict[str, Any]] = field(default_factory=list)
    sent_by_chat: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    pending_callbacks: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered_callbacks: list[dict[str, Any]] = field(default_factory=list)
    pending_inline: dict[str, dict[str, Any]] = field(default_factory=dict)
    inline_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    menu_buttons: dict[int | None, dict[str, Any]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    chat_actions: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[UploadedFile] = field(default_factory=list)

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    # --- updates -------------------------------------------------------------------------------

    def queue(self, update: dict[str, Any]) -> dict[str, Any]:
        self.learn(update)
        self.updates.append(update)
        self.last_update_id = max(self.last_update_id, int(update["update_id"]))
        self.update_event.set()
        return update

    def learn(self, update: dict[str, Any]) -> None:
        """Chats and users seen in an update become known, as on the real server."""
        for payload in update.values():
            if not isinstance(payload, dict):
                continue
            sender = payload.get("from")
            if isinstance(sender, dict) and not sender.get("is_bot"):
                self.add_user(_user_from_dict(sender), overwrite=False, started=False)
            chat = payload.get("chat") or (payload.get("message") or {}).get("chat")
            if isinstance(chat, dict) and "id" in chat:
                self.chats.setdefault(int(chat["id"]), chat)
                if chat.get("type") == "private":
                    self.started.add(int(chat["id"]))
                if isinstance(sender, dict):
                    self.members.setdefault(int(chat["id"]), set()).add(int(sender["id"]))

    def add_user(self, user: FakeUser, overwrite: bool = True, started: bool = True) -> None:
        """Know a user; ``started`` means they opened a private chat with the bot."""
        if overwrite or user.id not in self.users:
            self.users[user.id] = user
        self.chats.setdefault(user.id, user.private_chat())
        if started:
            self.started.add(user.id)

    def add_chat(self, chat: FakeChat) -> None:
        self.chats[chat.id] = chat.to_dict()

    # --- chats and messages ----------------------------------------------------------------------

    def chat(self, chat_id: Any) -> dict[str, Any]:
        """The known chat for a ``chat_id`` parameter, or Telegram's "chat not found"."""
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if str(chat.get("username", "")).lower() == name and chat_id.startswith("@"):
                    return chat
            raise bad_request(CHAT_NOT_FOUND)
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request(CHAT_NOT_FOUND)
        return chat

    def writable_chat(self, chat_id: Any) -> dict[str, Any]:
        """Like ``chat`` but also refuses chats the bot may not write to (blocked / left)."""
        chat = self.chat(chat_id)
        cid = int(chat["id"])
        if chat["type"] == "private" and cid in self.blocked:
            raise ApiError(403, BLOCKED)
        if chat["type"] == "private" and cid not in self.started:
            raise ApiError(403, CANT_INITIATE)
        if cid in self.left_chats:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat['type']} chat")
        return chat

    def next_message_id(self, chat_id: int) -> int:
        self.last_message_id[chat_id] = self.last_message_id.get(chat_id, 0) + 1
        return self.last_message_id[chat_id]

    def store(self, message: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(message["chat"]["id"])
        self.chat_messages.setdefault(chat_id, {})[int(message["message_id"])] = message
        if message.get("from", {}).get("id") == self.bot_id:
            self.sent_log.append(message)
            self.sent_by_chat.setdefault(chat_id, []).append(message)
        return message

    def find_message(self, chat_id: int, message_id: Any) -> dict[str, Any] | None:
        return self.chat_messages.get(chat_id, {}).get(message_id)


def _user_from_dict(data: dict[str, Any]) -> FakeUser:
    return FakeUser(
        id=int(data["id"]),
        first_name=str(data.get("first_name", "")),
        language_code=data.get("language_code"),
        username=data.get("username"),
        last_name=data.get("last_name"),
    )
