"""The SQLite connection: opening it with the right pragmas and applying numbered migrations."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import weakref
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_TRANSACTION_LOCKS: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@contextlib.asynccontextmanager
async def transaction(db: aiosqlite.Connection) -> AsyncIterator[None]:
    """An explicit transaction on the connection all handlers share.

    Concurrent handlers would otherwise try ``BEGIN`` inside each other's transaction, which
    SQLite refuses; a lock per connection makes them take turns. Keep the body short: plain
    statements of other coroutines may run inside it and commit (or roll back) with it.
    """
    lock = _TRANSACTION_LOCKS.setdefault(db, asyncio.Lock())
    async with lock:
        await db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        await db.execute("COMMIT")


def migrations() -> list[tuple[int, str, str]]:
    """The numbered migrations shipped in ``bot/storage/migrations``, in order."""
    found = []
    for entry in resources.files("bot.storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {numbers}")
    return found


async def open_database(path: Path | str) -> aiosqlite.Connection:
    """Open (creating if needed) the database in WAL mode with foreign keys, migrated to the end.

    WAL lets the health check and a second reader work while the bot writes; ``synchronous=NORMAL``
    is the usual WAL pairing: a power cut may lose the last transaction, never corrupt the file.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = await aiosqlite.connect(path, isolation_level=None)
    try:
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        await _migrate(db)
    except BaseException:
        await db.close()
        raise
    return db


async def _migrate(db: aiosqlite.Connection) -> None:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = row[0] if row else 0
    known = migrations()
    if current > len(known):
        raise RuntimeError(
            f"the database is at schema {current}, newer than this code knows ({len(known)})"
        )
    for number, name, sql in known[current:]:
        log.info("applying migration %s", name)
        # One transaction per migration, with the version bump inside it: a crash leaves the
        # database either before or after the migration, never half-way.
        await db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
