"""Fake users/chats and builders of Update JSON as Telegram would deliver it.

Builders return plain dicts (the wire format), so the real client parses them exactly like
production traffic.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from bot.fakeapi.formatting import utf16_len


@dataclass(frozen=True)
class FakeUser:
    """A human talking to the bot."""

    id: int
    first_name: str = "Test"
    language_code: str | None = None
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def private_chat(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class FakeChat:
    """A group, supergroup or channel the bot is in."""

    id: int
    type: str = "group"
    title: str = "Test group"
    username: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username is not None:
            data["username"] = self.username
        return data


def now() -> int:
    return int(time.time())


def command_entities(text: str) -> list[dict[str, Any]]:
    """A leading ``/command`` (optionally ``@botname``) gets a bot_command entity."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


class UpdateFactory:
    """Builds updates with increasing ids and Telegram-like message/query ids."""

    def __init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def wrap(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": self.next_update_id(), kind: payload}

    def message(
        self,
        user: FakeUser,
        chat: dict[str, Any],
        message_id: int,
        **content: Any,
    ) -> dict[str, Any]:
        return {
            "message_id": message_id,
            "from": user.to_dict(),
            "chat": chat,
            "date": now(),
            **content,
        }

    def text_content(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return content

    def sticker_content(self) -> dict[str, Any]:
        n = next(self._file_ids)
        return {
            "sticker": {
                "file_id": f"STICKER{n}",
                "file_unique_id": f"ustk{n}",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        }

    def photo_content(self, caption: str | None = None) -> dict[str, Any]:
        n = next(self._file_ids)
        content: dict[str, Any] = {
            "photo": [
                {
                    "file_id": f"PHOTO{n}s",
                    "file_unique_id": f"uph{n}s",
                    "width": 90,
                    "height": 90,
                    "file_size": 1024,
                },
                {
                    "file_id": f"PHOTO{n}",
                    "file_unique_id": f"uph{n}",
                    "width": 800,
                    "height": 800,
                    "file_size": 65536,
                },
            ]
        }
        if caption is not None:
            content["caption"] = caption
        return content

    def callback_query(self, user: FakeUser, message: dict[str, Any], data: str) -> dict[str, Any]:
        return {
            "id": f"{next(self._query_ids)}{user.id}",
            "from": user.to_dict(),
            "message": message,
            "chat_instance": f"ci{message['chat']['id']}",
            "data": data,
        }

    def inline_query(self, user: FakeUser, query: str) -> dict[str, Any]:
        return {
            "id": f"iq{next(self._query_ids)}{user.id}",
            "from": user.to_dict(),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }

    def my_chat_member(
        self,
        user: FakeUser,
        chat: dict[str, Any],
        bot_user: dict[str, Any],
        old_status: str,
        new_status: str,
    ) -> dict[str, Any]:
        return {
            "chat": chat,
            "from": user.to_dict(),
            "date": now(),
            "old_chat_member": member(bot_user, old_status),
            "new_chat_member": member(bot_user, new_status),
        }


def member(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember of the given status, with the fields PTB requires for it."""
    data: dict[str, Any] = {"user": user, "status": status}
    if status == "kicked":
        data["until_date"] = 0
    elif status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
        )
    return data
