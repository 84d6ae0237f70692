"""Moderators added from the chat, the audit log of moderator actions, and broadcast drafting."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.storage.timestamps import from_db, to_db


@dataclass(frozen=True)
class AuditEntry:
    """One moderator action."""

    at: datetime
    moderator_id: int
    action: str
    detail: dict[str, Any]


class Moderation:
    """Reads and writes of ``moderators``, ``audit_log`` and ``drafting``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def added_moderators(self) -> list[int]:
        """Moderators added from the chat (the environment's are not stored)."""
        async with self._db.execute("SELECT user_id FROM moderators ORDER BY user_id") as cursor:
            return [row[0] for row in await cursor.fetchall()]

    async def is_added_moderator(self, user_id: int) -> bool:
        """Whether a moderator added this user from the chat."""
        async with self._db.execute(
            "SELECT 1 FROM moderators WHERE user_id = ?", (user_id,)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def add_moderator(self, user_id: int, added_by: int, now: datetime) -> bool:
        """Grant the role; ``False`` if the user already had it."""
        cursor = await self._db.execute(
            "INSERT INTO moderators (user_id, added_by, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (user_id, added_by, to_db(now)),
        )
        return cursor.rowcount == 1

    async def remove_moderator(self, user_id: int) -> bool:
        """Take the role away; ``False`` if the user did not have it (from the chat)."""
        cursor = await self._db.execute("DELETE FROM moderators WHERE user_id = ?", (user_id,))
        return cursor.rowcount == 1

    async def audit(self, moderator_id: int, action: str, now: datetime, **detail: Any) -> None:
        """Write one line to the audit log."""
        await self._db.execute(
            "INSERT INTO audit_log (at, moderator_id, action, detail) VALUES (?, ?, ?, ?)",
            (to_db(now), moderator_id, action, json.dumps(detail, sort_keys=True)),
        )

    async def audit_log(self, limit: int = 50) -> list[AuditEntry]:
        """The latest moderator actions, newest first."""
        async with self._db.execute(
            "SELECT at, moderator_id, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ) as cursor:
            return [
                AuditEntry(from_db(row[0]), row[1], row[2], json.loads(row[3]))
                for row in await cursor.fetchall()
            ]

    async def start_drafting(self, user_id: int, broadcast_id: int, language: str | None) -> None:
        """The moderator's next text message is this draft's text (in ``language``)."""
        await self._db.execute(
            "INSERT INTO drafting (user_id, broadcast_id, language) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET broadcast_id = excluded.broadcast_id, "
            "language = excluded.language",
            (user_id, broadcast_id, language),
        )

    async def drafting(self, user_id: int) -> tuple[int, str | None] | None:
        """The draft (and language) the moderator is writing, if any."""
        async with self._db.execute(
            "SELECT broadcast_id, language FROM drafting WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row else None

    async def stop_drafting(self, user_id: int) -> None:
        """The text arrived, or the draft was sent or discarded."""
        await self._db.execute("DELETE FROM drafting WHERE user_id = ?", (user_id,))
