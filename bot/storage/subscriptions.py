"""Who wants updates about which platforms, and finding a broadcast's audience."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import aiosqlite

ALL_PLATFORMS = "*"


@dataclass(frozen=True)
class Audience:
    """A broadcast's filter; ``None`` fields do not filter. ``countries`` stands for a region
    (the caller expands a region into its countries)."""

    language: str | None = None
    countries: tuple[str, ...] | None = None
    platform: str | None = None
    status: str | None = None


class Subscriptions:
    """Reads and writes of ``subscribers`` and ``subscriptions``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def platforms(self, chat_id: int) -> set[str]:
        """The platforms a chat follows (``*`` for all); empty when not subscribed."""
        async with self._db.execute(
            "SELECT s.platform FROM subscriptions AS s JOIN subscribers AS c USING (chat_id) "
            "WHERE s.chat_id = ? AND c.active = 1",
            (chat_id,),
        ) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def subscribe(self, chat_id: int, platform: str, language: str, today: date) -> None:
        """Follow ``platform`` (or ``*``); re-activates a chat that had blocked the bot."""
        await self._db.execute(
            "INSERT INTO subscribers (chat_id, language, created_on) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language, active = 1",
            (chat_id, language, today.isoformat()),
        )
        await self._db.execute(
            "INSERT INTO subscriptions (chat_id, platform) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (chat_id, platform),
        )

    async def unsubscribe(self, chat_id: int, platform: str | None = None) -> None:
        """Stop one platform's updates, or all of them (which forgets the chat)."""
        if platform is None:
            await self._db.execute("DELETE FROM subscribers WHERE chat_id = ?", (chat_id,))
        else:
            await self._db.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND platform = ?",
                (chat_id, platform),
            )

    async def set_language(self, chat_id: int, language: str) -> None:
        """Updates follow the language the user picked with /language."""
        await self._db.execute(
            "UPDATE subscribers SET language = ? WHERE chat_id = ?", (language, chat_id)
        )

    async def deactivate(self, chat_id: int) -> None:
        """Telegram said the chat blocked or removed the bot: send nothing more."""
        await self._db.execute("UPDATE subscribers SET active = 0 WHERE chat_id = ?", (chat_id,))

    async def audience(self, audience: Audience) -> list[tuple[int, str]]:
        """(chat id, language) of every active subscriber the filter selects."""
        sql = ["SELECT c.chat_id, c.language FROM subscribers AS c WHERE c.active = 1"]
        args: list[object] = []
        if audience.language:
            sql.append("AND c.language = ?")
            args.append(audience.language)
        if audience.platform:
            sql.append(
                "AND EXISTS (SELECT 1 FROM subscriptions AS s WHERE s.chat_id = c.chat_id "
                "AND s.platform IN (?, '*'))"
            )
            args.append(audience.platform)
        if audience.countries is not None:
            sql.append(
                f"AND EXISTS (SELECT 1 FROM users AS u WHERE u.id = c.chat_id "
                f"AND u.country IN ({_marks(audience.countries)}))"
            )
            args += audience.countries
        if audience.status:
            sql.append(
                "AND EXISTS (SELECT 1 FROM objections AS o WHERE o.user_id = c.chat_id "
                "AND o.status = ?" + (" AND o.platform = ?" if audience.platform else "") + ")"
            )
            args += [audience.status, *([audience.platform] if audience.platform else [])]
        rows = await self._db.execute_fetchall(" ".join(sql) + " ORDER BY c.chat_id", args)
        return [(row[0], row[1]) for row in rows]


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" * len(values)) or "NULL"
