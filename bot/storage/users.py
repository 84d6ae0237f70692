"""The ``users`` table: language and country choices, and when someone was first and last seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite


@dataclass(frozen=True)
class User:
    """What the bot keeps about one person."""

    id: int
    language: str | None
    country: str | None
    blocked: bool
    subdivision: str | None
    created_on: date
    last_seen_on: date


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        country=row["country"],
        blocked=bool(row["blocked"]),
        subdivision=row["subdivision"],
        created_on=date.fromisoformat(row["created_on"]),
        last_seen_on=date.fromisoformat(row["last_seen_on"]),
    )


class Users:
    """Reads and writes of the ``users`` table."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def seen(self, user_id: int, today: date) -> User:
        """Record that the user talked to the bot today and return their row.

        One statement creates or refreshes the row; ``last_seen_on`` has day resolution, so most
        updates of the day change nothing and cost no write.
        """
        day = today.isoformat()
        async with self._db.execute(
            """
            INSERT INTO users (id, created_on, last_seen_on) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seen_on = excluded.last_seen_on, blocked = 0
                WHERE users.last_seen_on <> excluded.last_seen_on OR users.blocked = 1
            RETURNING *
            """,
            (user_id, day, day),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:  # unchanged today: the upsert returned nothing
            found = await self.get(user_id)
            assert found is not None
            return found
        return _user(row)

    async def get(self, user_id: int) -> User | None:
        """The user's row, or ``None`` for someone the bot does not know."""
        async with self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cursor:
            row = await cursor.fetchone()
        return _user(row) if row else None

    async def set_language(self, user_id: int, language: str | None) -> None:
        """Remember the language chosen with /language (``None``: follow Telegram's setting)."""
        await self._db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_country(self, user_id: int, country: str | None) -> None:
        """Remember the user's country of residence for the objection wizard; a new country
        forgets the old country's subdivision."""
        await self._db.execute(
            "UPDATE users SET country = ?, subdivision = CASE WHEN country IS ? "
            "THEN subdivision END WHERE id = ?",
            (country, country, user_id),
        )

    async def set_subdivision(self, user_id: int, subdivision: str) -> None:
        """Remember the user's region (a German Land) to find the competent authority."""
        await self._db.execute(
            "UPDATE users SET subdivision = ? WHERE id = ?", (subdivision, user_id)
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        """Remember that the user blocked (or unblocked) the bot, so nothing is sent in vain."""
        await self._db.execute("UPDATE users SET blocked = ? WHERE id = ?", (int(blocked), user_id))
