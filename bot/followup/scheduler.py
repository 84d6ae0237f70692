"""The one loop that sends due confirmation checks and purges expired data.

All scheduled work lives in the ``checks`` table, indexed by due time: nothing is kept per user
in memory and there is no timer per reminder. Checks are sent one at a time (claim → send →
delete), so a crash can repeat at most the single check that was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.storage import DueCheck, Storage

log = logging.getLogger(__name__)

#: A person who has not talked to the bot for this long, with nothing open, is deleted.
INACTIVE_AFTER = timedelta(days=365)


class Outcome(StrEnum):
    """What happened to one send, as the Telegram adapter classifies it."""

    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot
    GONE = "gone"  # the chat no longer exists: nothing will ever arrive
    SLOW_DOWN = "slow_down"  # 429: wait retry_after, then the same check again
    FAILED = "failed"  # anything else: retried with backoff, a bounded number of times


@dataclass(frozen=True)
class Delivery:
    """The outcome of a send, and for ``SLOW_DOWN`` how long Telegram asked to wait."""

    outcome: Outcome
    retry_after: float = 0.0


Deliver = Callable[[DueCheck], Awaitable[Delivery]]


@dataclass(frozen=True)
class SchedulerConfig:
    """Tuning knobs; the defaults suit production, tests shorten the waits."""

    batch: int = 100
    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=30)
    idle_poll: timedelta = timedelta(seconds=60)
    purge_every: timedelta = timedelta(hours=1)


class CheckScheduler:
    """Sends what is due, sleeps until the next due check (or a wake-up), repeats."""

    def __init__(
        self,
        storage: Storage,
        deliver: Deliver,
        clock: Callable[[], datetime],
        retention: timedelta,
        config: SchedulerConfig | None = None,
    ) -> None:
        self._storage, self._deliver, self._clock = storage, deliver, clock
        self._retention = retention
        self._config = config or SchedulerConfig()
        self._wake = asyncio.Event()
        self._last_purge: datetime | None = None

    def wake(self) -> None:
        """A check was scheduled: look again now rather than after the current sleep."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Loop until ``stop`` is set; the check in hand is finished first."""
        recovered = await self._storage.checks.recover()
        if recovered:
            log.info("re-queued %d check(s) that were in flight at the last stop", recovered)
        while not stop.is_set():
            try:
                await self._purge_if_due()
                sent = await self.send_due(stop)
            except Exception:
                log.exception("scheduler pass failed; retrying after a pause")
                sent = 0
            if not sent:
                await self._sleep(stop)

    async def send_due(self, stop: asyncio.Event | None = None) -> int:
        """Send one batch of due checks; returns how many were handled."""
        due = await self._storage.checks.due(self._clock(), self._config.batch)
        handled = 0
        for check in due:
            if stop is not None and stop.is_set():
                break
            if not await self._storage.checks.claim(check.id, self._clock()):
                continue
            await self._settle(check, await self._deliver(check))
            handled += 1
        return handled

    async def _settle(self, check: DueCheck, delivery: Delivery) -> None:
        checks = self._storage.checks
        match delivery.outcome:
            case Outcome.SENT:
                await checks.sent(check.id)
            case Outcome.BLOCKED:
                await self._storage.users.set_blocked(check.user_id, True)
                await checks.drop_for_user(check.user_id)
            case Outcome.GONE:
                await checks.drop_for_user(check.user_id)
            case Outcome.SLOW_DOWN:
                await checks.release(check.id)
                await asyncio.sleep(delivery.retry_after)
            case Outcome.FAILED if check.attempts + 1 >= self._config.max_attempts:
                log.warning("check %d failed %d times; giving up", check.id, check.attempts + 1)
                await checks.sent(check.id)
            case Outcome.FAILED:
                delay = self._config.backoff * (2**check.attempts)
                await checks.retry(check.id, self._clock() + delay)

    async def _purge_if_due(self) -> None:
        now = self._clock()
        if self._last_purge and now - self._last_purge < self._config.purge_every:
            return
        self._last_purge = now
        today = now.date()
        objections = await self._storage.objections.purge_resolved(today - self._retention)
        users = await self._storage.privacy.purge_inactive(today - INACTIVE_AFTER)
        if objections or users:
            log.info("purged %d resolved objection(s) and %d inactive user(s)", objections, users)

    async def _sleep(self, stop: asyncio.Event) -> None:
        """Until the next check is due, a wake-up, a stop, or ``idle_poll`` at the most."""
        self._wake.clear()
        next_due = await self._storage.checks.next_due_at()
        wait = self._config.idle_poll.total_seconds()
        if next_due is not None:
            wait = min(wait, max(0.0, (next_due - self._clock()).total_seconds()))
        if wait <= 0:
            return
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter
