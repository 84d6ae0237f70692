"""Storage: migrations, pragmas, and the list of tables holding personal data."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import Storage
from bot.storage.database import migrations
from bot.storage.privacy import PERSONAL_TABLES


async def test_migrations_apply_once_and_set_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    for _ in range(2):  # the second open finds nothing to do
        storage = await Storage.open(path)
        try:
            async with storage.db.execute("PRAGMA user_version") as cursor:
                assert (await cursor.fetchone())[0] == len(migrations())
            async with storage.db.execute("PRAGMA journal_mode") as cursor:
                assert (await cursor.fetchone())[0] == "wal"
            async with storage.db.execute("PRAGMA foreign_keys") as cursor:
                assert (await cursor.fetchone())[0] == 1
        finally:
            await storage.close()


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    storage = await Storage.open(path)
    await storage.db.execute(f"PRAGMA user_version = {len(migrations()) + 1}")
    await storage.close()
    with pytest.raises(RuntimeError, match="newer"):
        await Storage.open(path)


async def test_every_table_with_user_rows_is_exported_and_deleted(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        async with storage.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ) as cursor:
            tables = [row[0] for row in await cursor.fetchall()]
        personal = set()
        for table in tables:
            async with storage.db.execute(f"PRAGMA table_info({table})") as cursor:
                columns = {row[1] for row in await cursor.fetchall()}
            if table == "users" or columns & {"user_id", "objection_id", "chat_id"}:
                personal.add(table)
        assert personal == set(PERSONAL_TABLES), "update PERSONAL_TABLES in bot/storage/privacy.py"
    finally:
        await storage.close()


async def test_concurrent_writers_share_the_connection_safely(tmp_path: Path) -> None:
    # Handlers run concurrently on one connection: explicit transactions must take turns
    # (two BEGINs at once are refused by SQLite) and scheduling must not need one.
    storage = await Storage.open(tmp_path / "db.sqlite3")
    now = datetime.now(UTC)
    try:
        ids = []
        for user_id in range(1, 21):
            await storage.users.seen(user_id, now.date())
            objection, _ = await storage.objections.record(
                user_id,
                platform="facebook",
                country="FR",
                region="eea",
                entry_id="facebook-eu",
                today=now.date(),
            )
            ids.append(objection.id)
        await asyncio.gather(
            *(storage.checks.schedule(i, now) for i in ids),
            *(storage.checks.schedule(i, now + timedelta(hours=1)) for i in ids),
            *(storage.broadcasts.create(1, now, "en", {"en": f"text {n}"}) for n in range(10)),
        )
        async with storage.db.execute("SELECT count(*) FROM checks") as cursor:
            assert (await cursor.fetchone())[0] == 20  # one waiting check per objection
        assert len(await storage.broadcasts.history(20)) == 10
    finally:
        await storage.close()


async def test_inactive_users_are_forgotten_unless_something_is_open(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    long_ago = date(2024, 1, 1)
    try:
        for user_id in (1, 2, 3):
            await storage.users.seen(user_id, long_ago)
        await storage.subscriptions.subscribe(1, "*", "en", long_ago)
        await storage.subscriptions.deactivate(1)  # blocked the bot: nothing open any more
        await storage.subscriptions.subscribe(2, "*", "en", long_ago)  # still wants updates
        await storage.objections.record(
            3,
            platform="facebook",
            country="FR",
            region="eea",
            entry_id="facebook-eu",
            today=long_ago,
        )  # waiting
        assert await storage.privacy.purge_inactive(date(2025, 6, 1)) == 1
        assert await storage.privacy.export(1) == {table: [] for table in PERSONAL_TABLES}
        assert await storage.users.get(2) is not None and await storage.users.get(3) is not None
    finally:
        await storage.close()
