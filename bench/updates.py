"""Update throughput and latency of the bot against a bare python-telegram-bot echo bot.

Both bots run against the same loopback fake Bot API in the same process, with Telegram's rate
limits lifted, so the ratio shows what the bot adds to the framework's own cost: a database read
and write per update, the translator, the handler order, HTML rendering.

Two phases per bot:
- throughput: a burst of N updates (half ``/start``, half free text) from N/2 users, timed from
  injection to the last reply;
- latency: updates injected at a steady rate well below saturation, each timed from injection to
  the moment its reply reaches the fake API.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import LANGUAGES, Catalogs
from bot.lifecycle import running_bot
from bot.settings import Settings

TOKEN = "1000000001:benchmark-token-for-the-loopback-api"
BURST_USERS = 2000  # two updates each
PACED_UPDATES = 400
PACED_RATE = 40.0  # updates per second


@dataclass
class Result:
    """What one bot achieved."""

    name: str
    updates_per_second: float
    median_ms: float
    p99_ms: float


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and update.effective_message is not None
    await update.effective_chat.send_message(update.effective_message.text or "")


@contextlib.asynccontextmanager
async def echo_bot(api: FakeBotApi) -> AsyncIterator[Application]:
    """The framework's baseline: reply with the message's text, same concurrency as the bot."""
    application = (
        ApplicationBuilder().token(TOKEN).base_url(api.base_url).concurrent_updates(64).build()
    )
    application.add_handler(CommandHandler("start", _echo))
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@contextlib.asynccontextmanager
async def our_bot(api: FakeBotApi, database: Path) -> AsyncIterator[Application]:
    """The real bot, its rate limiter's overall and group limits off (retries stay on)."""
    settings = Settings(token=TOKEN, api_url=api.url, database=database)
    limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    async with running_bot(
        settings, catalogs=Catalogs(), poll_timeout=1, rate_limiter=limiter
    ) as application:
        yield application


def _users(count: int, first_id: int) -> list[FakeUser]:
    return [
        FakeUser(
            id=first_id + i, first_name=f"User{i}", language_code=LANGUAGES[i % len(LANGUAGES)]
        )
        for i in range(count)
    ]


class Replies:
    """Counts the replies that reached the fake API, reading only requests not seen before (the
    predicate is polled often; rescanning every request would make the benchmark measure itself)."""

    def __init__(self, api: FakeBotApi) -> None:
        self._api, self._seen, self.at = api, 0, {}  # type: dict[int, list[float]]
        self.count = 0

    def update(self) -> int:
        """Read new requests; return the number of successful replies so far."""
        requests = self._api.requests
        for r in requests[self._seen :]:
            if r.method == "sendMessage" and r.status == 200:
                self.count += 1
                self.at.setdefault(r.params["chat_id"], []).append(r.at)
        self._seen = len(requests)
        return self.count


async def _burst(api: FakeBotApi, replies: Replies) -> float:
    users = _users(BURST_USERS, 10_000)
    expected = replies.update() + 2 * len(users)
    started = time.perf_counter()
    for user in users:
        api.send_text(user, "/start")
        api.send_text(user, "what can I do about instagram?")
    await api.wait_for(lambda: replies.update() >= expected, timeout=600)
    return 2 * len(users) / (time.perf_counter() - started)


async def _paced(api: FakeBotApi, replies: Replies) -> list[float]:
    users = _users(PACED_UPDATES, 100_000)
    expected = replies.update() + len(users)
    sent_at: dict[int, float] = {}
    for i, user in enumerate(users):
        sent_at[user.id] = time.monotonic()
        api.send_text(user, "/start" if i % 2 else "hello")
        await asyncio.sleep(1 / PACED_RATE)
    await api.wait_for(lambda: replies.update() >= expected, timeout=600)
    return [(replies.at[chat_id][0] - at) * 1000 for chat_id, at in sent_at.items()]


async def _measure(
    name: str, start: Callable[[FakeBotApi], contextlib.AbstractAsyncContextManager[object]]
) -> Result:
    async with FakeBotApi(token=TOKEN) as api, start(api):
        await api.wait_idle()
        replies = Replies(api)
        throughput = await _burst(api, replies)
        latencies = await _paced(api, replies)
    latencies.sort()
    return Result(
        name=name,
        updates_per_second=throughput,
        median_ms=statistics.median(latencies),
        p99_ms=latencies[int(0.99 * (len(latencies) - 1))],
    )


async def main() -> None:
    """Measure both bots and print a table with the ratio."""
    with tempfile.TemporaryDirectory() as scratch:
        echo = await _measure("bare PTB echo bot", echo_bot)
        ours = await _measure(
            "Objection Helper", lambda api: our_bot(api, Path(scratch) / "bench.sqlite3")
        )
    print(
        f"\nUpdates: burst of {2 * BURST_USERS} from {BURST_USERS} users; latency at "
        f"{PACED_RATE:.0f} updates/s over {PACED_UPDATES} updates (fake Bot API on loopback)"
    )
    print(f"{'bot':<22}{'updates/s':>12}{'median ms':>12}{'p99 ms':>10}")
    for r in (echo, ours):
        print(f"{r.name:<22}{r.updates_per_second:>12.0f}{r.median_ms:>12.1f}{r.p99_ms:>10.1f}")
    print(f"throughput ratio (bot / echo): {ours.updates_per_second / echo.updates_per_second:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
