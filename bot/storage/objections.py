"""The wizard's pending platform, submitted objections and form reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

#: A wizard left waiting for a country longer than this no longer claims the user's text.
WIZARD_TTL = timedelta(days=1)


@dataclass(frozen=True)
class Objection:
    """One objection a user said they submitted."""

    id: int
    platform: str
    country: str
    region: str
    entry_id: str
    submitted_on: date
    status: str


class Objections:
    """Reads and writes of the ``wizard``, ``objections`` and ``form_reports`` tables."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def await_country(self, user_id: int, platform: str, now: datetime) -> None:
        """Remember that the user is choosing a country for ``platform``."""
        await self._db.execute(
            "INSERT INTO wizard (user_id, platform, started_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET platform = excluded.platform, "
            "started_at = excluded.started_at",
            (user_id, platform, now.isoformat()),
        )

    async def pending_platform(self, user_id: int, now: datetime) -> str | None:
        """The platform the user is choosing a country for, unless that was long ago."""
        async with self._db.execute(
            "SELECT platform FROM wizard WHERE user_id = ? AND started_at > ?",
            (user_id, (now - WIZARD_TTL).isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def finish_wizard(self, user_id: int) -> None:
        """The answer was shown: typed text is no longer a country."""
        await self._db.execute("DELETE FROM wizard WHERE user_id = ?", (user_id,))

    async def record(
        self, user_id: int, *, platform: str, country: str, region: str, entry_id: str, today: date
    ) -> tuple[Objection, bool]:
        """Record a submitted objection; pressing the button twice records it once.

        Returns the objection and whether it was new.
        """
        async with self._db.execute(
            "INSERT INTO objections (user_id, platform, country, region, entry_id, submitted_on) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, entry_id) DO NOTHING RETURNING *",
            (user_id, platform, country, region, entry_id, today.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        created = row is not None
        if row is None:
            async with self._db.execute(
                "SELECT * FROM objections WHERE user_id = ? AND entry_id = ?", (user_id, entry_id)
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _objection(row), created

    async def report_form(self, entry_id: str, user_id: int, today: date) -> bool:
        """Count a "the form doesn't work" press, once per user, entry and day."""
        async with self._db.execute(
            "INSERT INTO form_reports (entry_id, user_id, reported_on) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (entry_id, user_id, today.isoformat()),
        ) as cursor:
            return await cursor.fetchone() is not None


def _objection(row: aiosqlite.Row) -> Objection:
    return Objection(
        id=row["id"],
        platform=row["platform"],
        country=row["country"],
        region=row["region"],
        entry_id=row["entry_id"],
        submitted_on=date.fromisoformat(row["submitted_on"]),
        status=row["status"],
    )
