"""Read-only counts for the moderators' /stats: aggregates only, never who did what."""

from __future__ import annotations

from datetime import date

import aiosqlite

from bot.storage.broadcasts import Broadcast, Broadcasts


class Stats:
    """One query per figure, so each number's definition can be read off its SQL."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def users_by_language(self) -> dict[str, int]:
        """Users per chosen language; ``auto`` for those following Telegram's language."""
        rows = await self._db.execute_fetchall(
            "SELECT coalesce(language, 'auto'), count(*) FROM users GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return {row[0]: row[1] for row in rows}

    async def users_by_country(self) -> dict[str | None, int]:
        """Users per ISO country code; ``None`` for those never asked."""
        rows = await self._db.execute_fetchall(
            "SELECT country, count(*) FROM users GROUP BY country ORDER BY 2 DESC, 1"
        )
        return {row[0]: row[1] for row in rows}

    async def objections_by_platform(self) -> dict[str, dict[str, int]]:
        """Objections per platform, then per status."""
        rows = await self._db.execute_fetchall(
            "SELECT platform, status, count(*) FROM objections GROUP BY platform, status "
            "ORDER BY platform, status"
        )
        found: dict[str, dict[str, int]] = {}
        for platform, status, count in rows:
            found.setdefault(platform, {})[status] = count
        return found

    async def days_to_confirmation(self) -> list[int]:
        """Whole days from submission to confirmation, one per confirmed objection."""
        rows = await self._db.execute_fetchall(
            "SELECT CAST(julianday(resolved_on) - julianday(submitted_on) AS INTEGER) "
            "FROM objections WHERE status = 'confirmed' AND resolved_on IS NOT NULL ORDER BY 1"
        )
        return [row[0] for row in rows]

    async def form_reports(self, since: date) -> dict[str, int]:
        """ "The form doesn't work" reports per entry from ``since`` on, most reported first."""
        rows = await self._db.execute_fetchall(
            "SELECT entry_id, count(*) FROM form_reports WHERE reported_on >= ? "
            "GROUP BY entry_id ORDER BY 2 DESC, 1",
            (since.isoformat(),),
        )
        return {row[0]: row[1] for row in rows}

    async def objections_per_day(self, since: date) -> dict[tuple[date, str], int]:
        """Objections submitted from ``since`` on, per submission day and current status."""
        rows = await self._db.execute_fetchall(
            "SELECT submitted_on, status, count(*) FROM objections WHERE submitted_on >= ? "
            "GROUP BY submitted_on, status",
            (since.isoformat(),),
        )
        return {(date.fromisoformat(row[0]), row[1]): row[2] for row in rows}

    async def recent_broadcasts(self, limit: int = 5) -> list[Broadcast]:
        """The latest broadcasts with their numbers, as /broadcasts counts them."""
        return await Broadcasts(self._db).history(limit)
