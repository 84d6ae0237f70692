"""One million pending confirmation checks: start-up time, memory, and finding and sending the
due ones.

A database is filled with 1,000,000 users, each with a submitted objection and a waiting check;
1,000 of the checks are due, the rest fall due over the next weeks. Then the real bot starts on it
against the loopback fake Bot API (Telegram's overall limit lifted, so the numbers show the bot's
own cost; with Telegram's 30 messages/s the sending itself would take 1,000/30 ≈ 33 s).
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.fakeapi import FakeBotApi, FakeUser
from bot.lifecycle import running_bot
from bot.settings import Settings
from bot.storage import Storage
from bot.storage.timestamps import to_db

TOKEN = "1000000001:benchmark-token-for-the-loopback-api"
PENDING = 1_000_000
DUE = 1_000
FIRST_ID = 1_000_000


def _rss_mib() -> float:
    """Resident memory now (Linux /proc), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _fill(database: Path) -> float:
    started = time.perf_counter()
    storage = await Storage.open(database)
    now = datetime.now(UTC)
    today = date.today().isoformat()
    db = storage.db
    await db.execute("BEGIN")
    await db.executemany(
        "INSERT INTO users (id, created_on, last_seen_on) VALUES (?, ?, ?)",
        ((FIRST_ID + i, today, today) for i in range(PENDING)),
    )
    await db.executemany(
        "INSERT INTO objections (id, user_id, platform, country, region, entry_id, submitted_on)"
        " VALUES (?, ?, 'facebook', 'FR', 'eea', 'facebook-eu', ?)",
        ((i + 1, FIRST_ID + i, today) for i in range(PENDING)),
    )
    await db.executemany(
        "INSERT INTO checks (objection_id, due_at) VALUES (?, ?)",
        (
            (
                i + 1,
                to_db(
                    now - timedelta(minutes=1)
                    if i < DUE
                    else now + timedelta(minutes=10 + i % 40_000)
                ),
            )
            for i in range(PENDING)
        ),
    )
    await db.execute("COMMIT")
    await storage.close()
    return time.perf_counter() - started


async def main() -> None:
    """Fill, start, send the due checks, and print the numbers."""
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "checks.sqlite3"
        fill_seconds = await _fill(database)
        size_mib = database.stat().st_size / 2**20
        async with FakeBotApi(token=TOKEN) as api:
            for i in range(DUE):
                api.add_user(FakeUser(id=FIRST_ID + i, first_name="U", language_code="fr"))
            settings = Settings(token=TOKEN, api_url=api.url, database=database)
            rss_before = _rss_mib()
            started = time.perf_counter()
            limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
            async with running_bot(settings, poll_timeout=1, rate_limiter=limiter):
                ready = time.perf_counter() - started
                await api.wait_for(
                    lambda: len(api.calls("sendMessage")) >= DUE, timeout=600, what="due checks"
                )
                sent = time.perf_counter() - started - ready
                rss_after = _rss_mib()
                extra = len(api.calls("sendMessage")) - DUE
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nConfirmation checks: {PENDING:,} pending, {DUE:,} due "
        f"(database {size_mib:.0f} MiB, filled in {fill_seconds:.1f} s)"
    )
    print(
        f"start-up (open, migrate, recover, register menus, start polling): {ready * 1000:.0f} ms"
    )
    print(
        f"found and sent the {DUE:,} due checks in {sent:.2f} s "
        f"({DUE / sent:.0f} checks/s); checks sent beyond the due ones: {extra}"
    )
    print(
        f"memory: RSS {rss_before:.0f} MiB before start, {rss_after:.0f} MiB after sending; "
        f"peak {peak:.0f} MiB (includes this benchmark's fake API)"
    )


if __name__ == "__main__":
    asyncio.run(main())
