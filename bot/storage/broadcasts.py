"""Broadcast jobs, their texts and their recipients: the delivery engine's whole state.

Every recipient row moves pending → sending → sent | blocked | failed. Only the few rows the
engine has in flight are ``sending``, so after a crash at most those can be sent twice
(``recover`` puts them back to ``pending`` at start-up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.storage.database import transaction
from bot.storage.timestamps import from_db, to_db


class JobState(StrEnum):
    """A broadcast's life: written, being sent, then ended one way or the other."""

    DRAFT = "draft"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class Final(StrEnum):
    """How a recipient's delivery ended."""

    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass(frozen=True)
class Counts:
    """A job's recipients by outcome; ``pending`` includes the few in flight."""

    total: int = 0
    pending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0


@dataclass(frozen=True)
class Broadcast:
    """One job as /broadcasts shows it."""

    id: int
    created_by: int
    created_at: datetime
    state: JobState
    default_language: str
    audience: str
    started_at: datetime | None
    finished_at: datetime | None
    progress_chat_id: int | None
    progress_message_id: int | None
    counts: Counts


@dataclass(frozen=True)
class Recipient:
    """A claimed recipient: where to send, in which language, and how many sends failed."""

    chat_id: int
    language: str | None
    attempts: int


@dataclass(frozen=True)
class Recovery:
    """What start-up found: recipients put back in the queue, and the jobs to resume."""

    requeued: int
    sending: list[int]


# Counting from the recipients reads only the (broadcast_id, state, …) index.
_LIVE_COUNTS = """
    SELECT state, count(*) FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY state
"""

# Freezes the counters from the recipients (all four in one statement: one consistent view).
_FREEZE = """
    total = (SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = broadcasts.id),
    sent = (SELECT count(*) FROM broadcast_recipients
            WHERE broadcast_id = broadcasts.id AND state = 'sent'),
    failed = (SELECT count(*) FROM broadcast_recipients
              WHERE broadcast_id = broadcasts.id AND state = 'failed'),
    blocked = (SELECT count(*) FROM broadcast_recipients
               WHERE broadcast_id = broadcasts.id AND state = 'blocked')
"""


class Broadcasts:
    """Reads and writes of ``broadcasts``, ``broadcast_texts`` and ``broadcast_recipients``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    # --- drafting ------------------------------------------------------------------------------

    async def create(
        self,
        created_by: int,
        now: datetime,
        default_language: str,
        texts: Mapping[str, str],
        audience: str = "{}",
    ) -> int:
        """A new draft; ``texts`` must include the default language, every recipient's fallback."""
        if default_language not in texts:
            raise ValueError(f"no text in the default language {default_language!r}")
        async with transaction(self._db):
            cursor = await self._db.execute(
                "INSERT INTO broadcasts (created_by, created_at, default_language, audience) "
                "VALUES (?, ?, ?, ?)",
                (created_by, to_db(now), default_language, audience),
            )
            broadcast_id = cursor.lastrowid
            assert broadcast_id is not None
            await self._db.executemany(
                "INSERT INTO broadcast_texts (broadcast_id, language, text) VALUES (?, ?, ?)",
                ((broadcast_id, language, text) for language, text in texts.items()),
            )
        return broadcast_id

    async def set_text(self, broadcast_id: int, language: str, text: str) -> None:
        """Add or replace one language's text."""
        await self._db.execute(
            "INSERT INTO broadcast_texts (broadcast_id, language, text) VALUES (?, ?, ?) "
            "ON CONFLICT (broadcast_id, language) DO UPDATE SET text = excluded.text",
            (broadcast_id, language, text),
        )

    async def set_audience(self, broadcast_id: int, audience: str) -> None:
        """Replace the (opaque, JSON) audience description."""
        await self._db.execute(
            "UPDATE broadcasts SET audience = ? WHERE id = ?", (audience, broadcast_id)
        )

    async def texts(self, broadcast_id: int) -> dict[str, str]:
        """The job's text per language."""
        async with self._db.execute(
            "SELECT language, text FROM broadcast_texts WHERE broadcast_id = ?", (broadcast_id,)
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def enqueue(self, broadcast_id: int, recipients: Iterable[tuple[int, str | None]]) -> int:
        """Add ``(chat_id, language)`` recipients in one transaction; returns how many were new.

        A chat listed twice (or already queued) is kept once: nobody gets a job twice.
        """
        async with transaction(self._db):
            cursor = await self._db.executemany(
                "INSERT OR IGNORE INTO broadcast_recipients (broadcast_id, chat_id, language) "
                "VALUES (?, ?, ?)",
                ((broadcast_id, chat_id, language) for chat_id, language in recipients),
            )
        return cursor.rowcount

    # --- the job's life ------------------------------------------------------------------------

    async def start(
        self,
        broadcast_id: int,
        now: datetime,
        progress_chat_id: int | None,
        progress_message_id: int | None,
    ) -> bool:
        """Draft → sending, remembering the message that shows progress; ``False`` if not a
        draft (started twice, or cancelled)."""
        cursor = await self._db.execute(
            "UPDATE broadcasts SET state = 'sending', started_at = ?, progress_chat_id = ?, "
            "progress_message_id = ? WHERE id = ? AND state = 'draft'",
            (to_db(now), progress_chat_id, progress_message_id, broadcast_id),
        )
        return cursor.rowcount == 1

    async def cancel(self, broadcast_id: int, now: datetime) -> bool:
        """Draft or sending → cancelled; unsent recipients stay ``pending`` and are never sent.
        ``False`` if the job had already ended."""
        cursor = await self._db.execute(
            f"UPDATE broadcasts SET state = 'cancelled', finished_at = ?, {_FREEZE} "
            "WHERE id = ? AND state IN ('draft', 'sending')",
            (to_db(now), broadcast_id),
        )
        return cursor.rowcount == 1

    async def finish(self, broadcast_id: int, now: datetime) -> None:
        """Nothing is in flight any more: a sending job becomes done, a cancelled one stays
        cancelled, and either way the counters are frozen with the last settled sends."""
        await self._db.execute(
            "UPDATE broadcasts SET state = CASE state WHEN 'sending' THEN 'done' ELSE state END, "
            f"finished_at = coalesce(finished_at, ?), {_FREEZE} "
            "WHERE id = ? AND state IN ('sending', 'cancelled')",
            (to_db(now), broadcast_id),
        )

    async def recover(self) -> Recovery:
        """At start-up: recipients left ``sending`` by a crash go back to ``pending``, and the
        jobs still ``sending`` are listed to resume (oldest first)."""
        cursor = await self._db.execute(
            "UPDATE broadcast_recipients SET state = 'pending' "
            "WHERE broadcast_id IN (SELECT id FROM broadcasts) AND state = 'sending'"
        )
        return Recovery(requeued=cursor.rowcount, sending=await self.sending())

    async def sending(self) -> list[int]:
        """The jobs being sent, in the order they were started."""
        async with self._db.execute(
            "SELECT id FROM broadcasts WHERE state = 'sending' ORDER BY started_at, id"
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    # --- recipients ----------------------------------------------------------------------------

    async def claim(self, broadcast_id: int, now: datetime, limit: int = 1) -> list[Recipient]:
        """Mark up to ``limit`` due pending recipients as ``sending`` and return them; none once
        the job is no longer sending (cancelled meanwhile)."""
        async with self._db.execute(
            """
            UPDATE broadcast_recipients SET state = 'sending'
            WHERE broadcast_id = ? AND chat_id IN (
                SELECT chat_id FROM broadcast_recipients
                WHERE broadcast_id = ? AND state = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ?
            )
            AND EXISTS (SELECT 1 FROM broadcasts WHERE id = ? AND state = 'sending')
            RETURNING chat_id, language, attempts
            """,
            (broadcast_id, broadcast_id, to_db(now), limit, broadcast_id),
        ) as cursor:
            rows = await cursor.fetchall()
        return [Recipient(row[0], row[1], row[2]) for row in rows]

    async def next_due_at(self, broadcast_id: int) -> datetime | None:
        """When the job's next pending recipient is due; ``None`` when none is pending."""
        async with self._db.execute(
            "SELECT min(next_attempt_at) FROM broadcast_recipients "
            "WHERE broadcast_id = ? AND state = 'pending'",
            (broadcast_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return from_db(row[0]) if row and row[0] else None

    async def mark(self, broadcast_id: int, chat_id: int, final: Final) -> None:
        """The recipient's delivery ended (a failure counts as one more attempt)."""
        await self._db.execute(
            "UPDATE broadcast_recipients SET state = ?, attempts = attempts + (? = 'failed') "
            "WHERE broadcast_id = ? AND chat_id = ?",
            (final.value, final.value, broadcast_id, chat_id),
        )

    async def retry(self, broadcast_id: int, chat_id: int, next_attempt_at: datetime) -> None:
        """A send failed: back to ``pending`` until ``next_attempt_at``, counting the attempt."""
        await self._db.execute(
            "UPDATE broadcast_recipients SET state = 'pending', attempts = attempts + 1, "
            "next_attempt_at = ? WHERE broadcast_id = ? AND chat_id = ?",
            (to_db(next_attempt_at), broadcast_id, chat_id),
        )

    async def release(self, broadcast_id: int, chat_id: int) -> None:
        """Not sent (Telegram asked to slow down, or the job stopped): back to ``pending`` as
        it was, no attempt counted."""
        await self._db.execute(
            "UPDATE broadcast_recipients SET state = 'pending' "
            "WHERE broadcast_id = ? AND chat_id = ?",
            (broadcast_id, chat_id),
        )

    async def forget_chat(self, chat_id: int) -> int:
        """/forget: delete the chat from every job's recipients; returns how many rows."""
        cursor = await self._db.execute(
            "DELETE FROM broadcast_recipients WHERE chat_id = ?", (chat_id,)
        )
        return cursor.rowcount

    # --- reading -------------------------------------------------------------------------------

    async def counts(self, broadcast_id: int) -> Counts:
        """The job's recipients by outcome, counted now."""
        # One call, so no other coroutine's write lands between the steps of the scan.
        rows = await self._db.execute_fetchall(_LIVE_COUNTS, (broadcast_id,))
        by_state: dict[str, int] = {row[0]: row[1] for row in rows}
        return Counts(
            total=sum(by_state.values()),
            pending=by_state.get("pending", 0) + by_state.get("sending", 0),
            sent=by_state.get("sent", 0),
            failed=by_state.get("failed", 0),
            blocked=by_state.get("blocked", 0),
        )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        """One job with its numbers, or ``None``."""
        found = await self._select("WHERE id = ?", (broadcast_id,))
        return found[0] if found else None

    async def history(self, limit: int = 10) -> list[Broadcast]:
        """/broadcasts: the latest jobs, newest first, with their numbers."""
        return await self._select("ORDER BY id DESC LIMIT ?", (limit,))

    async def _select(self, where: str, parameters: tuple[int, ...]) -> list[Broadcast]:
        async with self._db.execute(
            "SELECT id, created_by, created_at, state, default_language, audience, started_at, "
            "finished_at, progress_chat_id, progress_message_id, total, sent, failed, blocked "
            f"FROM broadcasts {where}",
            parameters,
        ) as cursor:
            rows = await cursor.fetchall()
        found = []
        for row in rows:
            if row["total"] is None:
                counts = await self.counts(row["id"])
            else:
                counts = Counts(
                    total=row["total"],
                    pending=row["total"] - row["sent"] - row["failed"] - row["blocked"],
                    sent=row["sent"],
                    failed=row["failed"],
                    blocked=row["blocked"],
                )
            found.append(
                Broadcast(
                    id=row["id"],
                    created_by=row["created_by"],
                    created_at=from_db(row["created_at"]),
                    state=JobState(row["state"]),
                    default_language=row["default_language"],
                    audience=row["audience"],
                    started_at=_instant(row["started_at"]),
                    finished_at=_instant(row["finished_at"]),
                    progress_chat_id=row["progress_chat_id"],
                    progress_message_id=row["progress_message_id"],
                    counts=counts,
                )
            )
        return found


def _instant(text: str | None) -> datetime | None:
    return from_db(text) if text else None
