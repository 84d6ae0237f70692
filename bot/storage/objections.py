"""The wizard's pending platform, submitted objections and form reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from bot.storage.timestamps import to_db

#: A wizard left waiting for a country longer than this no longer claims the user's text.
WIZARD_TTL = timedelta(days=1)


@dataclass(frozen=True)
class Objection:
    """One objection a user said they submitted."""

    id: int
    user_id: int
    platform: str
    country: str
    region: str
    entry_id: str
    submitted_on: date
    status: str
    not_yet: int
    version: int
    resolved_on: date | None


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
            (user_id, platform, to_db(now)),
        )

    async def pending_platform(self, user_id: int, now: datetime) -> str | None:
        """The platform the user is choosing a country for, unless that was long ago."""
        async with self._db.execute(
            "SELECT platform FROM wizard WHERE user_id = ? AND started_at > ?",
            (user_id, to_db(now - WIZARD_TTL)),
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

    async def get(self, objection_id: int) -> Objection | None:
        """One objection by id."""
        async with self._db.execute(
            "SELECT * FROM objections WHERE id = ?", (objection_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _objection(row) if row else None

    async def for_user(self, user_id: int) -> list[Objection]:
        """The user's objections, newest first."""
        async with self._db.execute(
            "SELECT * FROM objections WHERE user_id = ? ORDER BY submitted_on DESC, id DESC",
            (user_id,),
        ) as cursor:
            return [_objection(row) for row in await cursor.fetchall()]

    async def update(self, objection: Objection, *, status: str, not_yet: int, today: date) -> bool:
        """Apply a new status if nobody changed the objection since it was read.

        The version check makes a double tap, or an old button, a no-op instead of a second
        transition (two quick "not yet" taps must not escalate).
        """
        resolved = today.isoformat() if status != "submitted" else None
        cursor = await self._db.execute(
            "UPDATE objections SET status = ?, not_yet = ?, resolved_on = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            (status, not_yet, resolved, objection.id, objection.version),
        )
        return cursor.rowcount == 1

    async def reopen(self, objection: Objection, today: date) -> bool:
        """Submitted again (e.g. after a refusal): back to waiting, as new."""
        cursor = await self._db.execute(
            "UPDATE objections SET status = 'submitted', not_yet = 0, resolved_on = NULL, "
            "submitted_on = ?, version = version + 1 WHERE id = ? AND version = ?",
            (today.isoformat(), objection.id, objection.version),
        )
        return cursor.rowcount == 1

    async def delete(self, objection_id: int, version: int) -> bool:
        """Delete one objection (and its waiting check) at the version the user saw."""
        cursor = await self._db.execute(
            "DELETE FROM objections WHERE id = ? AND version = ?", (objection_id, version)
        )
        return cursor.rowcount == 1

    async def purge_resolved(self, before: date) -> int:
        """Delete objections resolved before ``before`` (the retention period has passed)."""
        cursor = await self._db.execute(
            "DELETE FROM objections WHERE resolved_on IS NOT NULL AND resolved_on < ?",
            (before.isoformat(),),
        )
        return cursor.rowcount

    async def report_form(self, entry_id: str, user_id: int, today: date) -> bool:
        """Count a "the form doesn't work" press, once per user, entry and day."""
        async with self._db.execute(
            "INSERT INTO form_reports (entry_id, user_id, reported_on) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (entry_id, user_id, today.isoformat()),
        ) as cursor:
            return await cursor.fetchone() is not None


def _objection(row: aiosqlite.Row) -> Objection:
    resolved = row["resolved_on"]
    return Objection(
        id=row["id"],
        user_id=row["user_id"],
        platform=row["platform"],
        country=row["country"],
        region=row["region"],
        entry_id=row["entry_id"],
        submitted_on=date.fromisoformat(row["submitted_on"]),
        status=row["status"],
        not_yet=row["not_yet"],
        version=row["version"],
        resolved_on=date.fromisoformat(resolved) if resolved else None,
    )
