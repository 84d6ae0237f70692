"""The ``checks`` table: confirmation checks waiting to be sent, indexed by due time.

Sending is claim → send → delete, one at a time, so after a crash at most the one check that was
in flight can be sent twice (``recover`` puts it back in the queue at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.storage.timestamps import from_db, to_db


@dataclass(frozen=True)
class DueCheck:
    """A check that is due, with what is needed to render it in the user's language."""

    id: int
    attempts: int
    objection_id: int
    version: int
    user_id: int
    language: str | None
    platform: str
    country: str
    entry_id: str
    submitted_on: date


class Checks:
    """Scheduling, claiming and finishing confirmation checks."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def schedule(self, objection_id: int, due_at: datetime) -> None:
        """Queue a check; an objection has at most one waiting check (a new one replaces it).

        One statement, so it needs no transaction on the connection the handlers share."""
        await self._db.execute(
            "INSERT INTO checks (objection_id, due_at) VALUES (?, ?) ON CONFLICT (objection_id) "
            "DO UPDATE SET due_at = excluded.due_at, attempts = 0, sending_since = NULL",
            (objection_id, to_db(due_at)),
        )

    async def cancel(self, objection_id: int) -> None:
        """Drop the objection's waiting check (it was answered some other way)."""
        await self._db.execute("DELETE FROM checks WHERE objection_id = ?", (objection_id,))

    async def recover(self) -> int:
        """Put back checks that were being sent when the process died; returns how many."""
        cursor = await self._db.execute(
            "UPDATE checks SET sending_since = NULL WHERE sending_since IS NOT NULL"
        )
        return cursor.rowcount

    async def due(self, now: datetime, limit: int) -> list[DueCheck]:
        """The checks due at ``now``, oldest first (walks the due-time index only)."""
        # One call: the rows are read in one go, never interleaved with the writes of other
        # coroutines on the shared connection.
        rows = await self._db.execute_fetchall(
            """
            SELECT c.id, c.attempts, o.id AS objection_id, o.version, o.user_id, u.language,
                   o.platform, o.country, o.entry_id, o.submitted_on
            FROM checks AS c
            JOIN objections AS o ON o.id = c.objection_id
            JOIN users AS u ON u.id = o.user_id
            WHERE c.due_at <= ? AND c.sending_since IS NULL
            ORDER BY c.due_at
            LIMIT ?
            """,
            (to_db(now), limit),
        )
        return [
            DueCheck(
                id=row["id"],
                attempts=row["attempts"],
                objection_id=row["objection_id"],
                version=row["version"],
                user_id=row["user_id"],
                language=row["language"],
                platform=row["platform"],
                country=row["country"],
                entry_id=row["entry_id"],
                submitted_on=date.fromisoformat(row["submitted_on"]),
            )
            for row in rows
        ]

    async def next_due_at(self) -> datetime | None:
        """When the earliest waiting check is due, to sleep until then."""
        async with self._db.execute(
            "SELECT min(due_at) FROM checks WHERE sending_since IS NULL"
        ) as cursor:
            row = await cursor.fetchone()
        return from_db(row[0]) if row and row[0] else None

    async def claim(self, check_id: int, now: datetime) -> bool:
        """Mark a check as being sent; ``False`` if it was answered or cancelled meanwhile."""
        cursor = await self._db.execute(
            "UPDATE checks SET sending_since = ? WHERE id = ? AND sending_since IS NULL",
            (to_db(now), check_id),
        )
        return cursor.rowcount == 1

    async def sent(self, check_id: int) -> None:
        """The check reached Telegram: it is done."""
        await self._db.execute("DELETE FROM checks WHERE id = ?", (check_id,))

    async def retry(self, check_id: int, due_at: datetime) -> None:
        """A send failed: try again at ``due_at``, counting the attempt."""
        await self._db.execute(
            "UPDATE checks SET sending_since = NULL, attempts = attempts + 1, due_at = ? "
            "WHERE id = ?",
            (to_db(due_at), check_id),
        )

    async def release(self, check_id: int) -> None:
        """Telegram asked to slow down: back in the queue as it was, no attempt counted."""
        await self._db.execute("UPDATE checks SET sending_since = NULL WHERE id = ?", (check_id,))

    async def drop_for_user(self, user_id: int) -> None:
        """The user blocked the bot: stop their checks."""
        await self._db.execute(
            "DELETE FROM checks WHERE objection_id IN "
            "(SELECT id FROM objections WHERE user_id = ?)",
            (user_id,),
        )
