"""The ``faq_feedback`` table: how often an answer helped, per topic, with nothing about who."""

from __future__ import annotations

import aiosqlite


class Feedback:
    """Counting and reading the Helpful / Not helpful votes."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def count(self, topic: str, *, helpful: bool) -> None:
        """Add one vote for ``topic``."""
        column = "helpful" if helpful else "not_helpful"
        await self._db.execute(
            f"INSERT INTO faq_feedback (topic, {column}) VALUES (?, 1) "
            f"ON CONFLICT (topic) DO UPDATE SET {column} = {column} + 1",
            (topic,),
        )

    async def totals(self) -> dict[str, tuple[int, int]]:
        """Votes per topic: (helpful, not helpful)."""
        async with self._db.execute(
            "SELECT topic, helpful, not_helpful FROM faq_feedback ORDER BY topic"
        ) as cursor:
            return {row[0]: (row[1], row[2]) for row in await cursor.fetchall()}
