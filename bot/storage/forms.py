"""Moderators' overrides of knowledge entries, "the form doesn't work" counts, and alerts sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.storage.timestamps import from_db, to_db


@dataclass(frozen=True)
class FormOverride:
    """What moderators changed about one entry."""

    entry_id: str
    broken: bool
    url: str | None
    note: str | None
    updated_by: int
    updated_at: datetime


def _override(row: aiosqlite.Row) -> FormOverride:
    return FormOverride(
        entry_id=row["entry_id"],
        broken=bool(row["broken"]),
        url=row["url"],
        note=row["note"],
        updated_by=row["updated_by"],
        updated_at=from_db(row["updated_at"]),
    )


class Forms:
    """Reads and writes of ``form_overrides``, ``form_reports`` counts and ``form_alerts``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def override(self, entry_id: str) -> FormOverride | None:
        """The moderators' changes to one entry, if any."""
        async with self._db.execute(
            "SELECT * FROM form_overrides WHERE entry_id = ?", (entry_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _override(row) if row else None

    async def overrides(self) -> dict[str, FormOverride]:
        """Every entry's override, by entry id."""
        rows = await self._db.execute_fetchall("SELECT * FROM form_overrides")
        return {row["entry_id"]: _override(row) for row in rows}

    async def change(
        self, entry_id: str, by: int, now: datetime, **fields: bool | str | None
    ) -> None:
        """Set ``broken``, ``url`` and/or ``note`` of an entry's override."""
        allowed = {"broken", "url", "note"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be changed")
        columns = ", ".join(fields)
        marks = ", ".join("?" * len(fields))
        updates = ", ".join(f"{name} = excluded.{name}" for name in fields)
        await self._db.execute(
            f"INSERT INTO form_overrides (entry_id, updated_by, updated_at, {columns}) "
            f"VALUES (?, ?, ?, {marks}) ON CONFLICT (entry_id) DO UPDATE SET {updates}, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (entry_id, by, to_db(now), *fields.values()),
        )

    async def report_count(self, entry_id: str, since: date) -> int:
        """People who said the form does not work since ``since`` (each at most once a day)."""
        rows = await self._db.execute_fetchall(
            "SELECT count(*) FROM form_reports WHERE entry_id = ? AND reported_on >= ?",
            (entry_id, since.isoformat()),
        )
        return int(next(iter(rows))[0])

    async def report_counts(self, since: date) -> dict[str, int]:
        """Report counts of every reported entry since ``since``."""
        rows = await self._db.execute_fetchall(
            "SELECT entry_id, count(*) FROM form_reports WHERE reported_on >= ? GROUP BY entry_id",
            (since.isoformat(),),
        )
        return {row[0]: row[1] for row in rows}

    async def first_alert_today(self, subject: str, kind: str, today: date) -> bool:
        """Record an alert about an entry or a link; ``False`` if it was already sent today."""
        cursor = await self._db.execute(
            "INSERT INTO form_alerts (subject, kind, alerted_on) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (subject, kind, today.isoformat()),
        )
        return cursor.rowcount == 1

    async def affected(self, entry_id: str) -> list[tuple[int, str | None]]:
        """(user, language) of everyone who submitted through ``entry_id`` and has no
        confirmation yet, and has not blocked the bot: the people a change of that form
        concerns, subscribed to updates or not."""
        rows = await self._db.execute_fetchall(
            "SELECT u.id, u.language FROM objections AS o JOIN users AS u ON u.id = o.user_id "
            "WHERE o.entry_id = ? AND o.status = 'submitted' AND u.blocked = 0 ORDER BY u.id",
            (entry_id,),
        )
        return [(row[0], row[1]) for row in rows]
