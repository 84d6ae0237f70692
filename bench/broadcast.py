"""A broadcast to many chats through the real delivery engine, over HTTP, against the loopback
fake Bot API with Telegram-like flood limits (answered 429 when exceeded).

Two runs:
- the configured 25 messages/s under Telegram's 30/s: a sample, with the projected time for
  100,000 recipients (at 25/s that is over an hour);
- rate and flood limit raised to 1,000/s, as Telegram allows for paid broadcasts.

The fake API runs in this process, so CPU and memory include its share (and its log of every
request); the numbers are an upper bound on the engine's own cost.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot
from telegram.error import RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.broadcast import BroadcastEngine, Deliver, EngineConfig, Pacer, ProgressReport
from bot.fakeapi import FakeBotApi, FakeUser
from bot.followup.scheduler import Delivery, Outcome
from bot.storage.broadcasts import Broadcasts
from bot.storage.database import open_database
from bot.telegram_errors import is_blocked, is_gone

TOKEN = "1000000001:benchmark-token-for-the-loopback-api"
FIRST_ID = 1_000_000
PROJECTED = 100_000
TEXT = "<b>New form</b> for Meta: the deadline is <i>26 June</i>. /status"


@dataclass(frozen=True)
class Run:
    """One measured broadcast."""

    recipients: int
    rate: float
    seconds: float
    too_many_requests: int
    cpu_seconds: float
    rss_mib: float


def _rss_mib() -> float:
    """Resident memory now (Linux /proc), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _deliver(bot: Bot) -> Deliver:
    """Like the bot's adapter: send, and classify Telegram's answer."""

    async def deliver(chat_id: int, text: str) -> Delivery:
        try:
            await bot.send_message(chat_id, text, parse_mode="HTML")
        except RetryAfter as error:
            value = error.retry_after
            seconds = value.total_seconds() if hasattr(value, "total_seconds") else value
            return Delivery(Outcome.SLOW_DOWN, float(seconds))
        except TelegramError as error:
            if is_blocked(error):
                return Delivery(Outcome.BLOCKED)
            return Delivery(Outcome.GONE if is_gone(error) else Outcome.FAILED)
        return Delivery(Outcome.SENT)

    return deliver


async def _instant(chat_id: int, text: str) -> Delivery:
    """No Telegram at all: what the engine, the pacer and SQLite cost on their own."""
    return Delivery(Outcome.SENT)


async def _broadcast(recipients: int, rate: float, flood_per_second: int, http: bool = True) -> Run:
    with tempfile.TemporaryDirectory() as scratch:
        db = await open_database(Path(scratch) / "broadcast.sqlite3")
        async with FakeBotApi(token=TOKEN) as api:
            api.set_flood_limits(
                global_per_second=flood_per_second, per_chat_per_second=1, per_group_per_minute=20
            )
            for i in range(recipients):
                api.add_user(FakeUser(id=FIRST_ID + i, first_name="U", language_code="fr"))
            # A few connections, as the engine keeps a few sends in flight.
            bot = Bot(TOKEN, base_url=api.base_url, request=HTTPXRequest(connection_pool_size=8))
            await bot.initialize()
            repo = Broadcasts(db)
            now = datetime.now(UTC)
            broadcast_id = await repo.create(1, now, "en", {"en": TEXT})
            await repo.enqueue(broadcast_id, ((FIRST_ID + i, "fr") for i in range(recipients)))
            ended = asyncio.Event()

            async def on_progress(report: ProgressReport) -> None:
                if report.final:
                    ended.set()

            async def on_blocked(chat_id: int) -> None:
                """Nobody blocks the bot in this benchmark."""

            engine = BroadcastEngine(
                repo,
                _deliver(bot) if http else _instant,
                on_progress,
                on_blocked,
                lambda: datetime.now(UTC),
                config=EngineConfig(),
                pacer=Pacer(rate),
            )
            stop = asyncio.Event()
            cpu, started = time.process_time(), time.perf_counter()
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(engine.run(stop))
                await repo.start(broadcast_id, datetime.now(UTC), None, None)
                engine.wake()
                await ended.wait()
                stop.set()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            rss = _rss_mib()
            counts = (await repo.get(broadcast_id)).counts  # type: ignore[union-attr]
            assert counts.sent == recipients, counts
            too_many = sum(1 for call in api.calls("sendMessage") if call.status == 429)
            await bot.shutdown()
        await db.close()
    return Run(recipients, rate, seconds, too_many, cpu, rss)


def _print(title: str, run: Run) -> None:
    achieved = run.recipients / run.seconds
    print(f"\n{title}")
    print(
        f"  recipients {run.recipients:,}; configured {run.rate:,.0f}/s; "
        f"achieved {achieved:,.1f}/s in {run.seconds:.1f} s; 429s received: "
        f"{run.too_many_requests}"
    )
    print(
        f"  CPU {run.cpu_seconds / run.recipients * 1000:.2f} ms per message "
        f"(all of this process); RSS now {run.rss_mib:.0f} MiB"
    )
    print(f"  projected for {PROJECTED:,} recipients: {PROJECTED / achieved / 60:.1f} min")


async def main(sample: int = 2_000, paid: int = 20_000) -> None:
    """The runs one after the other (about 4 minutes); ``python -m bench.broadcast``.

    The paid run sends a 20,000 sample rather than 100,000: in one process on this machine the
    HTTP client (python-telegram-bot over httpx) and the fake API cost ~5 ms of CPU per message,
    so ~200/s is the ceiling here and 100,000 would take ~8 minutes.
    """
    _print(
        "Broadcast at the configured rate (Telegram's 30/s flood limit)",
        await _broadcast(sample, 25, 30),
    )
    _print("Paid broadcast (rate and flood limit 1,000/s)", await _broadcast(paid, 1_000, 1_000))
    _print(
        "The engine alone (deliver returns at once; no HTTP), at most 100,000/s",
        await _broadcast(paid, 100_000, 100_000, http=False),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\npeak RSS of the whole benchmark: {peak:.0f} MiB (includes the fake API's request log)"
    )


if __name__ == "__main__":
    # --full: the paid and engine-only runs send to all 100,000 recipients (about 10 minutes).
    asyncio.run(main(paid=PROJECTED) if "--full" in sys.argv[1:] else main())
