"""The ``meta`` table: small process-wide values, such as the heartbeat the health check reads."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.storage.timestamps import from_db, to_db

HEARTBEAT = "heartbeat"


class Meta:
    """Key-value reads and writes of the ``meta`` table."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def beat(self, now: datetime) -> None:
        """Record that the bot is alive and serving."""
        await self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (HEARTBEAT, to_db(now)),
        )

    async def last_beat(self) -> datetime | None:
        """When the serving bot last recorded it was alive."""
        async with self._db.execute("SELECT value FROM meta WHERE key = ?", (HEARTBEAT,)) as cur:
            row = await cur.fetchone()
        return from_db(row[0]) if row else None
