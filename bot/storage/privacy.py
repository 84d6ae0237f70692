"""Everything the bot holds about one person, to show it (/mydata) or delete it (/forget)."""

from __future__ import annotations

from datetime import date
from typing import Any

import aiosqlite

#: Each table with rows about a user, and the query that finds them: the one list to extend
#: when a table with personal data is added (a test checks no table is forgotten).
PERSONAL_TABLES: dict[str, str] = {
    "users": "SELECT * FROM users WHERE id = ?",
    "wizard": "SELECT * FROM wizard WHERE user_id = ?",
    "objections": "SELECT * FROM objections WHERE user_id = ?",
    "checks": "SELECT c.* FROM checks AS c JOIN objections AS o ON o.id = c.objection_id "
    "WHERE o.user_id = ?",
    "form_reports": "SELECT * FROM form_reports WHERE user_id = ?",
    "moderators": "SELECT * FROM moderators WHERE user_id = ?",
    "drafting": "SELECT * FROM drafting WHERE user_id = ?",
    "subscribers": "SELECT * FROM subscribers WHERE chat_id = ?",
    "subscriptions": "SELECT * FROM subscriptions WHERE chat_id = ?",
    "broadcast_recipients": "SELECT * FROM broadcast_recipients WHERE chat_id = ?",
}


class Privacy:
    """Export and deletion of one user's data."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, table by table."""
        data: dict[str, list[dict[str, Any]]] = {}
        for table, query in PERSONAL_TABLES.items():
            async with self._db.execute(query, (user_id,)) as cursor:
                data[table] = [dict(row) for row in await cursor.fetchall()]
        return data

    async def forget(self, user_id: int) -> None:
        """Delete the user and everything keyed by them; the rest follows by ON DELETE CASCADE.

        The audit log keeps a moderator's past actions: it is the record of what was sent to
        people, kept for accountability (said in /privacy)."""
        for table, column in (
            ("moderators", "user_id"),
            ("drafting", "user_id"),
            ("subscribers", "chat_id"),
            ("broadcast_recipients", "chat_id"),
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (user_id,))
        await self._db.execute("DELETE FROM users WHERE id = ?", (user_id,))

    async def purge_inactive(self, before: date) -> int:
        """Forget users last seen before ``before`` who have nothing open with the bot: no
        objection waiting for a confirmation and no active subscription to updates."""
        rows = await self._db.execute_fetchall(
            "SELECT id FROM users WHERE last_seen_on < ? "
            "AND NOT EXISTS (SELECT 1 FROM objections WHERE user_id = users.id "
            "AND resolved_on IS NULL) "
            "AND NOT EXISTS (SELECT 1 FROM subscribers WHERE chat_id = users.id AND active = 1)",
            (before.isoformat(),),
        )
        for row in rows:
            await self.forget(row[0])
        return len(rows)
